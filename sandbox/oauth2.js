// @ts-check
'use strict';

/**
 * Chatwork's OAuth2, as its developer documentation describes it (developer.chatwork.com/docs/oauth):
 * authorization-code grant, PKCE S256 optional, the client authenticating at the
 * token endpoint with HTTP Basic, short-lived access tokens, a refresh token that lasts 14 days
 * (for ever with `offline_access`), and scopes checked per endpoint.
 *
 *   GET  /packages/oauth2/login.php   the consent page: who asks, the scopes, Allow / Deny
 *   POST /packages/oauth2/login.php   the decision → 302 to redirect_uri with code (or error)
 *   POST /token                       grant_type=authorization_code | refresh_token
 *   POST /revoke                      token=<refresh or access token>: ends the grant
 *
 * Error texts and the 403 body are plausible, not verified against Chatwork. Times are on the
 * server's virtual clock. Grants survive reset(), as the seeded API tokens do.
 */

const { createHash, randomBytes, timingSafeEqual } = require('node:crypto');

const AUTHORIZE_PATH = '/packages/oauth2/login.php';
const TOKEN_PATH = '/token';
const REVOKE_PATH = '/revoke';
const PATHS = new Set([AUTHORIZE_PATH, TOKEN_PATH, REVOKE_PATH]);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Umbrella scopes and the narrower ones they grant. */
/** @type {Record<string, string[]>} */
const INCLUDES = {
	'users.all:read': ['users.profile.me:read', 'users.status.me:read', 'users.tasks.me:read'],
	'rooms.all:read_write': ['rooms.all:read', 'rooms.all:write'],
	'rooms.all:read': ['rooms.info:read', 'rooms.members:read', 'rooms.messages:read', 'rooms.tasks:read', 'rooms.files:read'],
	'rooms.all:write': ['rooms:write', 'rooms.info:write', 'rooms.members:write', 'rooms.messages:write', 'rooms.tasks:write', 'rooms.files:write'],
	'contacts.all:read_write': ['contacts.all:read', 'contacts.all:write'],
};

/** The scope each route needs, by the route table's `METHOD /template`. */
/** @type {Record<string, string>} */
const ROUTE_SCOPES = {
	'GET /me': 'users.profile.me:read',
	'GET /my/status': 'users.status.me:read',
	'GET /my/tasks': 'users.tasks.me:read',
	'GET /contacts': 'contacts.all:read',
	'GET /incoming_requests': 'contacts.all:read',
	'PUT /incoming_requests/{request_id}': 'contacts.all:write',
	'DELETE /incoming_requests/{request_id}': 'contacts.all:write',
	'GET /rooms': 'rooms.info:read',
	'POST /rooms': 'rooms:write',
	'GET /rooms/{room_id}': 'rooms.info:read',
	'PUT /rooms/{room_id}': 'rooms.info:write',
	'DELETE /rooms/{room_id}': 'rooms:write',
	'GET /rooms/{room_id}/members': 'rooms.members:read',
	'PUT /rooms/{room_id}/members': 'rooms.members:write',
	'GET /rooms/{room_id}/messages': 'rooms.messages:read',
	'POST /rooms/{room_id}/messages': 'rooms.messages:write',
	'PUT /rooms/{room_id}/messages/read': 'rooms.messages:write',
	'PUT /rooms/{room_id}/messages/unread': 'rooms.messages:write',
	'GET /rooms/{room_id}/messages/{message_id}': 'rooms.messages:read',
	'PUT /rooms/{room_id}/messages/{message_id}': 'rooms.messages:write',
	'DELETE /rooms/{room_id}/messages/{message_id}': 'rooms.messages:write',
	'GET /rooms/{room_id}/tasks': 'rooms.tasks:read',
	'POST /rooms/{room_id}/tasks': 'rooms.tasks:write',
	'GET /rooms/{room_id}/tasks/{task_id}': 'rooms.tasks:read',
	'PUT /rooms/{room_id}/tasks/{task_id}/status': 'rooms.tasks:write',
	'GET /rooms/{room_id}/files': 'rooms.files:read',
	'POST /rooms/{room_id}/files': 'rooms.files:write',
	'GET /rooms/{room_id}/files/{file_id}': 'rooms.files:read',
	'GET /rooms/{room_id}/link': 'rooms.info:read',
	'POST /rooms/{room_id}/link': 'rooms.info:write',
	'PUT /rooms/{room_id}/link': 'rooms.info:write',
	'DELETE /rooms/{room_id}/link': 'rooms.info:write',
};

const KNOWN_SCOPES = new Set(['offline_access', ...Object.keys(INCLUDES), ...Object.values(INCLUDES).flat(), ...Object.values(ROUTE_SCOPES)]);

/** @param {Iterable<string>} granted */
function expand(granted) {
	const all = new Set();
	const pending = [...granted];
	for (let scope = pending.pop(); scope !== undefined; scope = pending.pop()) {
		if (all.has(scope)) continue;
		all.add(scope);
		pending.push(...(INCLUDES[scope] ?? []));
	}
	return all;
}

/**
 * @typedef {import('./index').OAuth2Options} OAuth2Options
 * @typedef {import('./index').OAuth2Event} OAuth2Event
 * @typedef {{ id: number, clientId: string, accountId: number, scopes: string[], granted: Set<string>, refreshToken: string, refreshExpiresAt: number, revoked: boolean }} Grant
 * @typedef {{ grant: Grant, expiresAt: number }} AccessToken
 */

/**
 * @param {{ now: () => number, options: OAuth2Options | undefined, accountName: (id: number) => string | undefined, firstAccountId: () => number }} server
 */
function createOAuth2(server) {
	const options = server.options ?? {};
	const clients = new Map((options.clients ?? []).map((client) => [client.clientId, client]));
	/** @type {Map<string, { clientId: string, redirectUri: string, scopes: string[], challenge?: string, accountId: number, expiresAt: number }>} */
	const codes = new Map();
	/** @type {Map<string, Grant>} */
	const grantsByRefresh = new Map();
	/** @type {Map<string, AccessToken>} */
	const accessTokens = new Map();
	/** Every code and token ever handed out, revoked and expired ones too: redacted, and listed for leak searches. @type {Set<string>} */
	const issued = new Set();
	/** @type {OAuth2Event[]} */
	let events = [];
	let nextGrantId = 1;
	const accessTtl = () => options.accessTokenTtlMs ?? 15 * MINUTE;
	const newSecret = () => {
		const value = secret();
		issued.add(value);
		return value;
	};

	/**
	 * Who is signed in to "Chatwork" in the browser: the configured account, or another existing one
	 * named by `account_id` (a test's way of signing in as someone else).
	 * @param {string | undefined} requested
	 */
	const signedIn = (requested) => {
		const id = Number(requested);
		return Number.isSafeInteger(id) && server.accountName(id) !== undefined ? id : options.accountId ?? server.firstAccountId();
	};

	/** @param {OAuth2Event} event */
	const record = (event) => {
		events.push(event);
	};

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {URL} url
	 * @param {Buffer} body
	 */
	function handle(req, res, url, body) {
		const method = (req.method ?? 'GET').toUpperCase();
		const form = method === 'POST' ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : {};
		if (url.pathname === AUTHORIZE_PATH && method === 'GET') return authorizePage(res, Object.fromEntries(url.searchParams));
		if (url.pathname === AUTHORIZE_PATH && method === 'POST') return decide(res, form);
		if (url.pathname === TOKEN_PATH && method === 'POST') return token(req, res, form);
		if (url.pathname === REVOKE_PATH && method === 'POST') return revokeRequest(req, res, form);
		return sendJson(res, 405, { error: 'invalid_request', error_description: 'Method not allowed' });
	}

	/**
	 * What is wrong with an authorization request, or undefined.
	 * @param {Record<string, string>} query
	 */
	function authorizeProblem(query) {
		const client = clients.get(query.client_id ?? '');
		if (!client) return 'unknown client_id';
		if (query.response_type !== 'code') return 'response_type must be code';
		if (!query.redirect_uri) return 'redirect_uri is missing';
		if (client.redirectUris && !client.redirectUris.includes(query.redirect_uri)) return 'redirect_uri is not registered for this client';
		const scopes = splitScopes(query.scope);
		if (scopes.length === 0) return 'scope is missing';
		const unknown = scopes.filter((scope) => !KNOWN_SCOPES.has(scope));
		if (unknown.length > 0) return `unknown scope: ${unknown.join(' ')}`;
		if (query.code_challenge && query.code_challenge_method !== 'S256') return 'code_challenge_method must be S256';
		return undefined;
	}

	/**
	 * @param {import('node:http').ServerResponse} res
	 * @param {Record<string, string>} query
	 */
	function authorizePage(res, query) {
		const problem = authorizeProblem(query);
		record({ type: 'authorize', clientId: query.client_id ?? '', scopes: splitScopes(query.scope), pkce: Boolean(query.code_challenge), ok: !problem });
		if (problem) return sendHtml(res, 400, page('エラー / Error', `<p>${escapeHtml(problem)}</p>`));
		const client = /** @type {import('./index').OAuth2Client} */ (clients.get(query.client_id));
		const accountId = signedIn(query.account_id);
		const hidden = Object.entries({ ...query, account_id: String(accountId) })
			.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
			.join('');
		const scopes = splitScopes(query.scope)
			.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`)
			.join('');
		const html = page(
			'アクセスの許可 / Allow access',
			`<p><strong>${escapeHtml(client.name ?? client.clientId)}</strong> が Chatwork アカウント
			<strong>${escapeHtml(server.accountName(accountId) ?? String(accountId))}</strong> へのアクセスを求めています。
			/ wants to access your Chatwork account.</p>
			<p>許可する範囲 / Scopes:</p><ul id="scopes">${scopes}</ul>
			<form method="post" action="${AUTHORIZE_PATH}">${hidden}
			<button type="submit" name="decision" value="allow" id="allow">許可 / Allow</button>
			<button type="submit" name="decision" value="deny" id="deny">キャンセル / Deny</button></form>`,
		);
		return sendHtml(res, 200, html);
	}

	/**
	 * @param {import('node:http').ServerResponse} res
	 * @param {Record<string, string>} form
	 */
	function decide(res, form) {
		const { decision, account_id: _account, ...query } = form;
		const problem = authorizeProblem(query);
		if (problem) return sendHtml(res, 400, page('エラー / Error', `<p>${escapeHtml(problem)}</p>`));
		const target = new URL(query.redirect_uri);
		if (decision !== 'allow') {
			target.searchParams.set('error', 'access_denied');
		} else {
			const code = newSecret();
			codes.set(code, {
				clientId: query.client_id,
				redirectUri: query.redirect_uri,
				scopes: splitScopes(query.scope),
				challenge: query.code_challenge || undefined,
				accountId: signedIn(form.account_id),
				expiresAt: server.now() + 10 * MINUTE,
			});
			target.searchParams.set('code', code);
		}
		if (query.state) target.searchParams.set('state', query.state);
		record({ type: 'decision', clientId: query.client_id, allowed: decision === 'allow' });
		res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
		res.end();
	}

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {Record<string, string>} form
	 */
	function token(req, res, form) {
		const client = basicClient(req);
		/** @type {OAuth2Event} */
		const event = { type: 'token', grantType: form.grant_type ?? '', clientAuth: client ? 'basic' : 'none', pkce: Boolean(form.code_verifier), status: 200 };
		record(event);
		/** @param {number} status @param {string} error @param {string} description */
		const fail = (status, error, description) => {
			event.status = status;
			event.error = error;
			return sendJson(res, status, { error, error_description: description });
		};
		if (!client) return fail(401, 'invalid_client', 'Client authentication with HTTP Basic failed');
		if (form.grant_type === 'authorization_code') {
			const code = codes.get(form.code ?? '');
			codes.delete(form.code ?? '');
			if (!code || code.clientId !== client.clientId || code.expiresAt <= server.now()) return fail(400, 'invalid_grant', 'The authorization code is invalid or expired');
			if (code.redirectUri !== form.redirect_uri) return fail(400, 'invalid_grant', 'redirect_uri does not match');
			if (code.challenge) {
				const verifier = form.code_verifier ?? '';
				const expected = createHash('sha256').update(verifier).digest('base64url');
				if (!verifier || expected !== code.challenge) return fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
			}
			const offline = code.scopes.includes('offline_access');
			/** @type {Grant} */
			const grant = {
				id: nextGrantId++,
				clientId: client.clientId,
				accountId: code.accountId,
				scopes: code.scopes,
				granted: expand(code.scopes),
				refreshToken: newSecret(),
				refreshExpiresAt: offline ? Infinity : server.now() + 14 * DAY,
				revoked: false,
			};
			grantsByRefresh.set(grant.refreshToken, grant);
			return sendJson(res, 200, issue(grant));
		}
		if (form.grant_type === 'refresh_token') {
			const grant = grantsByRefresh.get(form.refresh_token ?? '');
			if (!grant || grant.revoked || grant.clientId !== client.clientId || grant.refreshExpiresAt <= server.now()) {
				return fail(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked');
			}
			for (const [accessToken, entry] of accessTokens) if (entry.grant === grant) accessTokens.delete(accessToken);
			return sendJson(res, 200, issue(grant));
		}
		return fail(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
	}

	/** @param {Grant} grant */
	function issue(grant) {
		const accessToken = newSecret();
		accessTokens.set(accessToken, { grant, expiresAt: server.now() + accessTtl() });
		return {
			access_token: accessToken,
			token_type: 'Bearer',
			expires_in: Math.max(1, Math.round(accessTtl() / 1000)),
			refresh_token: grant.refreshToken,
			scope: grant.scopes.join(' '),
		};
	}

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {Record<string, string>} form
	 */
	function revokeRequest(req, res, form) {
		const client = basicClient(req);
		record({ type: 'revoke', clientAuth: client ? 'basic' : 'none' });
		if (!client) return sendJson(res, 401, { error: 'invalid_client', error_description: 'Client authentication with HTTP Basic failed' });
		const grant = grantsByRefresh.get(form.token ?? '') ?? accessTokens.get(form.token ?? '')?.grant;
		if (grant && grant.clientId === client.clientId) endGrant(grant);
		return sendJson(res, 200, {});
	}

	/** @param {Grant} grant */
	function endGrant(grant) {
		grant.revoked = true;
		for (const [accessToken, entry] of accessTokens) if (entry.grant === grant) accessTokens.delete(accessToken);
	}

	/** @param {import('node:http').IncomingMessage} req */
	function basicClient(req) {
		const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
		if (!match) return undefined;
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return undefined;
		const client = clients.get(decodeURIComponent(decoded.slice(0, colon)));
		const given = Buffer.from(decodeURIComponent(decoded.slice(colon + 1)));
		const expected = Buffer.from(client?.clientSecret ?? '');
		return client && given.length === expected.length && timingSafeEqual(given, expected) ? client : undefined;
	}

	return {
		/** @param {string} method @param {string} path */
		handles(method, path) {
			return PATHS.has(path) && (method === 'GET' || method === 'POST');
		},
		handle,
		/**
		 * The grant behind a bearer token that is valid now, or undefined.
		 * @param {string | undefined} bearer
		 */
		grantFor(bearer) {
			const entry = bearer === undefined ? undefined : accessTokens.get(bearer);
			if (!entry || entry.grant.revoked || entry.expiresAt <= server.now()) return undefined;
			return entry.grant;
		},
		/**
		 * Why a grant may not use a route (403), or undefined.
		 * @param {Grant | undefined} grant
		 * @param {string | null} route
		 */
		refusal(grant, route) {
			const needed = route ? ROUTE_SCOPES[route] : undefined;
			if (!grant || !needed || grant.granted.has(needed)) return undefined;
			return `The access token does not have the scope ${needed} that this endpoint needs`;
		},
		/** Every code and token handed out so far, for the log's redaction and leak searches. */
		secrets() {
			return issued.values();
		},
		expireAccessTokens() {
			for (const entry of accessTokens.values()) entry.expiresAt = Math.min(entry.expiresAt, server.now());
		},
		/** @param {{ accountId?: number, clientId?: string }} [which] */
		revoke(which = {}) {
			let count = 0;
			for (const grant of grantsByRefresh.values()) {
				if (grant.revoked) continue;
				if (which.accountId !== undefined && grant.accountId !== which.accountId) continue;
				if (which.clientId !== undefined && grant.clientId !== which.clientId) continue;
				endGrant(grant);
				count++;
			}
			return count;
		},
		grants() {
			return [...grantsByRefresh.values()].map((grant) => ({
				id: grant.id,
				clientId: grant.clientId,
				accountId: grant.accountId,
				scopes: [...grant.scopes],
				revoked: grant.revoked,
				activeAccessTokens: [...accessTokens.values()].filter((entry) => entry.grant === grant && entry.expiresAt > server.now()).length,
			}));
		},
		events() {
			return events.slice();
		},
		clearEvents() {
			events = [];
		},
		routeScopes() {
			return { ...ROUTE_SCOPES };
		},
	};
}

/** @param {string | undefined} text */
function splitScopes(text) {
	return (text ?? '').split(/[\s,]+/).filter(Boolean);
}

function secret() {
	return randomBytes(24).toString('base64url');
}

/** @param {string} text */
function escapeHtml(text) {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** @param {string} title @param {string} content */
function page(title, content) {
	return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>Chatwork – ${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${content}</body></html>`;
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} html */
function sendHtml(res, status, html) {
	res.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'cache-control': 'no-store',
		'content-security-policy': "default-src 'none'; form-action 'self' http: https:; frame-ancestors 'none'",
	});
	res.end(html);
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' });
	res.end(JSON.stringify(body));
}

module.exports = { createOAuth2, AUTHORIZE_PATH, TOKEN_PATH, REVOKE_PATH };
