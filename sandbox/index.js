// @ts-check
'use strict';

/**
 * A Chatwork API v2 look-alike on 127.0.0.1 for tests, benchmarks and the demo
 * sandbox: real HTTP, Chatwork's status codes, error bodies, 204s, rate-limit
 * headers and 429s, on a virtual clock, with scripted faults. Node built-ins only.
 * See README.md beside this file.
 */

const http = require('node:http');
const { createVirtualClock } = require('./clock');
const { resolveLimits, TokenLimiter, RoomPostLimiter, maxInWindow } = require('./rateLimits');
const { readBody, parseBody, firstValues } = require('./body');
const { validateParams } = require('./params');
const { FaultScript } = require('./faults');
const { scriptedStatus, faultHeaders, applyHeaders } = require('./faultAnswers');
const { ApiError, TEXT } = require('./errors');
const { ChatworkState, DEFAULT_TOKEN, DEFAULT_ACCOUNTS, DEFAULT_ROOMS } = require('./state');
const { matchRoute, listRoutes } = require('./routes');
const { createSandbox } = require('./page');
const { createOAuth2 } = require('./oauth2');
const { createWebhooks } = require('./webhooks');

const HOST = '127.0.0.1';
const API_PREFIX = '/v2';
const REDACTED = '[redacted]';
/** Headers that carry credentials never reach the request log. */
const SECRET_HEADERS = new Set(['x-chatworktoken', 'authorization', 'cookie', 'proxy-authorization']);

/** What a scripted status answers when the rule gives no body. */
/** @type {Record<number, { body: string, type: string }>} */
const DEFAULT_BODIES = {
	400: json({ errors: ['Invalid request'] }),
	401: json({ errors: [TEXT.invalidToken] }),
	403: json({ errors: [TEXT.noRoomPermission] }),
	404: json({ errors: [TEXT.unknownEndpoint] }),
	429: json({ errors: [TEXT.tokenLimit] }),
	500: json({ errors: [TEXT.internal] }),
	// Gateways in front of an API answer HTML, which a client must survive too.
	502: html('502 Bad Gateway'),
	503: html('503 Service Temporarily Unavailable'),
	504: html('504 Gateway Time-out'),
};

/**
 * @typedef {import('./index').ChatworkServerOptions} ChatworkServerOptions
 * @typedef {import('./index').ChatworkServer} ChatworkServer
 * @typedef {import('./index').LoggedRequest} LoggedRequest
 * @typedef {import('./index').RateLimitState} RateLimitState
 * @typedef {{
 *   status: number, body?: unknown, headers?: Record<string, string | null>, rate: RateLimitState,
 *   rateLimited?: 'room' | 'token', messageId?: string
 * }} Outcome
 */

/**
 * Starts the server and resolves once it listens.
 * @param {ChatworkServerOptions} [options]
 * @returns {Promise<ChatworkServer>}
 */
async function startChatworkServer(options = {}) {
	const clock = createVirtualClock({ timeScale: options.timeScale ?? 1, start: options.startTime });
	const limits = resolveLimits(options.limits);
	/** Rooms given with addRoom() survive reset(), like the seeded ones. @type {import('./index').RoomSeed[]} */
	const addedRooms = [];
	const seeds = () => ({
		accounts: options.accounts ?? DEFAULT_ACCOUNTS,
		rooms: [...(options.rooms ?? DEFAULT_ROOMS), ...addedRooms],
		incomingRequests: options.incomingRequests ?? [],
	});
	/** Subscribers to changes of messages and rooms (server.subscribe; the sandbox page is one). @type {Set<(event: import('./index').ServerEvent) => void>} */
	const listeners = new Set();
	/** @param {import('./index').ServerEvent} event */
	const emit = (event) => {
		for (const listener of listeners) {
			try {
				listener(event);
			} catch (error) {
				options.onError?.(error);
			}
		}
	};
	// Sign in with Chatwork (oauth2.js): its tokens are redacted like API tokens, its grants outlive reset().
	const oauth2 = createOAuth2({
		now: clock.now,
		options: options.oauth2,
		accountName: (id) => state.accounts.get(id)?.name,
		firstAccountId: () => state.firstTokenAccountId(),
	});
	const freshState = () => {
		const fresh = new ChatworkState(seeds(), clock.now());
		fresh.onChange = emit;
		fresh.bearerTokens = oauth2.secrets;
		return fresh;
	};
	let state = freshState();
	/** @param {(event: import('./index').ServerEvent) => void} listener */
	const subscribe = (listener) => {
		listeners.add(listener);
		return () => void listeners.delete(listener);
	};
	const sandbox = createSandbox({ state: () => state, subscribe, redact: (text) => redactText(text, state), now: clock.now });
	// Outgoing webhooks (webhooks.js): every stored or edited message, signed, to the registered URLs.
	const webhooks = createWebhooks({ state: () => state, subscribe, now: clock.now, onError: options.onError }, options.webhooks, options.webhookTimeoutMs);
	const tokenLimiter = new TokenLimiter(limits.perToken, clock.now);
	const roomLimiter = new RoomPostLimiter(limits.perRoom, clock.now);
	const faults = new FaultScript();
	/** @type {LoggedRequest[]} */
	let log = [];
	let stats = emptyStats();
	let closing = false;
	/** Delays in flight, so close() does not wait for them. @type {Map<NodeJS.Timeout, () => void>} */
	const timers = new Map();

	/** @param {number} ms real milliseconds */
	const wait = (ms) =>
		new Promise((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve(undefined);
			}, ms);
			timers.set(timer, () => resolve(undefined));
		});

	const httpServer = http.createServer((req, res) => {
		onRequest(req, res).catch((error) => {
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
				res.end(JSON.stringify({ errors: [TEXT.internal] }));
			}
			options.onError?.(error);
		});
	});

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 */
	async function onRequest(req, res) {
		const receivedAt = clock.now();
		const url = new URL(req.url ?? '/', `http://${HOST}`);
		const method = (req.method ?? 'GET').toUpperCase();
		// The sandbox page (outside /v2, no token, not logged): see sandbox/index.js.
		if (sandbox.handles(method, url.pathname)) return sandbox.handle(req, res, url.pathname);
		if (oauth2.handles(method, url.pathname)) return oauth2.handle(req, res, url, (await readBody(req)).buffer);
		const inApi = url.pathname.startsWith(`${API_PREFIX}/`);
		const path = inApi ? url.pathname.slice(API_PREFIX.length) : url.pathname;
		const { buffer, tooLarge } = await readBody(req);
		const contentType = req.headers['content-type'] ?? null;
		const parsed = tooLarge ? { fields: {}, files: [] } : parseBody(contentType ?? undefined, buffer);
		const query = firstValues(url.searchParams);
		const token = tokenOf(req.headers);
		const grant = oauth2.grantFor(token);
		const account = state.accountByToken(token) ?? (grant && state.accounts.get(grant.accountId));
		const matched = inApi ? matchRoute(method, path) : undefined;
		const roomMatch = inApi ? /^\/rooms\/(\d+)(?:\/|$)/.exec(path) : null;

		/** @type {LoggedRequest} */
		const entry = {
			seq: stats.requests + 1,
			method,
			path: redactText(path, state),
			query: redactFields(query, state),
			form: redactFields(parsed.fields, state),
			...(parsed.files.length > 0
				? { files: parsed.files.map((f) => ({ field: f.field, filename: f.filename, contentType: f.contentType, size: f.data.length })) }
				: {}),
			...(parsed.rawBody !== undefined ? { rawBody: redactText(parsed.rawBody, state) } : {}),
			contentType,
			headers: redactFields(loggableHeaders(req.headers), state),
			accountId: account?.account_id ?? null,
			roomId: roomMatch ? Number(roomMatch[1]) : null,
			route: matched?.route.template ?? null,
			status: null,
			receivedAt,
			realAt: Date.now(),
		};
		stats.requests++;
		log.push(entry);
		res.on('close', () => {
			if (!res.writableFinished && entry.fault !== 'resetBeforeStore' && entry.fault !== 'resetAfterStore') entry.aborted = true;
		});

		if (!inApi && method === 'GET' && path.startsWith('/download/')) return sendDownload(res, entry, path.slice('/download/'.length));

		const fault = faults.take({ method, path, template: entry.route, roomId: entry.roomId });
		if (fault) entry.scripted = true;
		if (fault?.delayMs !== undefined) {
			entry.fault = 'delay';
			await wait(fault.delayMs);
		}
		if (fault?.resetBeforeStore) return resetConnection(req, entry, 'resetBeforeStore');
		const request = { path, search: url.search };
		if (fault && (fault.status !== undefined || fault.rateLimit !== undefined || fault.redirectTo !== undefined)) {
			return send(res, entry, scriptedOutcome(fault, account, request));
		}

		const outcome = tooLarge
			? { status: 413, body: { errors: [TEXT.bodyTooLarge] }, rate: tokenLimiter.peek(null) }
			: handleApi({ inApi, account, grant, matched, fields: { ...query, ...parsed.fields }, files: parsed.files, origin: `http://${HOST}:${port()}` });
		if (outcome.messageId !== undefined) entry.messageId = outcome.messageId;
		if (fault?.resetAfterStore) return resetConnection(req, entry, 'resetAfterStore', outcome.status);
		if (fault?.statusAfterStore !== undefined) {
			entry.fault = 'statusAfterStore';
			entry.unsentStatus = outcome.status;
			return send(res, entry, scriptedOutcome(fault, account, request));
		}
		if (fault?.delayAfterStoreMs !== undefined) {
			entry.fault = 'delayAfterStore';
			entry.status = outcome.status;
			await wait(fault.delayAfterStoreMs);
		}
		return send(res, entry, outcome);
	}

	/**
	 * The normal path of an API request: auth → general limit → route → room → params → room limit → handler.
	 * Synchronous from the limit checks to the store, so concurrent posts cannot slip past a limit.
	 * @param {{ inApi: boolean, account: import('./index').AccountRecord | undefined, grant: ReturnType<typeof oauth2.grantFor>, matched: ReturnType<typeof matchRoute>, fields: Record<string, string>, files: import('./index').UploadedFile[], origin: string }} request
	 * @returns {Outcome}
	 */
	function handleApi({ inApi, account, grant, matched, fields, files, origin }) {
		if (!inApi) return { status: 404, body: { errors: [TEXT.unknownEndpoint] }, rate: tokenLimiter.peek(null) };
		if (!account) return { status: 401, body: { errors: [TEXT.invalidToken] }, rate: tokenLimiter.peek(null) };
		const rate = tokenLimiter.take(String(account.account_id));
		if (!rate.allowed) return { status: 429, body: { errors: [TEXT.tokenLimit] }, rate, rateLimited: 'token' };
		if (!matched) return { status: 404, body: { errors: [TEXT.unknownEndpoint] }, rate };
		const refusal = oauth2.refusal(grant, matched.route.template);
		if (refusal) return { status: 403, body: { errors: [refusal] }, rate };
		const { spec } = matched.route;
		try {
			const roomId = matched.ids.room_id;
			const room = roomId === undefined ? undefined : state.roomFor(Number(roomId), account.account_id, spec.room ?? 'read');
			const { values, errors } = validateParams(spec.params ?? {}, fields);
			if (errors.length > 0) throw new ApiError(400, errors);
			if (spec.roomPost && room && roomLimiter.wouldExceed(room.room_id)) {
				return { status: 429, body: { errors: [TEXT.roomPostLimit] }, rate, rateLimited: 'room' };
			}
			const now = clock.now();
			const result = spec.handle({
				state,
				account,
				room: /** @type {import('./index').RoomRecord} */ (room),
				ids: matched.ids,
				params: values,
				files,
				now,
				origin,
			});
			const status = result.status ?? 200;
			if (spec.roomPost && room && status < 300) {
				roomLimiter.record(room.room_id);
				state.recordPost(room.room_id, now);
				stats.posts++;
			}
			if (result.messageId !== undefined) stats.stored++;
			// Chatwork answers an empty list with 204 and no body at all.
			if (Array.isArray(result.body) && result.body.length === 0) return { status: 204, rate };
			return { status, body: result.body, rate, messageId: result.messageId };
		} catch (error) {
			if (error instanceof ApiError) return { status: error.status, body: { errors: error.errors }, rate };
			options.onError?.(error);
			return { status: 500, body: { errors: [TEXT.internal] }, rate };
		}
	}

	/**
	 * @param {import('./index').FaultRule} rule
	 * @param {import('./index').AccountRecord | undefined} account
	 * @param {{ path: string, search: string }} request
	 * @returns {Outcome}
	 */
	function scriptedOutcome(rule, account, request) {
		const status = scriptedStatus(rule);
		const kind = status === 429 ? rule.rateLimit ?? (mentions(rule.body, TEXT.roomPostLimit) ? 'room' : 'token') : undefined;
		const current = tokenLimiter.peek(account ? String(account.account_id) : null);
		const resetAt = rule.resetAt ?? (rule.resetInMs !== undefined ? clock.now() + rule.resetInMs : current.resetAt);
		const rate = { ...current, resetAt, remaining: kind === 'token' ? 0 : current.remaining };
		const fallback = kind === 'room' ? json({ errors: [TEXT.roomPostLimit] }) : DEFAULT_BODIES[status] ?? json({ errors: [http.STATUS_CODES[status] ?? 'Error'] });
		/** @type {Record<string, string | null>} */
		const headers = {};
		let body;
		if (rule.body === undefined) {
			body = fallback.body;
			headers['content-type'] = fallback.type;
		} else if (rule.body !== null) {
			body = typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body);
			headers['content-type'] = typeof rule.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
		}
		Object.assign(headers, faultHeaders(rule, request));
		return { status, body, headers, rate, rateLimited: kind };
	}

	/**
	 * @param {http.ServerResponse} res
	 * @param {LoggedRequest} entry
	 * @param {Outcome} outcome
	 */
	function send(res, entry, outcome) {
		entry.status = outcome.status;
		if (outcome.rateLimited) {
			entry.rateLimited = outcome.rateLimited;
			stats.tooMany[outcome.rateLimited]++;
		}
		if (entry.scripted) stats.scripted++;
		entry.respondedAt = clock.now();
		/** @type {Record<string, string>} */
		const headers = {
			'x-ratelimit-limit': String(outcome.rate.limit),
			'x-ratelimit-remaining': String(outcome.rate.remaining),
			'x-ratelimit-reset': String(Math.ceil(outcome.rate.resetAt / 1000)),
			// Virtual time, so `Reset * 1000 - Date` is the wait on the virtual clock.
			date: new Date(entry.respondedAt).toUTCString(),
		};
		let text;
		if (outcome.body !== undefined && outcome.status !== 204) {
			text = typeof outcome.body === 'string' ? outcome.body : JSON.stringify(outcome.body);
			headers['content-type'] = 'application/json; charset=utf-8';
		}
		applyHeaders(headers, outcome.headers);
		// A scripted body may quote a token (to test that clients do not echo it); the log does not keep it.
		if (text !== undefined) entry.response = parseIfJson(redactText(text, state), headers['content-type']);
		if (closing || res.destroyed) return finish(entry);
		if (text !== undefined) headers['content-length'] = String(Buffer.byteLength(text));
		res.writeHead(outcome.status, headers);
		res.end(text);
		finish(entry);
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {LoggedRequest} entry
	 * @param {'resetBeforeStore' | 'resetAfterStore'} fault
	 * @param {number} [wouldHaveAnswered]
	 */
	function resetConnection(req, entry, fault, wouldHaveAnswered) {
		entry.fault = fault;
		if (wouldHaveAnswered !== undefined) entry.unsentStatus = wouldHaveAnswered;
		stats.resets++;
		stats.scripted++;
		const socket = req.socket;
		// A TCP RST, as when a load balancer or the network drops the connection.
		if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
		else socket.destroy();
		finish(entry);
	}

	/**
	 * Files behind the 30-second URLs of `create_download_url=1`; no token needed, as on S3.
	 * @param {http.ServerResponse} res
	 * @param {LoggedRequest} entry
	 * @param {string} key
	 */
	function sendDownload(res, entry, key) {
		const download = state.downloads.get(key);
		const file = download && clock.now() < download.expiresAt ? state.files.get(download.fileId) : undefined;
		entry.status = file ? 200 : 403;
		entry.respondedAt = clock.now();
		const date = new Date(entry.respondedAt).toUTCString();
		if (!file) {
			res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', date });
			res.end('Access Denied');
		} else {
			res.writeHead(200, {
				'content-type': file.contentType,
				'content-length': String(file.data.length),
				'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
				date,
			});
			res.end(file.data);
		}
		finish(entry);
	}

	/** @param {LoggedRequest} entry */
	function finish(entry) {
		options.onRequest?.(entry);
	}

	await new Promise((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(options.port ?? 0, HOST, () => {
			httpServer.off('error', reject);
			resolve(undefined);
		});
	});

	function port() {
		const address = httpServer.address();
		return typeof address === 'object' && address ? address.port : 0;
	}

	const origin = `http://${HOST}:${port()}`;

	/** @type {ChatworkServer} */
	const server = {
		url: `${origin}${API_PREFIX}`,
		origin,
		sandboxUrl: `${origin}/`,
		port: port(),
		clock,
		limits,
		get requests() {
			return log.slice();
		},
		messages(roomId) {
			const rooms = roomId === undefined ? [...state.messagesByRoom.keys()] : [roomId];
			return rooms
				.flatMap((id) => state.messagesByRoom.get(id) ?? [])
				.sort((a, b) => a.seq - b.seq)
				.map(({ seq: _seq, ...message }) => ({ ...message }));
		},
		tasks(roomId) {
			return [...state.tasks.values()].filter((t) => roomId === undefined || t.room_id === roomId).map((t) => ({ ...t }));
		},
		files(roomId) {
			return [...state.files.values()].filter((f) => roomId === undefined || f.room_id === roomId).map((f) => ({ ...f }));
		},
		rooms() {
			return [...state.rooms.values()].map((room) => ({
				room_id: room.room_id,
				name: room.name,
				type: room.type,
				description: room.description,
				icon_preset: room.icon_preset,
				members: [...room.members].map(([account_id, role]) => ({ account_id, role })),
			}));
		},
		addRoom(seed) {
			const room = state.addRoom(seed, clock.now());
			addedRooms.push({ ...seed, room_id: room.room_id });
			return /** @type {import('./index').RoomInfo} */ (server.rooms().find((r) => r.room_id === room.room_id));
		},
		addMessage(roomId, message) {
			const room = state.rooms.get(roomId);
			if (!room) throw new Error(`addMessage: unknown room ${roomId}`);
			const accountId = message.account_id ?? [...room.members.keys()].find((id) => !state.isApiUser(id)) ?? state.firstTokenAccountId();
			const { seq: _seq, ...stored } = state.storeMessage(room, accountId, message.body, { selfUnread: false, now: clock.now() });
			return stored;
		},
		script(rule) {
			return faults.add(rule);
		},
		clearScripts() {
			faults.clear();
		},
		maxPostsInWindow(roomId, windowMs = limits.perRoom === false ? 10_000 : limits.perRoom.windowMs) {
			return maxInWindow(state.posts.get(roomId) ?? [], windowMs);
		},
		stats() {
			return { ...stats, tooMany: { ...stats.tooMany } };
		},
		routes() {
			return listRoutes();
		},
		subscribe,
		oauth2: {
			expireAccessTokens: oauth2.expireAccessTokens,
			revoke: oauth2.revoke,
			grants: oauth2.grants,
			events: oauth2.events,
			clearEvents: oauth2.clearEvents,
			routeScopes: oauth2.routeScopes,
			secrets: () => [...oauth2.secrets()],
			authorizeUrl: `${origin}/packages/oauth2/login.php`,
			tokenUrl: `${origin}/token`,
			revokeUrl: `${origin}/revoke`,
		},
		addWebhook: webhooks.add,
		webhooks: webhooks.list,
		webhookDeliveries: webhooks.deliveries,
		webhooksSettled: webhooks.settled,
		reset() {
			// Chatwork never reuses a message ID, and the Chatwork Trigger takes a reused one for a replay.
			const nextSeq = state.nextSeq;
			state = freshState();
			state.nextSeq = Math.max(state.nextSeq, nextSeq);
			tokenLimiter.clear();
			roomLimiter.clear();
			faults.clear();
			log = [];
			stats = emptyStats();
			webhooks.clearDeliveries();
			emit({ type: 'reset' });
		},
		async close() {
			if (closing) return;
			closing = true;
			sandbox.close();
			webhooks.close();
			listeners.clear();
			for (const [timer, release] of timers) {
				clearTimeout(timer);
				release();
			}
			timers.clear();
			await new Promise((resolve) => {
				httpServer.close(() => resolve(undefined));
				httpServer.closeAllConnections();
			});
		},
	};
	return server;
}

function emptyStats() {
	return { requests: 0, stored: 0, posts: 0, tooMany: { room: 0, token: 0 }, scripted: 0, resets: 0 };
}

/**
 * `X-ChatWorkToken`, or an OAuth2 `Authorization: Bearer` token, which this server
 * accepts from the same table.
 * @param {http.IncomingHttpHeaders} headers
 */
function tokenOf(headers) {
	const header = headers['x-chatworktoken'];
	if (typeof header === 'string' && header !== '') return header;
	const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
	return bearer ? bearer[1].trim() : undefined;
}

/** @param {http.IncomingHttpHeaders} headers */
function loggableHeaders(headers) {
	/** @type {Record<string, string>} */
	const result = {};
	for (const [name, value] of Object.entries(headers)) {
		if (SECRET_HEADERS.has(name) || value === undefined) continue;
		result[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return result;
}

/**
 * Every known token inside a text becomes '[redacted]'. Tokens shorter than 8
 * characters (test fixtures like 'tok') only when they are the whole text, so that
 * 'tok' does not eat the start of 'tokyo'.
 * @param {string} text
 * @param {ChatworkState} state
 */
function redactText(text, state) {
	let result = text;
	for (const token of [...state.tokens.keys(), ...state.bearerTokens()]) {
		if (result === token) return REDACTED;
		if (token.length >= 8 && result.includes(token)) result = result.split(token).join(REDACTED);
	}
	return result;
}

/**
 * @param {string} text
 * @param {string | undefined} contentType
 * @returns {unknown}
 */
function parseIfJson(text, contentType) {
	if (!/json/i.test(contentType ?? '')) return text;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * A token pasted into a query, form field or header by mistake is not kept either.
 * @param {Record<string, string>} fields
 * @param {ChatworkState} state
 */
function redactFields(fields, state) {
	/** @type {Record<string, string>} */
	const result = {};
	for (const [name, value] of Object.entries(fields)) {
		Object.defineProperty(result, redactText(name, state), { value: redactText(value, state), enumerable: true, writable: true, configurable: true });
	}
	return result;
}

/**
 * Whether a scripted body carries the given error text.
 * @param {unknown} body
 * @param {string} text
 */
function mentions(body, text) {
	return typeof body === 'string' ? body.includes(text) : body !== null && typeof body === 'object' && JSON.stringify(body).includes(text);
}

/** @param {unknown} value */
function json(value) {
	return { body: JSON.stringify(value), type: 'application/json; charset=utf-8' };
}

/** @param {string} title */
function html(title) {
	return { body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`, type: 'text/html' };
}

module.exports = { startChatworkServer, DEFAULT_TOKEN, DEFAULT_ACCOUNTS, DEFAULT_ROOMS };
