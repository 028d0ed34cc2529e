// @ts-check
'use strict';

const { ApiError, TEXT } = require('../errors');
const { MAX_LIST } = require('../state');

/** The caller, their status, tasks, contacts and contact requests. @type {import('../index').RouteSpec[]} */
module.exports = [
	{
		method: 'GET',
		path: '/me',
		handle: ({ state, account }) => ({ body: state.meJson(account) }),
	},
	{
		method: 'GET',
		path: '/my/status',
		handle: ({ state, account }) => {
			const me = account.account_id;
			const status = { unread_room_num: 0, mention_room_num: 0, mytask_room_num: 0, unread_num: 0, mention_num: 0, mytask_num: 0 };
			for (const room of state.rooms.values()) {
				if (!room.members.has(me)) continue;
				const counts = state.unreadCounts(me, room.room_id);
				const myTasks = [...state.tasks.values()].filter((t) => t.room_id === room.room_id && t.account_id === me && t.status === 'open').length;
				status.unread_num += counts.unread_num;
				status.mention_num += counts.mention_num;
				status.mytask_num += myTasks;
				if (counts.unread_num > 0) status.unread_room_num++;
				if (counts.mention_num > 0) status.mention_room_num++;
				if (myTasks > 0) status.mytask_room_num++;
			}
			return { body: status };
		},
	},
	{
		method: 'GET',
		path: '/my/tasks',
		params: {
			assigned_by_account_id: { type: 'integer' },
			status: { type: 'string', enum: ['open', 'done'], default: 'open' },
		},
		handle: ({ state, account, params }) => ({
			body: [...state.tasks.values()]
				.filter((t) => t.account_id === account.account_id && t.status === params.status)
				.filter((t) => params.assigned_by_account_id === undefined || t.assigned_by_account_id === params.assigned_by_account_id)
				.slice(0, MAX_LIST)
				.map((t) => state.myTaskJson(t)),
		}),
	},
	{
		method: 'GET',
		path: '/contacts',
		handle: ({ state, account }) => ({
			body: [...(state.contacts.get(account.account_id) ?? [])].map((id) => ({
				...state.contactJson(id),
				room_id: state.directRoom(account.account_id, id).room_id,
			})),
		}),
	},
	{
		method: 'GET',
		path: '/incoming_requests',
		handle: ({ state, account }) => ({
			body: [...state.incomingRequests.values()]
				.filter((r) => r.to_account_id === account.account_id)
				.slice(0, MAX_LIST)
				.map((r) => ({ request_id: r.request_id, ...state.contactJson(r.account_id), message: r.message })),
		}),
	},
	{
		method: 'PUT',
		path: '/incoming_requests/{request_id}',
		handle: ({ state, account, ids }) => {
			const request = state.incomingRequests.get(Number(ids.request_id));
			if (!request || request.to_account_id !== account.account_id) throw new ApiError(404, TEXT.requestNotFound);
			state.incomingRequests.delete(request.request_id);
			contactsOf(state, account.account_id).add(request.account_id);
			contactsOf(state, request.account_id).add(account.account_id);
			const room = state.directRoom(account.account_id, request.account_id);
			return { body: { ...state.contactJson(request.account_id), room_id: room.room_id } };
		},
	},
	{
		method: 'DELETE',
		path: '/incoming_requests/{request_id}',
		handle: ({ state, account, ids }) => {
			const request = state.incomingRequests.get(Number(ids.request_id));
			if (!request || request.to_account_id !== account.account_id) throw new ApiError(404, TEXT.requestNotFound);
			state.incomingRequests.delete(request.request_id);
			return { status: 204 };
		},
	},
];

/**
 * @param {import('../state').ChatworkState} state
 * @param {number} accountId
 */
function contactsOf(state, accountId) {
	let set = state.contacts.get(accountId);
	if (!set) {
		set = new Set();
		state.contacts.set(accountId, set);
	}
	return set;
}
