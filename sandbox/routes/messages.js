// @ts-check
'use strict';

const { ApiError, TEXT } = require('../errors');
const { MAX_LIST } = require('../state');

/** RAML: message bodies are 1–65535 characters. @type {import('../index').ParamSpec} */
const MESSAGE_BODY = { type: 'string', required: true, minLength: 1, maxLength: 65535 };

/** Messages of a room: list, post, read/unread, get, edit, delete. @type {import('../index').RouteSpec[]} */
module.exports = [
	{
		method: 'GET',
		path: '/rooms/{room_id}/messages',
		room: 'read',
		params: { force: { type: 'boolean', default: false } },
		handle: ({ state, account, room, params }) => {
			// Without force only what this account has not fetched yet; either way the latest 100.
			const key = `${account.account_id}:${room.room_id}`;
			const all = state.roomMessages(room.room_id);
			const since = params.force ? 0 : state.cursors.get(key) ?? 0;
			if (all.length > 0) state.cursors.set(key, all[all.length - 1].seq);
			const fresh = all.filter((m) => m.seq > since).slice(-MAX_LIST);
			return { body: fresh.map((m) => state.messageJson(m)) };
		},
	},
	{
		method: 'POST',
		path: '/rooms/{room_id}/messages',
		room: 'write',
		roomPost: true,
		params: { body: MESSAGE_BODY, self_unread: { type: 'boolean', default: false } },
		handle: ({ state, account, room, params, now }) => {
			const message = state.storeMessage(room, account.account_id, params.body, { selfUnread: params.self_unread, now });
			return { body: { message_id: message.message_id }, messageId: message.message_id };
		},
	},
	{
		method: 'PUT',
		path: '/rooms/{room_id}/messages/read',
		room: 'read',
		params: { message_id: { type: 'string' } },
		handle: ({ state, account, room, params }) => {
			const upTo = params.message_id === undefined ? Infinity : state.findMessage(room.room_id, params.message_id).seq;
			const unread = state.unreadSet(account.account_id, room.room_id);
			const toRead = [...unread].filter((seq) => seq <= upTo);
			if (toRead.length === 0) throw new ApiError(400, TEXT.alreadyRead);
			for (const seq of toRead) unread.delete(seq);
			return { body: state.unreadCounts(account.account_id, room.room_id) };
		},
	},
	{
		method: 'PUT',
		path: '/rooms/{room_id}/messages/unread',
		room: 'read',
		params: { message_id: { type: 'string', required: true } },
		handle: ({ state, account, room, params }) => {
			const from = state.findMessage(room.room_id, params.message_id).seq;
			const unread = state.unreadSet(account.account_id, room.room_id);
			for (const message of state.roomMessages(room.room_id)) if (message.seq >= from) unread.add(message.seq);
			return { body: state.unreadCounts(account.account_id, room.room_id) };
		},
	},
	{
		method: 'GET',
		path: '/rooms/{room_id}/messages/{message_id}',
		room: 'read',
		handle: ({ state, room, ids }) => ({ body: state.messageJson(state.findMessage(room.room_id, String(ids.message_id))) }),
	},
	{
		method: 'PUT',
		path: '/rooms/{room_id}/messages/{message_id}',
		room: 'write',
		params: { body: MESSAGE_BODY },
		handle: ({ state, account, room, ids, params, now }) => {
			const message = state.findMessage(room.room_id, String(ids.message_id));
			if (message.account_id !== account.account_id) throw new ApiError(403, TEXT.notOwnMessage);
			state.updateMessage(message, params.body, now);
			return { body: { message_id: message.message_id } };
		},
	},
	{
		method: 'DELETE',
		path: '/rooms/{room_id}/messages/{message_id}',
		room: 'write',
		handle: ({ state, account, room, ids }) => {
			const message = state.findMessage(room.room_id, String(ids.message_id));
			if (message.account_id !== account.account_id) throw new ApiError(403, TEXT.notOwnMessage);
			state.deleteMessage(message);
			return { body: { message_id: message.message_id } };
		},
	},
];
