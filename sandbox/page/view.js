// @ts-check
'use strict';

const { renderNotation } = require('./notation');

/**
 * What the sandbox page sees: rooms, people and messages with their bodies rendered to
 * HTML. Names and IDs only: no token, mail or other account detail, and a token pasted
 * into a message body is shown as '[redacted]', as in the request log.
 */

/** The newest messages per room the page gets (the API's list answers 100). */
const MAX_MESSAGES = 500;

/**
 * @typedef {import('../state').ChatworkState} ChatworkState
 * @typedef {import('../index').SandboxMessage} SandboxMessage
 * @typedef {import('../index').SandboxRoom} SandboxRoom
 * @typedef {(text: string) => string} Redact
 */

/**
 * The account the page is "logged in" as: the first one with a token.
 * @param {ChatworkState} state
 */
function viewerId(state) {
	return state.firstTokenAccountId();
}

/**
 * @param {ChatworkState} state
 * @param {Redact} redact
 * @returns {import('../index').SandboxState}
 */
function stateView(state, redact) {
	const me = viewerId(state);
	const rooms = [...state.rooms.values()].map((room) => roomView(state, room.room_id)).filter((room) => room !== undefined);
	/** @type {Record<string, SandboxMessage[]>} */
	const messages = {};
	for (const room of rooms) {
		messages[room.room_id] = state
			.roomMessages(room.room_id)
			.slice(-MAX_MESSAGES)
			.map((message) => messageView(state, message, redact));
	}
	return {
		me: { account_id: me, name: state.accounts.get(me)?.name ?? '' },
		accounts: [...state.accounts.values()].map((a) => ({ account_id: a.account_id, name: a.name, organization_name: a.organization_name, department: a.department })),
		rooms,
		messages,
	};
}

/**
 * @param {ChatworkState} state
 * @param {number} roomId
 * @returns {SandboxRoom | undefined}
 */
function roomView(state, roomId) {
	const room = state.rooms.get(roomId);
	if (!room) return undefined;
	const list = state.roomMessages(roomId);
	const last = list.length > 0 ? list[list.length - 1].sentAt : room.createdAt;
	const counts = state.unreadCounts(viewerId(state), roomId);
	return {
		room_id: room.room_id,
		// Chatwork calls everyone's own room "マイチャット".
		name: room.type === 'my' ? 'マイチャット' : room.name,
		type: room.type,
		description: room.description,
		icon_preset: room.icon_preset,
		members: [...room.members].map(([account_id, role]) => ({ account_id, role })),
		message_num: list.length,
		// The viewer's, as GET /rooms answers them (viewing the page marks nothing as read).
		unread_num: counts.unread_num,
		mention_num: counts.mention_num,
		last_update_time: Math.floor(last / 1000),
	};
}

/**
 * @param {ChatworkState} state
 * @param {import('../index').StoredMessage} message
 * @param {Redact} redact
 * @returns {SandboxMessage}
 */
function messageView(state, message, redact) {
	const body = redact(message.body);
	const me = viewerId(state);
	return {
		message_id: message.message_id,
		room_id: message.room_id,
		account: { account_id: message.account_id, name: state.accounts.get(message.account_id)?.name ?? `ID ${message.account_id}` },
		body,
		html: renderNotation(body, { nameOf: (id) => state.accounts.get(id)?.name }),
		send_time: message.send_time,
		update_time: message.update_time,
		to_me: message.account_id !== me && (/\[toall\]/i.test(body) || new RegExp(`\\[(?:to:${me}|rp aid=${me} )`, 'i').test(body)),
	};
}

module.exports = { stateView, roomView, messageView, MAX_MESSAGES };
