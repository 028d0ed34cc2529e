// @ts-check
'use strict';

/**
 * The sandbox page: a Chatwork-like view of the server's rooms and messages, live.
 *
 *   GET /                 the page (HTML; its script and style from /sandbox/app.js, /sandbox/app.css)
 *   GET /sandbox/state    rooms, people and messages (bodies also rendered to HTML) as JSON
 *   GET /sandbox/events   Server-Sent Events: message_created, message_updated,
 *                         message_deleted, room_changed, reset
 *   POST /sandbox/messages  {room_id, account_id, body} (JSON): a message typed in Chatwork by any
 *                         member, e.g. a colleague replying (sends the webhooks like any message)
 *
 * Outside /v2 and without a token, like a page on 127.0.0.1. Nothing it serves holds a
 * token. Requests to it are not in the server's request log or stats.
 */

const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { stateView, roomView, messageView } = require('./view');

/** @type {Record<string, { type: string, file: string }>} */
const ASSETS = {
	'/': { type: 'text/html; charset=utf-8', file: 'page.html' },
	'/sandbox/app.js': { type: 'text/javascript; charset=utf-8', file: 'app.js' },
	'/sandbox/app.css': { type: 'text/css; charset=utf-8', file: 'app.css' },
};
const POST_PATH = '/sandbox/messages';
/** A message typed on the page is small; this bounds what the server reads. */
const MAX_POST_BYTES = 256 * 1024;
const PATHS = new Set([...Object.keys(ASSETS), '/index.html', '/sandbox', '/sandbox/', '/sandbox/state', '/sandbox/events', '/favicon.ico']);

/** The page runs no inline script and loads nothing from elsewhere. */
const SECURITY_HEADERS = {
	'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'cache-control': 'no-store',
};

/** A comment line now and then keeps proxies and browsers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * @param {{
 *   state: () => import('../state').ChatworkState,
 *   subscribe: (listener: (event: import('../index').ServerEvent) => void) => () => void,
 *   redact: (text: string) => string,
 *   now: () => number,
 * }} server
 */
function createSandbox(server) {
	/** Assets are read once, when the first page is asked for. @type {Map<string, string>} */
	const assets = new Map();
	/** @type {Set<import('node:http').ServerResponse>} */
	const streams = new Set();
	/** @type {NodeJS.Timeout | undefined} */
	let heartbeat;

	/** @param {string} path */
	function asset(path) {
		const { file } = ASSETS[path];
		let text = assets.get(file);
		if (text === undefined) {
			text = readFileSync(join(__dirname, 'assets', file), 'utf8');
			assets.set(file, text);
		}
		return text;
	}

	/**
	 * Whether a request is the sandbox's: GET of one of its paths, never under /v2.
	 * @param {string} method
	 * @param {string} pathname
	 */
	function handles(method, pathname) {
		if (method === 'POST') return pathname === POST_PATH;
		return (method === 'GET' || method === 'HEAD') && PATHS.has(pathname);
	}

	/**
	 * Only JSON is accepted, so a page elsewhere cannot post here without a preflight this server never allows.
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	async function postMessage(req, res) {
		const answer = (/** @type {number} */ status, /** @type {unknown} */ body) => reply(req, res, status, 'application/json; charset=utf-8', JSON.stringify(body));
		if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return answer(415, { errors: ['Send JSON'] });
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		for await (const chunk of req) {
			size += chunk.length;
			if (size > MAX_POST_BYTES) return answer(413, { errors: ['Message too large'] });
			chunks.push(chunk);
		}
		/** @type {any} */
		let input;
		try {
			input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		} catch {
			return answer(400, { errors: ['Malformed JSON'] });
		}
		const state = server.state();
		const room = state.rooms.get(Number(input?.room_id));
		const accountId = Number(input?.account_id);
		if (!room) return answer(404, { errors: ['Room not found'] });
		if (!room.members.has(accountId)) return answer(403, { errors: ['Not a member of the room'] });
		if (room.members.get(accountId) === 'readonly') return answer(403, { errors: ['Read-only member'] });
		if (typeof input.body !== 'string' || input.body.trim() === '') return answer(400, { errors: ['Write a message'] });
		const message = state.storeMessage(room, accountId, input.body, { now: server.now() });
		return answer(200, { message_id: message.message_id });
	}

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {string} pathname
	 */
	function handle(req, res, pathname) {
		if (req.method === 'POST') return postMessage(req, res);
		req.resume();
		if (pathname === '/sandbox/events') return openStream(res);
		if (pathname === '/favicon.ico') {
			res.writeHead(204, SECURITY_HEADERS);
			return res.end();
		}
		if (pathname === '/sandbox/state') {
			return reply(req, res, 200, 'application/json; charset=utf-8', JSON.stringify(stateView(server.state(), server.redact)));
		}
		const path = pathname === '/index.html' || pathname.startsWith('/sandbox') && !ASSETS[pathname] ? '/' : pathname;
		return reply(req, res, 200, ASSETS[path].type, asset(path));
	}

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {number} status
	 * @param {string} type
	 * @param {string} text
	 */
	function reply(req, res, status, type, text) {
		res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': String(Buffer.byteLength(text)) });
		res.end(req.method === 'HEAD' ? undefined : text);
	}

	/** @param {import('node:http').ServerResponse} res */
	function openStream(res) {
		res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
		// retry: how soon the browser reconnects after a restart of the server.
		res.write('retry: 1000\n: connected\n\n');
		streams.add(res);
		res.on('close', () => {
			streams.delete(res);
			if (streams.size === 0 && heartbeat) {
				clearInterval(heartbeat);
				heartbeat = undefined;
			}
		});
		if (!heartbeat) {
			heartbeat = setInterval(() => {
				for (const stream of streams) stream.write(': ping\n\n');
			}, HEARTBEAT_MS);
			heartbeat.unref();
		}
	}

	/** @param {import('../index').ServerEvent} event */
	function broadcast(event) {
		if (streams.size === 0) return;
		const state = server.state();
		/** @type {Record<string, unknown>} */
		const data = { ...event };
		if (event.type === 'message_created' || event.type === 'message_updated') {
			const message = state.roomMessages(event.room_id).find((m) => m.message_id === event.message_id);
			if (!message) return;
			data.message = messageView(state, message, server.redact);
		}
		if (event.type !== 'reset') data.room = roomView(state, event.room_id) ?? null;
		const frame = `event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
		for (const stream of streams) stream.write(frame);
	}

	const unsubscribe = server.subscribe(broadcast);

	return {
		handles,
		handle,
		/** Ends the open event streams (the server is closing). */
		close() {
			unsubscribe();
			if (heartbeat) clearInterval(heartbeat);
			heartbeat = undefined;
			for (const stream of streams) stream.end();
			streams.clear();
		},
	};
}

module.exports = { createSandbox };
