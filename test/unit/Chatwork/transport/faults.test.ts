import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { ChatworkApi } from '../../../../credentials/ChatworkApi.credentials';
import { ChatworkOAuth2Api } from '../../../../credentials/ChatworkOAuth2Api.credentials';
import { Chatwork } from '../../../../nodes/Chatwork/Chatwork.node';
import type { ChatworkServer, FaultRule } from '../../../../sandbox';
import { startChatworkServer } from '../../../../sandbox';
import type { Parameters } from '../../../support/executeNode';
import { room, runNode } from '../../../support/executeNode';
import { LONGEST_ANSWERED_WAIT_MS, ROOM_WINDOW_MS } from '../../../../nodes/Chatwork/transport/limits';
import { expectEachItemOnExactlyOneOutput } from '../../support/assertions';

/**
 * The fault matrix of issue 11 against the Chatwork look-alike: for each fault a gateway, proxy or
 * Chatwork itself can produce, how many copies end up stored and what the history item says.
 * Never two copies without the opt-in; a copy that may exist without a success says `unknown`.
 */

const TOKEN = 'fault-matrix-token-0123456789';
const SCALE = 0.001;
const ROOMS = [3001, 3002, 3003, 3004, 3005];
const ROOM = ROOMS[0];

let server: ChatworkServer;
/** Another host that knows the same token, so a token that reached it shows in its log. */
let elsewhere: ChatworkServer;

const serverOptions = {
	accounts: [{ token: TOKEN, account_id: 7, name: 'Bot' }],
	rooms: ROOMS.map((room_id) => ({ room_id, name: `Room ${room_id}` })),
	timeScale: SCALE,
};

beforeAll(async () => {
	process.env.N8N_CHATWORK_TIME_SCALE = String(SCALE);
	[server, elsewhere] = await Promise.all([startChatworkServer(serverOptions), startChatworkServer(serverOptions)]);
});
afterAll(async () => {
	delete process.env.N8N_CHATWORK_TIME_SCALE;
	await Promise.all([server.close(), elsewhere.close()]);
});
beforeEach(() => {
	server.reset();
	elsewhere.reset();
});

interface HistoryJson extends IDataObject {
	status: 'success' | 'error';
	code: number | null;
	attempts: number;
	error: (IDataObject & { delivery: string; retryable: boolean; message: string }) | null;
}

function send(items: IDataObject[], parameters: Parameters = {}, on: ChatworkServer = server) {
	return runNode(new Chatwork(), {
		items,
		credentials: { apiToken: TOKEN, baseUrl: on.url },
		parameters: {
			resource: 'message',
			operation: 'send',
			roomId: (index: number) => room(String(items[index].room ?? ROOM)),
			text: '{{n}}',
			...parameters,
		},
	});
}

const copies = (body: string, roomId = ROOM) => server.messages(roomId).filter((message) => message.body === body).length;
const only = (result: { success: Array<{ json: IDataObject }>; error: Array<{ json: IDataObject }> }) =>
	[...result.success, ...result.error][0].json as HistoryJson;
const POST_MESSAGES = { method: 'POST', path: '/rooms/{room_id}/messages' } as const;

describe('fault matrix: a post that Chatwork may have processed is never sent twice without the opt-in', () => {
	const mayHaveBeenProcessed: Array<[string, FaultRule, Parameters]> = [
		['store, then a gateway answers 504', { statusAfterStore: 504 }, {}],
		['store, then 500', { statusAfterStore: 500, body: { errors: ['Internal Server Error'] } }, {}],
		['store, then 502', { statusAfterStore: 502 }, {}],
		['store, then the connection is reset', { resetAfterStore: true }, {}],
		['store, then no answer before the timeout', { delayAfterStoreMs: 2_500 }, { delivery: { timeout: 1 } }],
	];

	it.each(mayHaveBeenProcessed)('%s: one copy, found by reading the room back, a Success item with delivery confirmed', async (_, fault, parameters) => {
		server.script({ ...POST_MESSAGES, times: 1, ...fault });

		const result = await send([{ n: 'lead A' }], parameters);

		expectEachItemOnExactlyOneOutput(result, 1);
		expect(copies('lead A')).toBe(1);
		const item = only(result);
		expect(item).toMatchObject({ status: 'success', attempts: 1, delivery: 'confirmed', messageId: server.messages(ROOM)[0].message_id });
		expect(item.readBacks).toBeGreaterThanOrEqual(1);
	});

	it.each(mayHaveBeenProcessed)('%s, and the room cannot be read (403): one copy, an Error item with delivery unknown that says why', async (_, fault, parameters) => {
		server.script({ ...POST_MESSAGES, times: 1, ...fault });
		server.script({ method: 'GET', path: '/rooms/{room_id}/messages', status: 403, body: { errors: ['You don\'t have permission to get messages in this room'] } });

		const result = await send([{ n: 'lead A' }], parameters);

		expect(copies('lead A')).toBe(1);
		const item = only(result);
		expect(item).toMatchObject({ status: 'error', attempts: 1 });
		expect(item.error).toMatchObject({ delivery: 'unknown', retryable: false, readBack: expect.stringMatching(/403/) });
		expect(item.error?.message).toMatch(/Retry When Delivery Is Unknown/);
		expect(item.error?.message).toMatch(/cannot be read/);
	});

	it('a 500 that Chatwork answers before storing: read back twice, not found, posted again: one copy', async () => {
		server.script({ ...POST_MESSAGES, times: 2, status: 500 });

		const result = await send([{ n: 'x' }, { n: 'y' }], { delivery: { maxRetries: 3 } });

		expectEachItemOnExactlyOneOutput(result, 2);
		expect(result.error).toEqual([]);
		expect(copies('x')).toBe(1);
		expect(copies('y')).toBe(1);
		// Both 500s hit x: each is read back twice (GET /me is asked once per credential and process), then posted again.
		expect(only(result)).toMatchObject({ attempts: 3, code: 200 });
		expect(server.requests.filter((request) => request.route === 'GET /rooms/{room_id}/messages')).toHaveLength(4);
	});

	it('a 500 before storing with no retries left: not in the room, so not_sent and retryable', async () => {
		server.script({ ...POST_MESSAGES, status: 500 });

		const result = await send([{ n: 'never' }], { delivery: { maxRetries: 0 } });

		expect(copies('never')).toBe(0);
		expect(only(result)).toMatchObject({ status: 'error', code: 500, attempts: 1, error: { delivery: 'not_sent', retryable: true } });
	});
});

describe('fault matrix: answers that say Chatwork did nothing are retried into exactly one copy', () => {
	it('503 before storing, twice: retried, one copy, success on the third attempt', async () => {
		server.script({ ...POST_MESSAGES, times: 2, status: 503 });

		const result = await send([{ n: 'after 503' }]);

		expect(only(result)).toMatchObject({ status: 'success', code: 200, attempts: 3 });
		expect(copies('after 503')).toBe(1);
	});

	it('a 503 that never ends: Error item, delivery not_sent, retryable, nothing stored', async () => {
		server.script({ ...POST_MESSAGES, status: 503 });

		const result = await send([{ n: 'never' }], { delivery: { maxRetries: 2 } });

		expect(only(result)).toMatchObject({ status: 'error', code: 503, attempts: 3, error: { delivery: 'not_sent', retryable: true } });
		expect(copies('never')).toBe(0);
	});

	it('a read (GET) is retried on any 5xx, a 500 and a 504 included', async () => {
		server.script({ method: 'GET', path: '/rooms/{room_id}', times: 1, status: 500 });
		server.script({ method: 'GET', path: '/rooms/{room_id}', times: 1, statusAfterStore: 504 });

		const result = await runNode(new Chatwork(), {
			items: [{}],
			credentials: { apiToken: TOKEN, baseUrl: server.url },
			parameters: { resource: 'room', operation: 'get', roomId: room(ROOM) },
		});

		expect(only(result)).toMatchObject({ status: 'success', code: 200, attempts: 3 });
	});

	it('a 429 with only Retry-After (no X-RateLimit-*) waits what it asks, not a whole 5-minute window', async () => {
		server.script({ ...POST_MESSAGES, times: 1, status: 429, rateLimitHeaders: false, headers: { 'Retry-After': '3' } });

		const result = await send([{ n: 'after Retry-After' }]);

		const item = only(result);
		expect(item).toMatchObject({ status: 'success', attempts: 2 });
		expect(copies('after Retry-After')).toBe(1);
		// The wait the node chose (real ms at this scale): at least the 3 s asked, far less than 300 s.
		expect(Number(item.rateLimitedMs)).toBeGreaterThanOrEqual(3_000 * SCALE);
		expect(Number(item.rateLimitedMs)).toBeLessThan(60_000 * SCALE);
		const [refused, accepted] = server.requests;
		expect(accepted.receivedAt - Number(refused.respondedAt)).toBeGreaterThanOrEqual(3_000);
	});

	it('a 429 whose X-RateLimit-Reset is in milliseconds does not lock the token: later runs deliver', async () => {
		const absurd = String(server.clock.now());
		server.script({ ...POST_MESSAGES, times: 1, status: 429, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': absurd } });

		const first = await send([{ n: 'first run' }]);
		const later = await send([{ n: 'later 1' }, { n: 'later 2' }, { n: 'later 3' }]);

		expect(only(first)).toMatchObject({ status: 'success', attempts: 2 });
		expectEachItemOnExactlyOneOutput(later, 3);
		expect(later.error).toEqual([]);
		expect(server.messages(ROOM).map((message) => message.body)).toEqual(['first run', 'later 1', 'later 2', 'later 3']);
	});
});

describe('fault matrix: every wait an answer asks for is bounded by Rate-Limit Wait and counted (issue 25)', () => {
	it('a 503 with Retry-After: 999999 ends the item at once as an Error that says why, and the next item of the room goes out', async () => {
		server.script({ ...POST_MESSAGES, times: 1, status: 503, headers: { 'Retry-After': '999999' } });

		const result = await send([{ n: 'asked to wait 11 days' }, { n: 'next lead' }]);

		expectEachItemOnExactlyOneOutput(result, 2);
		const [refused] = result.error.map((item) => item.json as HistoryJson);
		expect(refused).toMatchObject({ code: 503, attempts: 1, error: { delivery: 'not_sent', retryable: true } });
		expect(refused.error?.message).toMatch(/999999 s \(Retry-After\).*Rate-Limit Wait \(330 s\)/);
		expect(copies('asked to wait 11 days')).toBe(0);
		expect(result.success.map((item) => item.json.message)).toEqual(['next lead']);
	});

	it('a 503 with Retry-After: 5 waits the 5 s it asks and counts them in rateLimitedMs', async () => {
		server.script({ ...POST_MESSAGES, times: 1, status: 503, headers: { 'Retry-After': '5' } });

		const result = await send([{ n: 'after 5 s' }]);

		const item = only(result);
		expect(item).toMatchObject({ status: 'success', attempts: 2 });
		expect(Number(item.rateLimitedMs)).toBeGreaterThanOrEqual(5_000 * SCALE);
		const [refused, accepted] = server.requests;
		expect(accepted.receivedAt - Number(refused.respondedAt)).toBeGreaterThanOrEqual(5_000);
	});

	it('a token 429 whose X-RateLimit-Reset is 10^12 s ahead holds the token one room window: 3 leads 15 s later wait no longer', async () => {
		const absurd = String(Math.ceil(server.clock.now() / 1000) + 1e12);
		server.script({ ...POST_MESSAGES, times: 1, status: 429, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': absurd } });

		const first = send([{ n: 'refused once' }]);
		while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
		// 15 s after the 429 on the transport's clock (it runs at SCALE, like the look-alike's).
		await new Promise((resolve) => setTimeout(resolve, 15_000 * SCALE));
		const later = await send([{ n: 'later 1' }, { n: 'later 2' }, { n: 'later 3' }]);

		expect(only(await first)).toMatchObject({ status: 'success', attempts: 2 });
		expectEachItemOnExactlyOneOutput(later, 3);
		for (const { json } of later.success) expect(Number(json.rateLimitedMs ?? 0)).toBeLessThanOrEqual(ROOM_WINDOW_MS * SCALE);
		expect(server.messages(ROOM).map((message) => message.body).sort()).toEqual(['later 1', 'later 2', 'later 3', 'refused once']);
	});
});

describe('fault matrix, generated: Retry-After in any form on a 503 or a 429', () => {
	const TOKENS = Array.from({ length: 40 }, (_, n) => `retry-after-token-${n}-0123456789`);
	let own: ChatworkServer;
	beforeAll(async () => {
		own = await startChatworkServer({
			accounts: TOKENS.map((token, n) => ({ token, account_id: 100 + n, name: `Bot ${n}` })),
			rooms: [{ room_id: ROOM, name: 'Room' }],
			timeScale: SCALE,
		});
	});
	afterAll(() => own.close());

	/** A Retry-After value, and the wait it asks for in Chatwork seconds (undefined: not a Retry-After). */
	const retryAfter = fc.oneof(
		fc.integer({ min: 0, max: 40 }).map((asked) => ({ header: String(asked), asked })),
		fc.integer({ min: 361, max: 1e9 }).map((asked) => ({ header: String(asked), asked })),
		// An HTTP date 100–200 s ahead on Chatwork's clock (it moves a few seconds while the request is made).
		fc.integer({ min: 100, max: 200 }).map((asked) => ({ header: `HTTP date ${asked} s ahead`, asked })),
		fc.constantFrom('soon', '-5', '1.5', '0x10', 'Wed, 99 Foo 2026', 'in a while').map((header) => ({ header, asked: undefined as number | undefined })),
	);
	const headerValue = (header: string, asked: number | undefined) =>
		header.startsWith('HTTP date') ? new Date(own.clock.now() + (asked ?? 0) * 1000).toUTCString() : header;

	it('waits what is asked when the setting allows it (counted), else ends the item with a clear Error at once; nothing is posted twice', async () => {
		let run = 0;
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(503, 429), retryAfter, fc.constantFrom(15, 330, 1000), async (status, form, setting) => {
				const token = TOKENS[run++];
				own.reset();
				const value = headerValue(form.header, form.asked);
				own.script({ ...POST_MESSAGES, times: 1, status, rateLimitHeaders: false, headers: { 'Retry-After': value } });

				const result = await runNode(new Chatwork(), {
					items: [{ n: `run ${run}` }],
					credentials: { apiToken: token, baseUrl: own.url },
					parameters: { resource: 'message', operation: 'send', roomId: room(String(ROOM)), text: '{{n}}', delivery: { maxRateLimitWait: setting } },
				});

				const item = only(result);
				const stored = own.messages(ROOM).filter((message) => message.body === `run ${run}`).length;
				// What the node must wait, in Chatwork seconds: at most one token window plus skew (360 s) is
				// believed; a 429 that asks nothing waits one room window, a 503 that asks nothing backs off.
				const [refused, accepted] = own.requests;
				// A date asks for the time from the answer to it; Chatwork's clock moved while the request was made.
				const askedNow = value === form.header ? form.asked : (Date.parse(value) - Number(refused.respondedAt)) / 1000;
				const asked = askedNow === undefined ? undefined : Math.min(askedNow, LONGEST_ANSWERED_WAIT_MS / 1000);
				const needed = asked !== undefined && asked > 0 ? asked : status === 429 ? ROOM_WINDOW_MS / 1000 : 0;
				expect(Number(item.rateLimitedMs ?? 0)).toBeLessThanOrEqual(setting * 1000 * SCALE + 1);
				if (needed > setting) {
					expect(item).toMatchObject({ status: 'error', code: status, attempts: 1, error: { delivery: 'not_sent', retryable: true } });
					expect(item.error?.message).toContain(`Rate-Limit Wait (${setting} s)`);
					expect(stored).toBe(0);
				} else {
					expect(item).toMatchObject({ status: 'success', attempts: 2 });
					expect(stored).toBe(1);
					expect(accepted.receivedAt - Number(refused.respondedAt)).toBeGreaterThanOrEqual((needed - 1) * 1000);
				}
			}),
			{ numRuns: TOKENS.length, endOnFailure: true },
		);
	}, 120_000);
});

describe('fault matrix: redirects never carry the token anywhere', () => {
	it('a 307 to another host is not followed: the token never arrives there, nothing is stored, the item says where it pointed', async () => {
		server.script({ ...POST_MESSAGES, times: 1, redirectTo: elsewhere.url });

		const result = await send([{ n: 'redirected' }]);

		expect(elsewhere.requests).toEqual([]);
		expect(server.messages()).toEqual([]);
		expect(elsewhere.messages()).toEqual([]);
		const item = only(result);
		expect(item).toMatchObject({ status: 'error', code: 307, attempts: 1, error: { delivery: 'failed', retryable: false } });
		expect(item.error?.message).toContain(elsewhere.origin);
		expect(JSON.stringify([result.success, result.error])).not.toContain(TOKEN);
	});

	it('a 307 to the same host is not followed either: one request, nothing stored, a clear Error item', async () => {
		server.script({ ...POST_MESSAGES, times: 1, redirectTo: `${server.url}/elsewhere` });

		const result = await send([{ n: 'same origin' }]);

		expect(server.requests).toHaveLength(1);
		expect(server.messages()).toEqual([]);
		expect(only(result)).toMatchObject({ status: 'error', code: 307, error: { delivery: 'failed' } });
		expect(only(result).error?.message).toMatch(/redirect/i);
	});

	it('a 308 to another host on a read is not followed either', async () => {
		server.script({ method: 'GET', times: 1, redirectTo: elsewhere.url, status: 308 });

		const result = await runNode(new Chatwork(), {
			items: [{}],
			credentials: { apiToken: TOKEN, baseUrl: server.url },
			parameters: { resource: 'me', operation: 'get' },
		});

		expect(elsewhere.requests).toEqual([]);
		expect(only(result)).toMatchObject({ status: 'error', code: 308 });
	});
	it("the credentials' Test buttons ask n8n not to follow a redirect, so GET /me cannot carry the token elsewhere", () => {
		expect(new ChatworkApi().test.request).toMatchObject({ url: '/me', disableFollowRedirect: true });
		expect(new ChatworkOAuth2Api().test.request).toMatchObject({ url: '/me', disableFollowRedirect: true });
	});
});

describe('fault matrix, generated: any sequence of fault answers', () => {
	/** Faults as they reach the node; each is one answer to one POST. */
	const faults: Record<string, FaultRule> = {
		'store+504': { statusAfterStore: 504 },
		'store+500': { statusAfterStore: 500 },
		'store+502': { statusAfterStore: 502 },
		'store+reset': { resetAfterStore: true },
		'reset before store': { resetBeforeStore: true },
		'500 before store': { status: 500 },
		'503': { status: 503 },
		'429 Retry-After': { status: 429, rateLimitHeaders: false, headers: { 'Retry-After': '1' } },
		'429 absurd Reset': { status: 429, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1764288000000' } },
		'429 room': { rateLimit: 'room' },
		'307 elsewhere': { redirectTo: 'ELSEWHERE' },
	};
	const faultNames = Object.keys(faults);

	it('N items in = N out; at most one stored copy of each without the opt-in; success means exactly one; not_sent means none; the next item is delivered', async () => {
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.constantFrom(...faultNames), { maxLength: 6 }),
				fc.integer({ min: 1, max: 4 }),
				fc.boolean(),
				async (sequence, count, spread) => {
					runs++;
					server.reset();
					elsewhere.reset();
					for (const name of sequence) {
						const rule = faults[name];
						server.script({
							...POST_MESSAGES,
							times: 1,
							...rule,
							...(rule.redirectTo ? { redirectTo: elsewhere.url } : {}),
						});
					}
					const items = Array.from({ length: count }, (_, n) => ({ n: `run ${runs} item ${n}`, room: spread ? ROOMS[n] : ROOM }));

					const result = await send(items, { delivery: { maxRetries: 2 } });

					expectEachItemOnExactlyOneOutput(result, count);
					for (const output of [result.success, result.error]) {
						for (const { json, pairedItem } of output) {
							const item = json as HistoryJson;
							const sent = items[(pairedItem as { item: number }).item];
							const stored = copies(sent.n, sent.room);
							expect(stored).toBeLessThanOrEqual(1);
							if (item.status === 'success') expect(stored).toBe(1);
							else if (item.error?.delivery !== 'unknown') expect(stored).toBe(0);
						}
					}
					expect(elsewhere.requests.filter((request) => request.accountId !== null)).toEqual([]);

					// No answer outlives its window: once the faults are over, the next item goes through.
					server.clearScripts();
					const next = await send([{ n: `run ${runs} after the faults` }]);
					expect(only(next)).toMatchObject({ status: 'success' });
				},
			),
			{ numRuns: 50 },
		);
	}, 120_000);
});
