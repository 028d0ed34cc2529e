import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../../nodes/Chatwork/Chatwork.node';
import type { ChatworkServer, ServerOptions } from '../../../../sandbox';
import { startChatworkServer } from '../../../../sandbox';
import { expectEachItemOnExactlyOneOutput } from '../../support/assertions';
import type { Parameters } from '../../../support/executeNode';
import { room, runNode } from '../../../support/executeNode';
import { timeScale } from '../../../../nodes/Chatwork/transport/limits';

const TOKEN = 'delivery-token-0123456789';
const ROOMS = [2001, 2002, 2003];
const ROOM_LIMIT = 'Rate limit for message posting per room exceeded.';

let server: ChatworkServer;

async function serve(timeScale: number, extra: Partial<ServerOptions> = {}) {
	process.env.N8N_CHATWORK_TIME_SCALE = String(timeScale);
	server = await startChatworkServer({
		accounts: [{ token: TOKEN, account_id: 7, name: 'Bot' }],
		rooms: ROOMS.map((room_id) => ({ room_id, name: `Room ${room_id}` })),
		timeScale,
		...extra,
	});
}

afterEach(async () => {
	delete process.env.N8N_CHATWORK_TIME_SCALE;
	await server?.close();
});

function send(items: IDataObject[], parameters: Parameters = {}) {
	return runNode(new Chatwork(), {
		items,
		credentials: { apiToken: TOKEN, baseUrl: server.url },
		parameters: {
			resource: 'message',
			operation: 'send',
			roomId: (index: number) => room(String(items[index].room ?? ROOMS[0])),
			text: '{{n}}',
			selfUnread: false,
			...parameters,
		},
	});
}

function posts() {
	return server.requests.filter((request) => request.method === 'POST');
}

describe('Chatwork transport: pacing within the rate limits', () => {
	it('delivers 300 items to 3 rooms exactly once, in order, without causing a single 429', async () => {
		await serve(0.001);
		const items = Array.from({ length: 300 }, (_, n) => ({ n: `lead ${n}`, room: ROOMS[n % 3] }));

		const result = await send(items);

		expectEachItemOnExactlyOneOutput(result, 300);
		expect(result.error).toEqual([]);
		for (const [index, roomId] of ROOMS.entries()) {
			const expected = items.filter((_, n) => n % 3 === index).map((item) => item.n);
			expect(server.messages(roomId).map((message) => message.body)).toEqual(expected);
			expect(server.maxPostsInWindow(roomId, 10_000)).toBeLessThanOrEqual(10);
		}
		expect(server.stats().tooMany).toEqual({ room: 0, token: 0 });
		expect(result.success.every((item) => item.json.attempts === 1)).toBe(true);
	}, 60_000);

	it('sends to different rooms side by side while keeping each room in order', async () => {
		await serve(0.001);
		const items = Array.from({ length: 40 }, (_, n) => ({ n: `m${n}`, room: ROOMS[n % 2] }));

		await send(items);

		const order = posts().map((request) => Number(/rooms\/(\d+)/.exec(request.path)?.[1]));
		const firstOfSecondRoom = order.indexOf(ROOMS[1]);
		const lastOfFirstRoom = order.lastIndexOf(ROOMS[0]);
		expect(firstOfSecondRoom).toBeLessThan(lastOfFirstRoom);
	});

	it('waits until X-RateLimit-Reset after a token 429, then succeeds on the second attempt', async () => {
		const scale = 0.01;
		await serve(scale);
		const resetUnix = Math.ceil(server.clock.now() / 1000) + 60;
		server.script({
			method: 'POST',
			times: 1,
			status: 429,
			body: { errors: ['Too Many Requests'] },
			headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetUnix) },
		});

		const result = await send([{ n: 'after the wait' }]);

		expectEachItemOnExactlyOneOutput(result, 1);
		expect(result.success[0].json).toMatchObject({ status: 'success', attempts: 2 });
		const stored = posts().filter((request) => request.status === 200);
		expect(stored).toHaveLength(1);
		// Measured on the server's own clock: the retry came after the reset, and not long after.
		expect(stored[0].receivedAt).toBeGreaterThanOrEqual(resetUnix * 1000);
		expect(stored[0].receivedAt).toBeLessThan(resetUnix * 1000 + 15_000);
		expect(Number(result.success[0].json.rateLimitedMs)).toBeGreaterThan(0);
	});

	it('waits out per-room 429s caused by another app posting to the same room, losing nothing', async () => {
		await serve(0.001);
		const roomId = ROOMS[0];
		const other = (async () => {
			for (let n = 0; n < 15; n++) {
				await fetch(`${server.url}/rooms/${roomId}/messages`, {
					method: 'POST',
					headers: { 'X-ChatWorkToken': TOKEN, 'Content-Type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ body: `other app ${n}` }),
				});
			}
		})();
		const items = Array.from({ length: 25 }, (_, n) => ({ n: `ours ${n}`, room: roomId }));

		const [result] = await Promise.all([send(items), other]);

		expectEachItemOnExactlyOneOutput(result, 25);
		expect(result.error).toEqual([]);
		const ours = server.messages(roomId).map((message) => message.body).filter((body) => body.startsWith('ours'));
		expect(ours).toEqual(items.map((item) => item.n));
	});

	it('loses nothing when two workers with no shared state post to the same room', async () => {
		// 10 s = 100 ms: slow enough that each worker alone reaches the room limit.
		await serve(0.01);
		const roomId = ROOMS[0];
		// A second copy of the node module has its own rate-limit state, as another n8n worker would.
		let OtherWorkerChatwork!: typeof Chatwork;
		jest.isolateModules(() => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- isolateModules loads a fresh copy only through require
			OtherWorkerChatwork = (require('../../../../nodes/Chatwork/Chatwork.node') as { Chatwork: typeof Chatwork }).Chatwork;
		});
		expect(OtherWorkerChatwork).not.toBe(Chatwork);
		const ours = Array.from({ length: 25 }, (_, n) => ({ n: `worker A ${n}`, room: roomId }));
		const theirs = Array.from({ length: 25 }, (_, n) => ({ n: `worker B ${n}`, room: roomId }));
		const parameters = (items: IDataObject[]) => ({
			resource: 'message',
			operation: 'send',
			roomId: (index: number) => room(String(items[index].room)),
			text: '{{n}}',
		});

		const [a, b] = await Promise.all([
			runNode(new Chatwork(), { items: ours, credentials: { apiToken: TOKEN, baseUrl: server.url }, parameters: parameters(ours) }),
			runNode(new OtherWorkerChatwork(), { items: theirs, credentials: { apiToken: TOKEN, baseUrl: server.url }, parameters: parameters(theirs) }),
		]);

		expectEachItemOnExactlyOneOutput(a, 25);
		expectEachItemOnExactlyOneOutput(b, 25);
		expect([...a.error, ...b.error]).toEqual([]);
		const bodies = server.messages(roomId).map((message) => message.body);
		expect(bodies.filter((body) => body.startsWith('worker A'))).toEqual(ours.map((item) => item.n));
		expect(bodies.filter((body) => body.startsWith('worker B'))).toEqual(theirs.map((item) => item.n));
		expect(server.maxPostsInWindow(roomId, 10_000)).toBeLessThanOrEqual(10);
		// Neither worker can see the other's posts: the room limit showed up as 429s, waited out.
		expect(server.stats().tooMany.room).toBeGreaterThan(0);
	}, 60_000);

	it('reserves the token budget before yielding: 5 rooms starting together with 2 requests left cause no 429', async () => {
		await serve(0.001, {
			limits: { perToken: { count: 3, windowMs: 300_000 } },
			rooms: [2001, 2002, 2003, 2004, 2005].map((room_id) => ({ room_id, name: `Room ${room_id}` })),
		});
		// The first run leaves 2 of 3 requests in the window, and the node has read that from the headers.
		await send([{ n: 'warm-up', room: 2001 }]);
		const items = [2001, 2002, 2003, 2004, 2005].map((roomId) => ({ n: `lane ${roomId}`, room: roomId }));

		const result = await send(items, { delivery: { concurrentRooms: 5 } });

		expectEachItemOnExactlyOneOutput(result, 5);
		expect(result.error).toEqual([]);
		expect(server.stats().tooMany).toEqual({ room: 0, token: 0 });
		expect(server.messages().filter((message) => message.body.startsWith('lane'))).toHaveLength(5);
	});

	it('sends a rate-limited item to Error with code 429 and the wait it would have needed', async () => {
		await serve(0.001);
		const resetUnix = Math.ceil(server.clock.now() / 1000) + 200;
		server.script({
			method: 'POST',
			status: 429,
			body: { errors: ['Too Many Requests'] },
			headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetUnix) },
		});

		const result = await send([{ n: 'x' }], { delivery: { maxRateLimitWait: 60 } });

		expectEachItemOnExactlyOneOutput(result, 1);
		const item = result.error[0].json as IDataObject & { error: IDataObject };
		expect(item.code).toBe(429);
		expect(Number(item.error.neededWaitMs)).toBeGreaterThan(150_000);
		expect(item.error.delivery).toBe('not_sent');
		expect(server.messages(ROOMS[0])).toEqual([]);
	});

	it('gives up on a room 429 that never clears with an Error item, code 429', async () => {
		await serve(0.001);
		server.script({ method: 'POST', status: 429, body: { errors: [ROOM_LIMIT] } });

		const result = await send([{ n: 'x' }]);

		const item = result.error[0].json as IDataObject & { error: IDataObject };
		expect(item.code).toBe(429);
		expect(item.error.errors).toEqual([ROOM_LIMIT]);
		expect(Number(item.attempts)).toBeGreaterThan(1);
	});
});

describe('Chatwork transport: retries and faults', () => {
	it('retries a 503 twice and succeeds on the third attempt', async () => {
		await serve(0.001);
		server.script({ method: 'POST', times: 2, status: 503, body: { errors: ['Service Unavailable'] } });

		const result = await send([{ n: 'third time lucky' }]);

		expect(result.success[0].json).toMatchObject({ status: 'success', code: 200, attempts: 3 });
		expect(server.messages(ROOMS[0]).map((message) => message.body)).toEqual(['third time lucky']);
	});

	it('with Retry When Delivery Is Unknown on, stops after Max Retries on a 500 that never ends, with code 500 on the Error output', async () => {
		await serve(0.001);
		server.script({ method: 'POST', status: 500, body: { errors: ['Internal Server Error'] } });

		const result = await send([{ n: 'x' }, { n: 'y' }], { delivery: { maxRetries: 3, retryUnknownDelivery: true } });

		expectEachItemOnExactlyOneOutput(result, 2);
		for (const item of result.error) {
			expect(item.json).toMatchObject({ status: 'error', code: 500, attempts: 4 });
			expect((item.json.error as IDataObject).errors).toEqual(['Internal Server Error']);
		}
	});

	it('does not retry 4xx other than 429', async () => {
		await serve(0.001);
		server.script({ method: 'POST', times: 1, status: 401, body: { errors: ['Invalid API token'] } });

		const result = await send([{ n: 'x' }]);

		expect(result.error[0].json).toMatchObject({ code: 401, attempts: 1 });
	});

	it('confirms by reading the room back, without posting again, when the connection drops after Chatwork stored the message', async () => {
		await serve(0.001);
		server.script({ method: 'POST', times: 1, resetAfterStore: true });

		const result = await send([{ n: 'stored once' }]);

		expectEachItemOnExactlyOneOutput(result, 1);
		const item = result.success[0].json;
		expect(item).toMatchObject({ status: 'success', attempts: 1, delivery: 'confirmed', messageId: server.messages(ROOMS[0])[0].message_id });
		// GET /me once, then one read of the room that found it.
		expect(item.readBacks).toBe(2);
		expect(server.messages(ROOMS[0]).map((message) => message.body)).toEqual(['stored once']);
	});

	it('confirms by reading the room back when Chatwork answers after the timeout', async () => {
		await serve(0.001);
		server.script({ method: 'POST', times: 1, delayAfterStoreMs: 3_000 });

		const result = await send([{ n: 'slow' }], { delivery: { timeout: 1 } });

		expect(result.success[0].json).toMatchObject({ status: 'success', delivery: 'confirmed' });
		expect(server.messages(ROOMS[0])).toHaveLength(1);
	});

	it('retries blindly when asked to and the room cannot be read back, which can post the message twice (the documented risk)', async () => {
		await serve(0.001);
		server.script({ method: 'POST', times: 1, resetAfterStore: true });
		server.script({ method: 'GET', path: '/rooms/{room_id}/messages', status: 403, body: { errors: ['You don\'t have permission to get messages in this room'] } });

		const result = await send([{ n: 'maybe twice' }], { delivery: { retryUnknownDelivery: true } });

		expect(result.success[0].json).toMatchObject({ status: 'success', attempts: 2 });
		expect(server.messages(ROOMS[0]).map((message) => message.body)).toEqual(['maybe twice', 'maybe twice']);
	});

	it('with the opt-in, a reset before storing is retried into exactly one message', async () => {
		await serve(0.001);
		server.script({ method: 'POST', times: 1, resetBeforeStore: true });

		const result = await send([{ n: 'once' }], { delivery: { retryUnknownDelivery: true } });

		expect(result.success[0].json).toMatchObject({ attempts: 2 });
		expect(server.messages(ROOMS[0]).map((message) => message.body)).toEqual(['once']);
	});

	it('retries a refused connection with back-off, then reports it as not sent', async () => {
		await serve(0.001);
		const url = server.url;
		await server.close();

		const result = await runNode(new Chatwork(), {
			items: [{ n: 'x' }],
			credentials: { apiToken: TOKEN, baseUrl: url },
			parameters: { resource: 'message', operation: 'send', roomId: room(ROOMS[0]), text: '{{n}}', delivery: { maxRetries: 2 } },
		});

		const item = result.error[0].json as IDataObject & { error: IDataObject };
		expect(item).toMatchObject({ status: 'error', code: null, attempts: 3 });
		expect(item.error).toMatchObject({ retryable: true, delivery: 'not_sent', code: 'ECONNREFUSED' });
	});
});

describe('Chatwork transport: the test clock', () => {
	const saved = process.env.N8N_CHATWORK_TIME_SCALE;
	afterEach(() => {
		if (saved === undefined) delete process.env.N8N_CHATWORK_TIME_SCALE;
		else process.env.N8N_CHATWORK_TIME_SCALE = saved;
	});

	it('speeds up waits only for a Chatwork on this machine, never for api.chatwork.com or a remote proxy', () => {
		process.env.N8N_CHATWORK_TIME_SCALE = '0.01';

		expect(timeScale('http://127.0.0.1:4010')).toBe(0.01);
		expect(timeScale('http://localhost:4010/v2')).toBe(0.01);
		expect(timeScale('http://[::1]:4010')).toBe(0.01);
		expect(timeScale('https://api.chatwork.com/v2')).toBe(1);
		expect(timeScale('https://chatwork-proxy.example.co.jp/v2')).toBe(1);
		expect(timeScale('not a url')).toBe(1);
	});

	it('ignores a scale that is not a number between 0 and 1', () => {
		for (const value of ['', 'fast', '0', '-1', '2', 'Infinity']) {
			process.env.N8N_CHATWORK_TIME_SCALE = value;
			expect(timeScale('http://127.0.0.1:4010')).toBe(1);
		}
	});
});
