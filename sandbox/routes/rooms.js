// @ts-check
'use strict';

const { ApiError, TEXT } = require('../errors');
const { ICON_PRESETS, linkCode } = require('../state');

/** RAML trait `room_members`. @type {Record<string, import('../index').ParamSpec>} */
const MEMBER_PARAMS = {
	members_admin_ids: { type: 'int-list', required: true },
	members_member_ids: { type: 'int-list' },
	members_readonly_ids: { type: 'int-list' },
};

/** RAML trait `room_icon`. @type {import('../index').ParamSpec} */
const ICON_PRESET = { type: 'string', enum: ICON_PRESETS };

/** Group chats: list, create, read, update, leave/delete, members. @type {import('../index').RouteSpec[]} */
module.exports = [
	{
		method: 'GET',
		path: '/rooms',
		handle: ({ state, account }) => ({
			body: [...state.rooms.values()]
				.filter((room) => room.members.has(account.account_id))
				.map((room) => state.roomJson(room, account.account_id, false)),
		}),
	},
	{
		method: 'POST',
		path: '/rooms',
		params: {
			name: { type: 'string', required: true, minLength: 1, maxLength: 255 },
			description: { type: 'string' },
			icon_preset: ICON_PRESET,
			link: { type: 'boolean', default: false },
			link_code: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[A-Za-z0-9_-]+$' },
			link_need_acceptance: { type: 'boolean', default: true },
			...MEMBER_PARAMS,
		},
		handle: ({ state, account, params, now }) => {
			const members = memberList(state, params);
			if (!members.some((m) => m.account_id === account.account_id)) members.unshift({ account_id: account.account_id, role: 'admin' });
			if (params.link && params.link_code !== undefined && state.linkCodeTaken(params.link_code)) throw new ApiError(400, TEXT.linkCodeTaken);
			const room = state.addRoom(
				{ name: params.name, description: params.description ?? '', icon_preset: params.icon_preset ?? 'group', members },
				now,
			);
			if (params.link) room.link = { code: linkCode(params.link_code), need_acceptance: params.link_need_acceptance, description: '' };
			return { body: { room_id: room.room_id } };
		},
	},
	{
		method: 'GET',
		path: '/rooms/{room_id}',
		room: 'read',
		handle: ({ state, account, room }) => ({ body: state.roomJson(room, account.account_id, true) }),
	},
	{
		method: 'PUT',
		path: '/rooms/{room_id}',
		room: 'admin',
		params: {
			name: { type: 'string', minLength: 1, maxLength: 255 },
			description: { type: 'string' },
			icon_preset: ICON_PRESET,
		},
		handle: ({ state, room, params }) => {
			if (params.name !== undefined) room.name = params.name;
			if (params.description !== undefined) room.description = params.description;
			if (params.icon_preset !== undefined) room.icon_preset = params.icon_preset;
			state.onChange({ type: 'room_changed', room_id: room.room_id });
			return { body: { room_id: room.room_id } };
		},
	},
	{
		method: 'DELETE',
		path: '/rooms/{room_id}',
		room: 'read',
		params: { action_type: { type: 'string', required: true, enum: ['leave', 'delete'] } },
		handle: ({ state, account, room, params }) => {
			if (params.action_type === 'delete') {
				if (room.members.get(account.account_id) !== 'admin') throw new ApiError(403, TEXT.noAdminPermission);
				state.removeRoom(room.room_id);
			} else {
				state.leaveRoom(room, account.account_id);
			}
			return { status: 204 };
		},
	},
	{
		method: 'GET',
		path: '/rooms/{room_id}/members',
		room: 'read',
		handle: ({ state, room }) => ({
			body: [...room.members].map(([id, role]) => ({ ...state.contactJson(id), role })),
		}),
	},
	{
		method: 'PUT',
		path: '/rooms/{room_id}/members',
		room: 'admin',
		params: MEMBER_PARAMS,
		handle: ({ state, room, params }) => {
			room.members = new Map(memberList(state, params).map((m) => [m.account_id, m.role]));
			state.onChange({ type: 'room_changed', room_id: room.room_id });
			return { body: state.membersByRole(room) };
		},
	},
];

/**
 * @param {import('../state').ChatworkState} state
 * @param {Record<string, any>} params validated `room_members` parameters
 * @returns {{ account_id: number, role: import('../index').Role }[]}
 */
function memberList(state, params) {
	/** @type {Map<number, import('../index').Role>} */
	const members = new Map();
	/** @type {[string, import('../index').Role][]} */
	const lists = [['members_readonly_ids', 'readonly'], ['members_member_ids', 'member'], ['members_admin_ids', 'admin']];
	for (const [name, role] of lists) {
		for (const id of params[name] ?? []) {
			if (!state.accounts.has(id)) throw new ApiError(400, `Parameter '${name}' contains an unknown account ID: ${id}`);
			members.set(id, role);
		}
	}
	return [...members].map(([account_id, role]) => ({ account_id, role }));
}
