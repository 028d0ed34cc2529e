// @ts-check
'use strict';

const { ApiError, TEXT } = require('../errors');
const { MAX_LIST, unixSeconds } = require('../state');

/** Tasks of a room: list, create (shares the per-room posting limit), get, set status. @type {import('../index').RouteSpec[]} */
module.exports = [
	{
		method: 'GET',
		path: '/rooms/{room_id}/tasks',
		room: 'read',
		params: {
			account_id: { type: 'integer' },
			assigned_by_account_id: { type: 'integer' },
			status: { type: 'string', enum: ['open', 'done'], default: 'open' },
		},
		handle: ({ state, room, params }) => ({
			body: [...state.tasks.values()]
				.filter((t) => t.room_id === room.room_id && t.status === params.status)
				.filter((t) => params.account_id === undefined || t.account_id === params.account_id)
				.filter((t) => params.assigned_by_account_id === undefined || t.assigned_by_account_id === params.assigned_by_account_id)
				.slice(0, MAX_LIST)
				.map((t) => state.roomTaskJson(t)),
		}),
	},
	{
		method: 'POST',
		path: '/rooms/{room_id}/tasks',
		room: 'write',
		roomPost: true,
		params: {
			body: { type: 'string', required: true, maxLength: 65535 },
			to_ids: { type: 'int-list', required: true },
			limit: { type: 'integer' },
			limit_type: { type: 'string', enum: ['none', 'date', 'time'] },
		},
		handle: ({ state, account, room, params, now }) => {
			/** @type {number[]} */
			const assignees = params.to_ids;
			const outsider = assignees.find((id) => !room.members.has(id));
			if (outsider !== undefined) throw new ApiError(400, `Parameter 'to_ids' contains an account that is not a member of this room: ${outsider}`);
			const limitType = params.limit_type ?? (params.limit === undefined ? 'none' : 'time');
			// A task is announced by one message; its ID is what the tasks carry.
			const { message_id } = state.storeMessage(room, account.account_id, `[task]${params.body}[/task]`, { now });
			const taskIds = [...new Set(assignees)].map((assignee) => {
				const task = {
					task_id: state.nextTaskId++,
					room_id: room.room_id,
					account_id: assignee,
					assigned_by_account_id: account.account_id,
					message_id,
					body: params.body,
					limit_time: limitType === 'none' ? 0 : params.limit ?? unixSeconds(now),
					status: /** @type {'open'} */ ('open'),
					limit_type: limitType,
				};
				state.tasks.set(task.task_id, task);
				return task.task_id;
			});
			return { body: { task_ids: taskIds } };
		},
	},
	{
		method: 'GET',
		path: '/rooms/{room_id}/tasks/{task_id}',
		room: 'read',
		handle: ({ state, room, ids }) => ({ body: state.roomTaskJson(findTask(state, room.room_id, Number(ids.task_id))) }),
	},
	{
		method: 'PUT',
		path: '/rooms/{room_id}/tasks/{task_id}/status',
		room: 'write',
		params: { body: { type: 'string', required: true, enum: ['open', 'done'] } },
		handle: ({ state, room, ids, params }) => {
			const task = findTask(state, room.room_id, Number(ids.task_id));
			task.status = params.body;
			return { body: { task_id: task.task_id } };
		},
	},
];

/**
 * @param {import('../state').ChatworkState} state
 * @param {number} roomId
 * @param {number} taskId
 */
function findTask(state, roomId, taskId) {
	const task = state.tasks.get(taskId);
	if (!task || task.room_id !== roomId) throw new ApiError(404, TEXT.taskNotFound);
	return task;
}
