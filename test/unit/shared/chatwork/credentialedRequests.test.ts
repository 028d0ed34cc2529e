import fc from 'fast-check';
import type { IDataObject, ICredentialType } from 'n8n-workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { Chatwork } from '../../../../nodes/Chatwork/Chatwork.node';
import { ChatworkTrigger } from '../../../../nodes/ChatworkTrigger/ChatworkTrigger.node';
import type { FaultRule } from '../../../../sandbox';
import { executeContext, room } from '../../../support/executeNode';
import { useChatworkServer } from '../../support/chatworkServer';
import { connectOAuth2 } from '../../support/oauth2';
import type { RecordingServer } from '../../support/recordingServer';
import { startRecordingServer } from '../../support/recordingServer';

/**
 * Issue 25, defect 1: every request that carries a Chatwork credential refuses redirects, so a
 * Base URL that answers 30x to another origin never hands that origin the API token or the OAuth2
 * access token. (a) the source: one builder, no other credentialed call site; (b) behaviour: each
 * credentialed path against the look-alike answering generated redirects to a second server.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const TOKEN = 'redirect-api-token-0123456789abcdef';
const CLIENT = { clientId: 'redirect-client', clientSecret: 'redirect-client-secret-0123456789' };
/** The OAuth2 access token of the run in progress (each run connects anew). */
let accessToken = 'not-connected-yet';
const ROOM = 1001;

const server = useChatworkServer({
	timeScale: 0.001,
	accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }],
	rooms: [{ room_id: ROOM, name: '営業チーム' }],
	limits: false,
	oauth2: { clients: [CLIENT], accessTokenTtlMs: 365 * 24 * 3_600_000 },
});

let elsewhere: RecordingServer;
beforeAll(async () => {
	elsewhere = await startRecordingServer();
});
afterAll(async () => {
	await elsewhere.close();
});

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

describe('(a) the source: one builder makes every credentialed request', () => {
	const files = [...sourceFiles(join(ROOT, 'nodes')), ...sourceFiles(join(ROOT, 'credentials'))];
	/** A call of one of n8n's HTTP helpers (comments left out: they name the helpers too). */
	const HTTP_CALL = /\b(?:helpers\.(?:httpRequest|httpRequestWithAuthentication|request|requestWithAuthentication|requestOAuth1|requestOAuth2)\b|(?:httpRequestWithAuthentication|requestWithAuthentication)\.call\b)/g;
	const code = (file: string) => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
	/** Files that may call n8n's HTTP helpers, and why. */
	const ALLOWED: Record<string, string> = {
		'nodes/shared/chatwork/request.ts': 'the builder of every credentialed request',
		'nodes/Chatwork/transport/download.ts': "File → Download's storage URL, sent without any credential",
		'nodes/SatoriWebhookTrigger/6-keep/keepSubmission.ts': "Keep Submissions: n8n's own public API with its API key (tested in 6-keep/keepSubmission.test.ts)",
	};

	it('finds the call sites at all (the scan is not blind)', () => {
		const found = files.filter((file) => [...code(file).matchAll(HTTP_CALL)].length > 0);
		expect(found.map((file) => relative(ROOT, file)).sort()).toEqual(Object.keys(ALLOWED).sort());
	});

	it('the credentialed call sites live only in the builder module, which refuses redirects after the caller options', () => {
		const builder = code(join(ROOT, 'nodes/shared/chatwork/request.ts'));
		const built = /return \{\n\t\t\.\.\.options,[\s\S]*?\.\.\.REFUSE_REDIRECTS,\n\t\};/.exec(builder);
		expect(built).not.toBeNull();
		expect(builder).toMatch(/export const REFUSE_REDIRECTS = \{ disableFollowRedirect: true \} as const;/);
		// Both helper calls send `request`, the builder's object, and nothing else.
		expect([...builder.matchAll(HTTP_CALL)].map((call) => builder.slice(call.index, builder.indexOf(')', call.index) + 1))).toEqual([
			'helpers.httpRequestWithAuthentication.call(ctx, SIGN_IN_CREDENTIAL_TYPE, request)',
			'helpers.httpRequest(request)',
		]);
		expect(builder).toMatch(/const request = \{ \.\.\.credentialedRequest\(connection, options\),/);
	});

	it("Keep Submissions' one call of n8n's API refuses redirects after the caller's options", () => {
		const keep = code(join(ROOT, 'nodes/SatoriWebhookTrigger/6-keep/keepSubmission.ts'));
		const calls = [...keep.matchAll(HTTP_CALL)];
		expect(calls).toHaveLength(1);
		const call = keep.slice(calls[0].index, keep.indexOf('})', calls[0].index));
		expect(call).toMatch(/^helpers\.httpRequestWithAuthentication\.call\(context, KEEP_CREDENTIAL_TYPE, \{\n\t+\.\.\.options,[\s\S]*disableFollowRedirect: true,\n\t+$/);
	});

	it('the plain download call carries no credential', () => {
		const download = readFileSync(join(ROOT, 'nodes/Chatwork/transport/download.ts'), 'utf8');
		expect(download).not.toMatch(/getCredentials|Authorization|CHATWORK_TOKEN_HEADER|connection|httpRequestWithAuthentication/);
	});

	it("every credential's Test request refuses redirects", () => {
		const credentialFiles = files.filter((file) => file.endsWith('.credentials.ts'));
		expect(credentialFiles.length).toBeGreaterThanOrEqual(4);
		for (const file of credentialFiles) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- each credential module, whatever it exports
			const exports = require(file) as Record<string, unknown>;
			for (const value of Object.values(exports)) {
				if (typeof value !== 'function') continue;
				const credential = new (value as new () => ICredentialType)();
				if (credential.test?.request) expect([credential.name, credential.test.request.disableFollowRedirect]).toEqual([credential.name, true]);
			}
		}
	});

	it('the builder refuses redirects whatever options a caller passes (generated)', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- the builder under test
		const { credentialedRequest } = require('../../../../nodes/shared/chatwork/request') as typeof import('../../../../nodes/shared/chatwork/request');
		fc.assert(
			fc.property(
				fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), url: fc.webUrl() }, { requiredKeys: ['url'] }),
				fc.dictionary(fc.string(), fc.anything()),
				fc.boolean(),
				(options, extra, oauth2) => {
					const connection = { baseUrl: 'http://127.0.0.1:9', token: TOKEN, ...(oauth2 ? { oauth2: { credentialName: 'x', credentialId: '1', granted: new Set<string>(), grantKey: 'k' } } : {}) };
					const built = credentialedRequest(connection, { ...extra, ...options, disableFollowRedirect: false } as never);
					expect(built.disableFollowRedirect).toBe(true);
				},
			),
		);
	});
});

/** Where a redirect may point, as a server could spell it: all to the other origin. */
function locationForms(origin: string) {
	const host = origin.replace(/^http:/, '');
	return fc.oneof(
		fc.constant(`${origin}/v2/me`),
		fc.constant(origin),
		fc.constant(`${host}/me`),
		fc.constant(`${origin.replace('http://', 'HTTP://')}/x?token=1`),
		fc.webPath().map((path) => `${origin}${path}`),
		fc.webQueryParameters().map((query) => `${origin}/me?${query}`),
	);
}

const REDIRECTS = fc.constantFrom(301, 302, 303, 307, 308);

/** The second origin saw no request carrying either token, in any header. */
function expectNoTokenElsewhere() {
	const leaked = elsewhere.requests.filter((request) => JSON.stringify(request.headers).includes(TOKEN) || JSON.stringify(request.headers).includes(accessToken));
	expect(leaked).toEqual([]);
}

let credentialSeq = 0;

/** An execute context signed in with OAuth2: n8n-core's own requestOAuth2 signs with the stored access token. */
async function oauth2Context(parameters: IDataObject) {
	const tokens = await connectOAuth2(server(), CLIENT, ['rooms.messages:write', 'users.profile.me:read']);
	accessToken = tokens.access_token;
	return executeContext({
		items: [{}],
		parameters: { authentication: 'oAuth2', ...parameters },
		credentials: {
			grantType: 'authorizationCode',
			authentication: 'header',
			...CLIENT,
			accessTokenUrl: server().oauth2.tokenUrl,
			baseUrl: server().url,
			scope: tokens.scope,
			oauthTokenData: { ...tokens },
		},
		node: { credentials: { chatworkOAuth2Api: { id: `c-${++credentialSeq}`, name: 'Chatwork (sales)' } } },
	});
}

function apiTokenContext(parameters: IDataObject) {
	return executeContext({ items: [{}], parameters, credentials: { apiToken: TOKEN, baseUrl: server().url } });
}

const SEND = { resource: 'message', operation: 'send', roomId: room(ROOM), text: 'lead', selfUnread: false };

/** Each credentialed path: how to run it once, and which request to answer with the redirect. */
const PATHS: Record<string, { rule: Partial<FaultRule>; run: () => Promise<unknown> }> = {
	'node operation, API token (Me → Get)': {
		rule: { method: 'GET', path: '/me' },
		run: async () => await new Chatwork().execute.call(apiTokenContext({ resource: 'me', operation: 'get' })),
	},
	'node operation, API token (Message → Send)': {
		rule: { method: 'POST' },
		run: async () => await new Chatwork().execute.call(apiTokenContext(SEND)),
	},
	'OAuth2 GET /me for the rate-limit key': {
		rule: { method: 'GET', path: '/me' },
		run: async () => await new Chatwork().execute.call(await oauth2Context(SEND)),
	},
	'node operation, OAuth2 (Message → Send)': {
		rule: { method: 'POST' },
		run: async () => await new Chatwork().execute.call(await oauth2Context(SEND)),
	},
	'Room picker (list search)': {
		rule: { method: 'GET', path: '/rooms' },
		run: async () => await new Chatwork().methods.listSearch.searchRooms.call(apiTokenContext({ authentication: 'apiToken' }) as never),
	},
	'Contacts list (load options)': {
		rule: { method: 'GET', path: '/me' },
		run: async () => await new Chatwork().methods.loadOptions.getContacts.call(apiTokenContext({ authentication: 'apiToken' }) as never),
	},
	"Chatwork Trigger's loop guard GET /me": {
		rule: { method: 'GET', path: '/me' },
		run: async () => await new ChatworkTrigger().webhookMethods.default.create.call(triggerHookContext() as never),
	},
	"credential Test button (GET /me as n8n sends it)": {
		rule: { method: 'GET', path: '/me' },
		run: async () => await credentialTest(),
	},
};

let triggerSeq = 0;
/** The trigger's activation hook: hook contexts read parameters as (name, fallback). */
function triggerHookContext() {
	const ctx = executeContext({ nodeType: new ChatworkTrigger(), items: [], parameters: {}, credentials: { apiToken: TOKEN, baseUrl: server().url, webhookToken: Buffer.alloc(32, ++triggerSeq).toString('base64') } as never });
	const parameters: IDataObject = { events: ['message_created'], ignoreOwnMessages: true, ownAccountFrom: 'credential', ownAccountIds: '', filters: {} };
	ctx.getNodeParameter = (name: string, fallback: unknown) => parameters[name] ?? fallback;
	return ctx;
}

/** The credential's declarative Test request, resolved and sent the way n8n's routing does. */
async function credentialTest() {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the credential under test
	const { ChatworkApi } = require('../../../../credentials/ChatworkApi.credentials') as typeof import('../../../../credentials/ChatworkApi.credentials');
	const credential = new ChatworkApi();
	const { baseURL, ...request } = credential.test.request;
	const ctx = apiTokenContext({});
	expect(baseURL).toMatch(/\$credentials\.baseUrl/);
	return await ctx.helpers
		.httpRequest({ ...request, url: `${server().url}${request.url}`, headers: { 'X-ChatWorkToken': TOKEN } })
		.catch(() => undefined);
}

describe('(b) behaviour: a redirect to another origin never gets a token', () => {
	for (const [name, path] of Object.entries(PATHS)) {
		it(`${name}: no request carrying a token reaches the other origin (generated statuses and Location forms)`, async () => {
			let redirected = 0;
			await fc.assert(
				fc.asyncProperty(REDIRECTS, locationForms(elsewhere.origin), async (status, location) => {
					server().reset();
					elsewhere.requests.length = 0;
					const scripted = server().script({ times: 1, status, headers: { Location: location }, body: null, ...path.rule });
					await path.run().catch(() => undefined);
					redirected += scripted.hits;
					expectNoTokenElsewhere();
				}),
				{ numRuns: 12 },
			);
			// The redirect was really answered to the path under test.
			expect(redirected).toBeGreaterThan(0);
		}, 60_000);
	}
});
