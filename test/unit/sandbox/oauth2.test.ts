/**
 * The look-alike server's Sign in with Chatwork: consent page, token endpoint (code and refresh
 * grants, Basic client authentication, PKCE), access-token lifetime, scopes per endpoint, revocation.
 */
import { createHash } from 'node:crypto';

import fc from 'fast-check';

import { CHATWORK_SCOPES, expandScopes, scopeFor } from '../../../nodes/shared/chatwork/oauthScopes';
import type { ChatworkServer } from '../../../sandbox';
import { startChatworkServer } from '../../../sandbox';
import { basic, connectOAuth2, REDIRECT_URI } from '../support/oauth2';

const CLIENT = { clientId: 'n8n-client', clientSecret: 'client-secret-0123456789' };
const TOKEN = 'api-token-0123456789abcdef';
const ROOM = 1001;

let server: ChatworkServer;

beforeAll(async () => {
	server = await startChatworkServer({
		accounts: [
			{ token: TOKEN, account_id: 101, name: 'Lead Bot' },
			{ account_id: 102, name: '山田 太郎' },
		],
		rooms: [{ room_id: ROOM, name: '営業チーム' }],
		timeScale: Infinity,
		oauth2: { clients: [{ ...CLIENT, name: 'n8n (sales)' }], accessTokenTtlMs: 5_000 },
	});
});
afterAll(async () => server.close());
beforeEach(() => {
	server.reset();
	server.oauth2.clearEvents();
});

function post(accessToken: string, body = 'hello') {
	return fetch(`${server.url}/rooms/${ROOM}/messages`, {
		method: 'POST',
		headers: { authorization: `Bearer ${accessToken}` },
		body: new URLSearchParams({ body }),
	});
}

function token(form: Record<string, string>, authorization: string | null = basic(CLIENT.clientId, CLIENT.clientSecret)) {
	return fetch(server.oauth2.tokenUrl, {
		method: 'POST',
		headers: authorization ? { authorization } : {},
		body: new URLSearchParams(form),
	});
}

function authorizeQuery(extra: Record<string, string> = {}) {
	return new URLSearchParams({
		response_type: 'code',
		client_id: CLIENT.clientId,
		redirect_uri: REDIRECT_URI,
		scope: 'rooms.messages:write offline_access',
		state: 'opaque-state',
		...extra,
	});
}

describe('the consent page', () => {
	it('shows the app, the account, every requested scope and an Allow button', async () => {
		const page = await (await fetch(`${server.oauth2.authorizeUrl}?${authorizeQuery()}`)).text();
		expect(page).toContain('n8n (sales)');
		expect(page).toContain('Lead Bot');
		expect(page).toContain('<code>rooms.messages:write</code>');
		expect(page).toContain('<code>offline_access</code>');
		expect(page).toMatch(/<button[^>]*id="allow"/);
	});

	it('refuses an unknown client, a wrong response type and an unknown scope with 400', async () => {
		for (const extra of [{ client_id: 'someone-else' }, { response_type: 'token' }, { scope: 'rooms.everything:write' }] as Array<Record<string, string>>) {
			const answer = await fetch(`${server.oauth2.authorizeUrl}?${authorizeQuery(extra)}`);
			expect({ extra, status: answer.status }).toEqual({ extra, status: 400 });
		}
	});

	it('sends the user back with error=access_denied and the state when they deny', async () => {
		const answer = await fetch(server.oauth2.authorizeUrl, {
			method: 'POST',
			body: new URLSearchParams({ ...Object.fromEntries(authorizeQuery()), decision: 'deny' }),
			redirect: 'manual',
		});
		expect(answer.status).toBe(302);
		const location = new URL(answer.headers.get('location')!);
		expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', state: 'opaque-state' });
	});
});

describe('the token endpoint', () => {
	it('exchanges a code for Bearer tokens with the granted scope, and the access token posts', async () => {
		const tokens = await connectOAuth2(server, CLIENT, ['rooms.messages:write', 'offline_access']);
		expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 5, scope: 'rooms.messages:write offline_access' });
		expect((await post(tokens.access_token)).status).toBe(200);
		expect(server.messages(ROOM)).toHaveLength(1);
		expect(server.oauth2.events().filter((event) => event.type === 'token')).toEqual([
			{ type: 'token', grantType: 'authorization_code', clientAuth: 'basic', pkce: true, status: 200 },
		]);
	});

	it('requires HTTP Basic client authentication: none or a wrong secret is 401 invalid_client', async () => {
		for (const authorization of [null, basic(CLIENT.clientId, 'wrong-secret')]) {
			const answer = await token({ grant_type: 'refresh_token', refresh_token: 'x' }, authorization);
			expect(answer.status).toBe(401);
			expect(await answer.json()).toMatchObject({ error: 'invalid_client' });
		}
	});

	it('checks the PKCE verifier against the S256 challenge, and a code works only once', async () => {
		const verifier = 'a-verifier-that-is-long-enough-0123456789abcdef';
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		const code = async () => {
			const answer = await fetch(server.oauth2.authorizeUrl, {
				method: 'POST',
				body: new URLSearchParams({ ...Object.fromEntries(authorizeQuery({ code_challenge: challenge, code_challenge_method: 'S256' })), decision: 'allow' }),
				redirect: 'manual',
			});
			return new URL(answer.headers.get('location')!).searchParams.get('code')!;
		};
		const wrong = await token({ grant_type: 'authorization_code', code: await code(), redirect_uri: REDIRECT_URI, code_verifier: `${verifier}x` });
		expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
		const good = await code();
		const right = await token({ grant_type: 'authorization_code', code: good, redirect_uri: REDIRECT_URI, code_verifier: verifier });
		expect(right.status).toBe(200);
		const again = await token({ grant_type: 'authorization_code', code: good, redirect_uri: REDIRECT_URI, code_verifier: verifier });
		expect(again.status).toBe(400);
	});

	it('lets an access token expire after its lifetime; the refresh grant gives a new one', async () => {
		const tokens = await connectOAuth2(server, CLIENT, ['rooms.messages:write']);
		server.clock.advance(5_000);
		expect((await post(tokens.access_token)).status).toBe(401);
		const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
		expect(refreshed.status).toBe(200);
		const fresh = (await refreshed.json()) as { access_token: string };
		expect(fresh.access_token).not.toBe(tokens.access_token);
		expect((await post(fresh.access_token)).status).toBe(200);
		expect(server.messages(ROOM)).toHaveLength(1);
	});

	it('ends a refresh token after 14 days without offline_access, and keeps it with offline_access', async () => {
		const shortLived = await connectOAuth2(server, CLIENT, ['rooms.messages:write']);
		const offline = await connectOAuth2(server, CLIENT, ['rooms.messages:write', 'offline_access']);
		server.clock.advance(14 * 24 * 3_600_000);
		expect((await token({ grant_type: 'refresh_token', refresh_token: shortLived.refresh_token })).status).toBe(400);
		expect((await token({ grant_type: 'refresh_token', refresh_token: offline.refresh_token })).status).toBe(200);
	});

	it('revokes a grant: its access token gets 401 and its refresh token invalid_grant', async () => {
		const tokens = await connectOAuth2(server, CLIENT, ['rooms.messages:write', 'offline_access']);
		const revoke = await fetch(server.oauth2.revokeUrl, {
			method: 'POST',
			headers: { authorization: basic(CLIENT.clientId, CLIENT.clientSecret) },
			body: new URLSearchParams({ token: tokens.refresh_token }),
		});
		expect(revoke.status).toBe(200);
		expect((await post(tokens.access_token)).status).toBe(401);
		const refresh = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
		expect([refresh.status, ((await refresh.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
		expect(server.messages(ROOM)).toEqual([]);
	});

	it('signs in the account the consent form names, so two accounts can connect one app', async () => {
		const other = await connectOAuth2(server, CLIENT, ['users.profile.me:read'], 102);
		const me = await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${other.access_token}` } });
		expect(((await me.json()) as { account_id: number }).account_id).toBe(102);
	});

	it('keeps every OAuth2 token out of the request log', async () => {
		const tokens = await connectOAuth2(server, CLIENT, ['rooms.messages:write']);
		await post(tokens.access_token, `leaked ${tokens.access_token} and ${tokens.refresh_token}`);
		const log = JSON.stringify(server.requests);
		expect(log).not.toContain(tokens.access_token);
		expect(log).not.toContain(tokens.refresh_token);
		expect(log).toContain('[redacted]');
	});
});

describe('scopes per endpoint', () => {
	it('answers 403 to a post whose token lacks rooms.messages:write, and stores nothing', async () => {
		const tokens = await connectOAuth2(server, CLIENT, ['users.profile.me:read']);
		const answer = await post(tokens.access_token);
		expect(answer.status).toBe(403);
		expect(((await answer.json()) as { errors: string[] }).errors[0]).toContain('rooms.messages:write');
		expect(server.messages(ROOM)).toEqual([]);
	});

	it('agrees with the node on the scope of every route the server answers', () => {
		const serverTable = server.oauth2.routeScopes();
		expect(Object.keys(serverTable).sort()).toEqual([...server.routes()].sort());
		fc.assert(
			fc.property(fc.constantFrom(...server.routes()), fc.integer({ min: 1, max: 2 ** 31 }), (route, id) => {
				const [method, template] = route.split(' ');
				const path = template.replace(/\{\w+\}/g, String(id));
				expect(scopeFor(method, path)).toBe(serverTable[route]);
			}),
		);
	});

	it('lets any set of granted scopes use exactly the routes their expansion covers (generated grants)', async () => {
		const table = server.oauth2.routeScopes();
		const routes = ['GET /me', 'GET /rooms', 'POST /rooms/{room_id}/messages', 'GET /rooms/{room_id}/members'];
		await fc.assert(
			fc.asyncProperty(fc.subarray(CHATWORK_SCOPES.map((scope) => scope.value), { minLength: 1 }), async (scopes) => {
				const tokens = await connectOAuth2(server, CLIENT, scopes);
				const covered = expandScopes(scopes);
				for (const route of routes) {
					const [method, template] = route.split(' ');
					const answer = await fetch(`${server.url}${template.replace('{room_id}', String(ROOM))}`, {
						method,
						headers: { authorization: `Bearer ${tokens.access_token}` },
						body: method === 'POST' ? new URLSearchParams({ body: 'x' }) : undefined,
					});
					expect({ route, scopes, forbidden: answer.status === 403 }).toEqual({ route, scopes, forbidden: !covered.has(table[route]) });
				}
			}),
			{ numRuns: 25 },
		);
	});
});
