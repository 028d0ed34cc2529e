/**
 * The Chatwork node signed in with OAuth2, run by n8n-core against the look-alike server's real token
 * endpoint: n8n-core's own httpRequestWithAuthentication → requestOAuth2 signs with the stored access
 * token, refreshes it on a 401, stores the new one (test/support/n8nCore.js keeps it by credential id,
 * as n8n's database does) and throws its reconnect error when the refresh token is revoked. The
 * whole n8n runs the same flow in test/e2e/oauth2.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import fc from 'fast-check';

import { Chatwork } from '../../../../nodes/Chatwork/Chatwork.node';
import { chatworkConnection, rateLimitKey, refreshFailure } from '../../../../nodes/shared/chatwork/authentication';
import { CHATWORK_SCOPES, DEFAULT_SCOPES, expandScopes } from '../../../../nodes/shared/chatwork/oauthScopes';
import { limitsFor } from '../../../../nodes/Chatwork/transport/rateLimiter';
import { executeContext, room, runNode } from '../../../support/executeNode';
import { expectEachItemOnExactlyOneOutput } from '../../support/assertions';
import type { TokenAnswer } from '../../support/oauth2';
import { connectOAuth2 } from '../../support/oauth2';
import { useChatworkServer } from '../../support/chatworkServer';

const CLIENT = { clientId: 'n8n-unit-client', clientSecret: 'unit-client-secret-0123456789' };
const API_TOKEN = 'api-token-unit-0123456789abcdef';
const ROOM = 1001;
const SEND_SCOPES = ['rooms.messages:write', 'users.profile.me:read', 'offline_access'];

// Each case connects through the real consent and token endpoints first; a busy machine needs the time.
jest.setTimeout(60_000);

// Chatwork's pacing on a clock 1,000 times faster; access tokens expire only when a test says so.
const TIME_SCALE = 0.001;

const server = useChatworkServer({
	timeScale: TIME_SCALE,
	accounts: [
		{ token: API_TOKEN, account_id: 101, name: 'Lead Bot' },
		{ account_id: 102, name: '山田 太郎' },
	],
	rooms: [{ room_id: ROOM, name: '営業チーム' }],
	limits: false,
	oauth2: { clients: [CLIENT], accessTokenTtlMs: 365 * 24 * 3_600_000 },
});

/** One connected chatworkOAuth2Api credential, used by every execution of a test. */
interface OAuth2Run {
	parameters: IDataObject;
	credentials: IDataObject & { oauthTokenData: IDataObject };
	node: { credentials: Record<string, { id: string; name: string }> };
	credentialId: string;
	/** What n8n's database holds after a refresh: the new token data by credential id. */
	tokenStore: Map<string, unknown>;
}

let credentialSeq = 0;

/** The credential as n8n decrypts it after the consent flow, with its defaults; a refresh stores new tokens in tokenStore. */
function oauth2Run(tokens: TokenAnswer, parameters: IDataObject, scope = SEND_SCOPES.join(' ')): OAuth2Run {
	const credentialId = `cred-${++credentialSeq}`;
	return {
		parameters: { authentication: 'oAuth2', ...parameters },
		credentials: {
			grantType: 'authorizationCode',
			authentication: 'header',
			clientId: CLIENT.clientId,
			clientSecret: CLIENT.clientSecret,
			accessTokenUrl: server().oauth2.tokenUrl,
			baseUrl: server().url,
			scope,
			oauthTokenData: { ...tokens },
		},
		node: { credentials: { chatworkOAuth2Api: { id: credentialId, name: 'Chatwork (sales)' } } },
		credentialId,
		tokenStore: new Map(),
	};
}

/** The access token n8n holds for the credential now: the refreshed one, or the one it was connected with. */
function storedAccessToken(run: OAuth2Run): string {
	const stored = (run.tokenStore.get(run.credentialId) ?? run.credentials.oauthTokenData) as IDataObject;
	return String(stored.access_token);
}

/** Refresh-token grants the look-alike's token endpoint has answered so far. */
function refreshes(): number {
	return server()
		.oauth2.events()
		.filter((event) => event.type === 'token' && event.grantType === 'refresh_token').length;
}

const SEND = { resource: 'message', operation: 'send', roomId: room(ROOM), text: 'リード: {{company}}', selfUnread: false };

/** One execution of the workflow (leads → Chatwork) by n8n-core, and how often it refreshed the token. */
async function execute(run: OAuth2Run, items: number): Promise<Awaited<ReturnType<typeof runNode>> & { refreshes: number }> {
	const before = refreshes();
	const result = await runNode(new Chatwork(), {
		...run,
		items: Array.from({ length: items }, (_, n) => ({ company: `会社${n}` })),
	});
	return { ...result, refreshes: refreshes() - before };
}

function posts() {
	return server().requests.filter((entry) => entry.method === 'POST' && entry.path === `/rooms/${ROOM}/messages`);
}

describe('Chatwork node with OAuth2', () => {
	it('posts with a Bearer token through n8n\'s httpRequestWithAuthentication, without X-ChatWorkToken', async () => {
		const tokens = await connectOAuth2(server(), CLIENT, SEND_SCOPES);
		const result = await execute(oauth2Run(tokens, SEND), 2);
		expect(result.error).toEqual([]);
		expect(result.calls.map((call) => call.headers.Authorization)).toEqual(Array(3).fill(`Bearer ${tokens.access_token}`));
		expect(server().messages(ROOM).map((message) => message.body)).toEqual(['リード: 会社0', 'リード: 会社1']);
		expect(posts().every((entry) => entry.accountId === 101 && !('x-chatworktoken' in entry.headers))).toBe(true);
		expect(result.refreshes).toBe(0);
	});

	it('keeps the API-token path as it was: the node sets X-ChatWorkToken and never calls httpRequestWithAuthentication', async () => {
		const signed = jest.fn();
		const { success, calls } = await runNode(new Chatwork(), {
			items: [{ company: 'A社' }],
			parameters: SEND,
			credentials: { apiToken: API_TOKEN, baseUrl: server().url },
			onContext: (ctx) => {
				ctx.helpers.httpRequestWithAuthentication = signed;
			},
		});
		expect(success).toHaveLength(1);
		expect(calls.map((call) => call.headers['X-ChatWorkToken'])).toEqual([API_TOKEN]);
		expect(signed).not.toHaveBeenCalled();
	});

	it('refreshes an expired access token once per execution and posts every lead exactly once (generated batches)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 6 }), async (leads) => {
				server().reset();
				const run = oauth2Run(await connectOAuth2(server(), CLIENT, SEND_SCOPES), SEND);
				server().oauth2.expireAccessTokens();
				const result = await execute(run, leads);
				expectEachItemOnExactlyOneOutput(result, leads);
				expect(result.success).toHaveLength(leads);
				expect(server().messages(ROOM)).toHaveLength(leads);
				expect(result.refreshes).toBe(1);
				expect(server().requests.filter((entry) => entry.status === 401)).toHaveLength(1);
			}),
			{ numRuns: 8 },
		);
	});

	it('turns a revoked refresh token into Error items that say to renew the connection; nothing is posted or sent twice', async () => {
		const run = oauth2Run(await connectOAuth2(server(), CLIENT, SEND_SCOPES), SEND);
		expect((await execute(run, 1)).refreshes).toBe(0);
		server().reset();
		server().oauth2.revoke();
		const result = await execute(run, 3);
		expectEachItemOnExactlyOneOutput(result, 3);
		expect(result.success).toEqual([]);
		const [first, ...rest] = result.error.map((item: { json: IDataObject }) => item.json);
		expect(first).toMatchObject({ code: 401, error: { retryable: false, delivery: 'failed' } });
		for (const item of [first, ...rest]) {
			expect((item.error as { message: string }).message).toContain('The Chatwork connection of the credential "Chatwork (sales)" must be renewed');
			expect((item.error as { message: string }).message).toContain('revoked or has expired');
		}
		for (const item of rest) expect(item).toMatchObject({ code: null, attempts: 0, error: { delivery: 'not_sent' } });
		expect(server().messages(ROOM)).toEqual([]);
		expect(posts()).toHaveLength(1);
		expect(result.refreshes).toBe(1);
	});

	it('names the token endpoint\'s answer when a refresh is refused for another reason (a changed client secret)', async () => {
		const run = oauth2Run(await connectOAuth2(server(), CLIENT, SEND_SCOPES), SEND);
		run.credentials.clientSecret = 'a-secret-chatwork-no-longer-knows';
		server().oauth2.expireAccessTokens();
		const result = await execute(run, 2);
		expectEachItemOnExactlyOneOutput(result, 2);
		expect(result.error).toHaveLength(2);
		for (const item of result.error) {
			expect(item.json.error.message).toContain('must be renewed');
			expect(item.json.error.message).toContain('the token endpoint answered "invalid_client"');
		}
		expect(server().messages(ROOM)).toEqual([]);
		expect(result.refreshes).toBe(1);
	});

	it('finds the connection dead before the first post when the account is not known yet, and sends no post', async () => {
		const run = oauth2Run(await connectOAuth2(server(), CLIENT, SEND_SCOPES), SEND);
		server().oauth2.revoke();
		const result = await execute(run, 2);
		expect(result.error.map((item: { json: IDataObject }) => item.json.error)).toEqual([
			expect.objectContaining({ delivery: 'not_sent', message: expect.stringContaining('must be renewed') }),
			expect.objectContaining({ delivery: 'not_sent', message: expect.stringContaining('must be renewed') }),
		]);
		expect(posts()).toEqual([]);
		expect(result.refreshes).toBe(1);
	});

	it('names the missing scope when Chatwork answers 403 to a post', async () => {
		const run = oauth2Run(await connectOAuth2(server(), CLIENT, ['users.profile.me:read']), SEND, 'users.profile.me:read');
		const result = await execute(run, 1);
		expect(result.error[0].json).toMatchObject({ code: 403, error: { delivery: 'failed' } });
		expect((result.error[0].json.error as { errors: string[] }).errors[1]).toContain('was not granted the scope "rooms.messages:write"');
		expect(server().messages(ROOM)).toEqual([]);
	});

	it('puts no access or refresh token in any output item or error, through a refresh and a revocation', async () => {
		const tokens = await connectOAuth2(server(), CLIENT, SEND_SCOPES);
		const run = oauth2Run(tokens, SEND);
		server().oauth2.expireAccessTokens();
		const refreshed = await execute(run, 2);
		const refreshedToken = storedAccessToken(run);
		server().oauth2.revoke();
		server().oauth2.expireAccessTokens();
		const revoked = await execute(run, 2);
		expect(refreshed.success).toHaveLength(2);
		expect(refreshedToken).not.toBe(tokens.access_token);
		expect(revoked.error).toHaveLength(2);
		// The items n8n keeps and shows; `calls` are the signed requests on their way out, which must carry a token.
		const text = JSON.stringify([refreshed.success, refreshed.error, revoked.success, revoked.error]);
		for (const secret of [tokens.access_token, tokens.refresh_token, refreshedToken]) {
			expect(text).not.toContain(secret);
		}
	});
});

describe('what a failed refresh looks like', () => {
	const node = { id: '1', name: 'Chatwork', type: 'chatwork', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

	it('reads n8n\'s reconnect error, the token endpoint\'s OAuth errors and a second 401, and nothing else', () => {
		const reconnect = new NodeApiError(node, new NodeOperationError(node, 'needs to be reconnected', { failure: { cause: 'credential-invalid' } } as never) as never);
		expect(refreshFailure(reconnect)).toBe('the refresh token was revoked or has expired');
		expect(refreshFailure(new NodeApiError(node, Object.assign(new Error('x'), { code: 'EAUTH', body: { error: 'invalid_client' } }) as never))).toBe(
			'the token endpoint answered "invalid_client"',
		);
		expect(refreshFailure(Object.assign(new Error('401'), { response: { status: 401 } }))).toContain('refused the refreshed access token');
		expect(refreshFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
		expect(refreshFailure(Object.assign(new Error('bad'), { response: { status: 500 } }))).toBeUndefined();
	});

	it('never mistakes a plain transport error for a dead connection (generated errors)', () => {
		fc.assert(
			fc.property(fc.string(), fc.constantFrom('ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE'), fc.integer({ min: 402, max: 599 }), (message, code, status) => {
				fc.pre(!/refresh token|not connected/i.test(message));
				expect(refreshFailure(Object.assign(new Error(message), { code, response: { status } }))).toBeUndefined();
			}),
		);
	});
});

describe('scopes', () => {
	it('defaults to what the lead flow needs, and keeps the connection with offline_access', () => {
		expect(DEFAULT_SCOPES).toEqual(expect.arrayContaining(['rooms.messages:write', 'rooms.info:read', 'users.profile.me:read', 'offline_access']));
		for (const scope of DEFAULT_SCOPES) expect(CHATWORK_SCOPES.map((known) => known.value)).toContain(scope);
	});

	it('expands umbrella scopes to what they grant: idempotent and never losing a granted scope (generated sets)', () => {
		const values = CHATWORK_SCOPES.map((scope) => scope.value);
		fc.assert(
			fc.property(fc.subarray(values), (granted) => {
				const expanded = expandScopes(granted);
				for (const scope of granted) expect(expanded.has(scope)).toBe(true);
				expect([...expandScopes(expanded)].sort()).toEqual([...expanded].sort());
			}),
		);
		expect(expandScopes(['rooms.all:read_write']).has('rooms.messages:write')).toBe(true);
		expect(expandScopes(['rooms.all:read']).has('rooms.messages:write')).toBe(false);
	});
});

describe('rate limits keyed per account', () => {
	it('gives one account\'s credentials one budget and two accounts two, whatever the credentials (generated)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.constantFrom(101, 102), { minLength: 2, maxLength: 4 }), async (accounts) => {
				const keys: string[] = [];
				for (const account of accounts) {
					const ctx = executeContext({ ...oauth2Run(await connectOAuth2(server(), CLIENT, SEND_SCOPES, account), SEND), items: [] });
					const connection = await chatworkConnection(ctx, 'oAuth2');
					keys.push(await rateLimitKey(ctx, connection));
				}
				for (let a = 0; a < accounts.length; a++) {
					for (let b = 0; b < accounts.length; b++) {
						const shared = limitsFor(server().url, keys[a], 1) === limitsFor(server().url, keys[b], 1);
						expect({ accounts: [accounts[a], accounts[b]], shared }).toEqual({ accounts: [accounts[a], accounts[b]], shared: accounts[a] === accounts[b] });
					}
				}
			}),
			{ numRuns: 10 },
		);
	});

	it('asks Chatwork who the account is once per grant, not once per execution', async () => {
		const run = oauth2Run(await connectOAuth2(server(), CLIENT, SEND_SCOPES), SEND);
		await execute(run, 1);
		await execute(run, 1);
		expect(server().requests.filter((entry) => entry.path === '/me')).toHaveLength(1);
	});

	it('keys an API token by the token itself, as before', async () => {
		const ctx = executeContext({ items: [], parameters: SEND, credentials: { apiToken: API_TOKEN, baseUrl: server().url } });
		const connection = await chatworkConnection(ctx, 'apiToken');
		expect(await rateLimitKey(ctx, connection)).toBe(API_TOKEN);
		expect(server().requests).toEqual([]);
	});
});
