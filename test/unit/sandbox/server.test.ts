import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { DEFAULT_TOKEN } from '../../../sandbox';
import { OTHER_ROOM, ROOM, TOKEN, call, post, serve, server, useSandboxServer } from './sandboxServer';

const ROOM_LIMIT_BODY = '{"errors":["Rate limit for message posting per room exceeded."]}';

useSandboxServer();

describe('the Chatwork server listens like the real API', () => {
	it('binds to 127.0.0.1 and gives a base URL ending in /v2', () => {
		expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
		expect(server.url).toBe(`${server.origin}/v2`);
	});

	it('answers 401 {"errors":["Invalid API token"]} when the token is missing', async () => {
		const answer = await call('GET', '/me', { token: null });
		expect(answer.status).toBe(401);
		expect(answer.text).toBe('{"errors":["Invalid API token"]}');
	});

	it('answers 401 with the same body when the token is unknown, and stores nothing', async () => {
		const answer = await post('hello', ROOM, {}, 'not-a-token');
		expect(answer.status).toBe(401);
		expect(answer.json).toEqual({ errors: ['Invalid API token'] });
		expect(server.messages(ROOM)).toEqual([]);
	});

	it('accepts the token as an OAuth2 Bearer token too', async () => {
		const answer = await call('GET', '/me', { token: null, headers: { Authorization: `Bearer ${TOKEN}` } });
		expect(answer.status).toBe(200);
		expect(answer.json.account_id).toBe(101);
	});

	it('never writes a token into the request log, not even one pasted into a field or quoted by a scripted answer', async () => {
		await post(TOKEN);
		await call('GET', '/me', { query: { token: TOKEN }, headers: { 'X-Debug': `token=${TOKEN}` } });
		await call('GET', '/me', { token: 'wrong-secret-token' });
		server.script({ times: 1, status: 500, body: { errors: [`upstream saw ${TOKEN}`] } });
		expect((await call('GET', '/me')).text).toContain(TOKEN);
		const log = JSON.stringify(server.requests);
		expect(log).not.toContain(TOKEN);
		expect(log).not.toContain('wrong-secret-token');
		expect(server.requests[0].form.body).toBe('[redacted]');
		expect(server.requests[0].headers).not.toHaveProperty('x-chatworktoken');
	});

	it('answers 404 with an errors array for an unknown path, an unknown method and a path outside /v2', async () => {
		for (const [method, path] of [
			['GET', '/nope'],
			['PATCH', '/rooms/1001/messages'],
			['GET', '/rooms/abc'],
		]) {
			const answer = await call(method, path);
			expect(answer.status).toBe(404);
			expect(answer.json).toEqual({ errors: ['Invalid Endpoint or HTTP method'] });
		}
		const outside = await fetch(`${server.origin}/me`, { headers: { 'X-ChatWorkToken': TOKEN } });
		expect(outside.status).toBe(404);
	});

	it('answers 404 with an errors array for an unknown room', async () => {
		for (const answer of [await call('GET', '/rooms/424242'), await post('hello', 424242)]) {
			expect(answer.status).toBe(404);
			expect(answer.json).toEqual({ errors: ['Room not found'] });
		}
	});
});

describe('reading the account and rooms', () => {
	it('GET /me returns the account of the token, IDs as integers', async () => {
		const { status, json } = await call('GET', '/me');
		expect(status).toBe(200);
		expect(json).toMatchObject({ account_id: 101, name: 'Lead Bot' });
		expect(Number.isInteger(json.room_id)).toBe(true);
		expect(Object.keys(json)).toEqual(expect.arrayContaining(['chatwork_id', 'organization_id', 'avatar_image_url', 'login_mail']));
	});

	it('GET /my/status counts unread messages and mentions of the caller', async () => {
		await post('[To:102] 新しいリードです', ROOM, {}, TOKEN);
		const { json } = await call('GET', '/my/status', { token: 'second-token' });
		expect(json).toEqual({ unread_room_num: 1, mention_room_num: 1, mytask_room_num: 0, unread_num: 1, mention_num: 1, mytask_num: 0 });
	});

	it('GET /rooms lists the caller’s rooms; GET /rooms/{id} adds the description', async () => {
		const list = await call('GET', '/rooms');
		expect(list.json.filter((r: { type: string }) => r.type === 'group').map((r: { room_id: number }) => r.room_id)).toEqual([ROOM, OTHER_ROOM]);
		expect(list.json[0]).not.toHaveProperty('description');
		const one = await call('GET', `/rooms/${ROOM}`);
		expect(one.json).toMatchObject({ room_id: ROOM, name: '営業チーム', type: 'group', role: 'admin', description: 'リード通知' });
	});

	it('GET /rooms/{id}/members lists members with their roles', async () => {
		const { json } = await call('GET', `/rooms/${ROOM}/members`);
		expect(json.map((m: { account_id: number; role: string }) => [m.account_id, m.role])).toEqual([
			[101, 'admin'],
			[102, 'admin'],
			[103, 'member'],
		]);
	});
});

describe('posting messages', () => {
	it('stores a message and answers its ID as a string', async () => {
		const answer = await post('新しいリード');
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ message_id: expect.stringMatching(/^\d+$/) });
		expect(server.messages(ROOM)).toEqual([
			expect.objectContaining({ message_id: answer.json.message_id, body: '新しいリード', account_id: 101, self_unread: 0, room_id: ROOM }),
		]);
	});

	it('round-trips Japanese, emoji, newlines and notation byte for byte', async () => {
		const body = '🎉 新しいリード：合同会社テスト🍣\r\n髙橋 一郎 様 🙇‍♀️ 〜ｶﾀｶﾅ〜 𠮷野家 & <b>"quoted"</b> +plus%20 [info][title]件名[/title]本文[/info]';
		const { json } = await post(body);
		expect(server.messages(ROOM)[0].body).toBe(body);
		const fetched = await call('GET', `/rooms/${ROOM}/messages/${json.message_id}`);
		expect(fetched.json.body).toBe(body);
		expect(Buffer.from(fetched.json.body, 'utf8').equals(Buffer.from(body, 'utf8'))).toBe(true);
	});

	it('keeps self_unread 0 or 1 as sent', async () => {
		await post('read', ROOM, { self_unread: '0' });
		await post('unread', ROOM, { self_unread: '1' });
		expect(server.messages(ROOM).map((m) => m.self_unread)).toEqual([0, 1]);
		expect((await call('GET', `/rooms/${ROOM}`)).json.unread_num).toBe(1);
	});

	it.each([
		['a missing body', undefined, ["Parameter 'body' is required"]],
		['an empty body', '', ["Parameter 'body' is required"]],
		['a body of 65,536 characters', 'あ'.repeat(65_536), ["Parameter 'body' must be at most 65535 characters"]],
	])('answers 400 with an errors array for %s, storing nothing', async (_case, body, errors) => {
		const answer = await call('POST', `/rooms/${ROOM}/messages`, { form: body === undefined ? {} : { body } });
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({ errors });
		expect(server.messages(ROOM)).toEqual([]);
	});

	it('accepts 65,535 characters, counting an emoji as one', async () => {
		const answer = await post('😀'.repeat(65_535));
		expect(answer.status).toBe(200);
	});

	it('answers 400 for a self_unread that is not 0 or 1', async () => {
		const answer = await post('x', ROOM, { self_unread: 'true' });
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({ errors: ["Parameter 'self_unread' must be 0 or 1"] });
	});

	it('reads only form bodies: JSON gets a 400 and its text is kept in the log', async () => {
		const answer = await call('POST', `/rooms/${ROOM}/messages`, {
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ body: 'hello' }),
		});
		expect(answer.status).toBe(400);
		expect(server.requests[0]).toMatchObject({ contentType: 'application/json', rawBody: '{"body":"hello"}', form: {} });
	});

	it('logs each request with its parsed form, route, room, status and virtual time', async () => {
		const { json } = await post('logged', ROOM, { self_unread: '0' });
		expect(server.requests).toEqual([
			expect.objectContaining({
				seq: 1,
				method: 'POST',
				path: `/rooms/${ROOM}/messages`,
				query: {},
				form: { body: 'logged', self_unread: '0' },
				route: 'POST /rooms/{room_id}/messages',
				roomId: ROOM,
				accountId: 101,
				status: 200,
				receivedAt: server.clock.now(),
				messageId: json.message_id,
				response: { message_id: json.message_id },
			}),
		]);
		expect(server.requests[0].realAt).toBeLessThanOrEqual(Date.now());
	});

	it('answers 403 when a read-only member posts', async () => {
		server.addRoom({ room_id: 3003, name: '閲覧のみ', members: [{ account_id: 101, role: 'readonly' }] });
		const answer = await post('x', 3003);
		expect(answer.status).toBe(403);
		expect(answer.json.errors).toHaveLength(1);
	});
});

describe('listing messages', () => {
	it('answers 204 with no body at all when there is nothing new', async () => {
		const answer = await call('GET', `/rooms/${ROOM}/messages`);
		expect(answer.status).toBe(204);
		expect(answer.text).toBe('');
		expect(answer.headers.get('content-type')).toBeNull();
	});

	it('returns only messages not fetched before, unless force=1', async () => {
		await post('one');
		expect((await call('GET', `/rooms/${ROOM}/messages`)).json.map((m: { body: string }) => m.body)).toEqual(['one']);
		await post('two');
		expect((await call('GET', `/rooms/${ROOM}/messages`)).json.map((m: { body: string }) => m.body)).toEqual(['two']);
		expect((await call('GET', `/rooms/${ROOM}/messages`)).status).toBe(204);
		const forced = await call('GET', `/rooms/${ROOM}/messages`, { query: { force: '1' } });
		expect(forced.json.map((m: { body: string }) => m.body)).toEqual(['one', 'two']);
		expect(forced.json[0]).toEqual({
			message_id: expect.any(String),
			account: { account_id: 101, name: 'Lead Bot', avatar_image_url: expect.any(String) },
			body: 'one',
			send_time: Math.floor(server.clock.now() / 1000),
			update_time: 0,
		});
	});

	it('returns at most the latest 100 messages', async () => {
		for (let n = 0; n < 120; n++) server.addMessage(ROOM, { body: `m${n}` });
		const { json } = await call('GET', `/rooms/${ROOM}/messages`, { query: { force: '1' } });
		expect(json).toHaveLength(100);
		expect(json[0].body).toBe('m20');
		expect(json[99].body).toBe('m119');
	});

	it('answers 404 for a message that does not exist', async () => {
		const answer = await call('GET', `/rooms/${ROOM}/messages/123`);
		expect(answer.status).toBe(404);
		expect(answer.json).toEqual({ errors: ['Message not found'] });
	});
});

describe('rate-limit headers', () => {
	it('come on every response, with a Date in virtual time', async () => {
		const start = Date.UTC(2030, 0, 1, 9, 0, 0);
		await serve({ startTime: start });
		const answers = [await call('GET', '/me'), await post(''), await call('GET', '/nope'), await call('GET', '/me', { token: null })];
		for (const answer of answers) {
			expect(answer.headers.get('x-ratelimit-limit')).toBe('300');
			expect(answer.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
			expect(answer.headers.get('x-ratelimit-reset')).toBe(String((start + 300_000) / 1000));
			expect(answer.headers.get('date')).toBe(new Date(start).toUTCString());
		}
		expect(answers.slice(0, 3).map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['299', '298', '297']);
		await serve();
	});

	it('count down per token, each token on its own', async () => {
		await call('GET', '/me');
		await call('GET', '/me');
		const mine = await call('GET', '/me');
		const theirs = await call('GET', '/me', { token: 'second-token' });
		expect(mine.headers.get('x-ratelimit-remaining')).toBe('297');
		expect(theirs.headers.get('x-ratelimit-remaining')).toBe('299');
	});
});

describe('the per-room posting limit: 10 posts per 10 s', () => {
	it('answers the 11th post with 429 and exactly Chatwork’s body, storing nothing', async () => {
		for (let n = 1; n <= 10; n++) expect((await post(`lead ${n}`)).status).toBe(200);
		const eleventh = await post('lead 11');
		expect(eleventh.status).toBe(429);
		expect(eleventh.text).toBe(ROOM_LIMIT_BODY);
		expect(server.messages(ROOM)).toHaveLength(10);
		expect(server.requests.at(-1)).toMatchObject({ status: 429, rateLimited: 'room' });
		expect(server.stats().tooMany).toEqual({ room: 1, token: 0 });
	});

	it('holds under 30 simultaneous posts: exactly 10 stored, 20 refused', async () => {
		const answers = await Promise.all(Array.from({ length: 30 }, (_, n) => post(`lead ${n}`)));
		expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
		expect(answers.filter((a) => a.status === 429)).toHaveLength(20);
		expect(server.messages(ROOM)).toHaveLength(10);
		expect(server.maxPostsInWindow(ROOM, 10_000)).toBe(10);
	});

	it('is shared by messages and tasks, and by every token', async () => {
		for (let n = 0; n < 5; n++) await post(`m${n}`, ROOM, {}, 'second-token');
		for (let n = 0; n < 5; n++) expect((await call('POST', `/rooms/${ROOM}/tasks`, { form: { body: `t${n}`, to_ids: '101' } })).status).toBe(200);
		const task = await call('POST', `/rooms/${ROOM}/tasks`, { form: { body: 'one more', to_ids: '101' } });
		expect(task.status).toBe(429);
		expect(task.text).toBe(ROOM_LIMIT_BODY);
		expect(server.tasks(ROOM)).toHaveLength(5);
	});

	it('leaves other rooms alone', async () => {
		for (let n = 0; n < 10; n++) await post(`m${n}`);
		expect((await post('elsewhere', OTHER_ROOM)).status).toBe(200);
	});

	it('slides: a post is accepted again once the oldest one is 10 s old', async () => {
		for (let n = 0; n < 5; n++) await post(`early ${n}`);
		server.clock.advance(5_000);
		for (let n = 0; n < 5; n++) await post(`late ${n}`);
		server.clock.advance(4_999);
		expect((await post('too soon')).status).toBe(429);
		server.clock.advance(1);
		expect((await post('just in time')).status).toBe(200);
		expect(server.maxPostsInWindow(ROOM, 10_000)).toBe(10);
	});
});

describe('the general limit: 300 requests per 5 minutes per token', () => {
	it('answers the 301st request with 429, Remaining 0 and Too Many Requests, storing nothing', async () => {
		for (let batch = 0; batch < 6; batch++) await Promise.all(Array.from({ length: 50 }, () => call('GET', '/me')));
		const refused = await post('one too many');
		expect(refused.status).toBe(429);
		expect(refused.json).toEqual({ errors: ['Too Many Requests'] });
		expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(server.messages(ROOM)).toEqual([]);
		expect(server.stats().tooMany).toEqual({ room: 0, token: 1 });
		expect((await call('GET', '/me', { token: 'second-token' })).status).toBe(200);
	}, 30_000);

	it('opens a new window at X-RateLimit-Reset; Reset*1000 - Date is the virtual wait', async () => {
		await serve({ limits: { perToken: { count: 3, windowMs: 60_000 } }, startTime: Date.UTC(2030, 0, 1) });
		await call('GET', '/me');
		server.clock.advance(20_000);
		await call('GET', '/me');
		await call('GET', '/me');
		const refused = await call('GET', '/me');
		expect(refused.status).toBe(429);
		const wait = Number(refused.headers.get('x-ratelimit-reset')) * 1000 - Date.parse(refused.headers.get('date') ?? '');
		expect(wait).toBe(40_000);
		server.clock.advance(wait - 1);
		expect((await call('GET', '/me')).status).toBe(429);
		server.clock.advance(1);
		const fresh = await call('GET', '/me');
		expect(fresh.status).toBe(200);
		expect(fresh.headers.get('x-ratelimit-remaining')).toBe('2');
		await serve();
	});
});

describe('limits: false', () => {
	it('accepts everything and shows the whole budget left, for benchmarks', async () => {
		await serve({ limits: false });
		const answers = await Promise.all(Array.from({ length: 30 }, (_, n) => post(`lead ${n}`)));
		expect(answers.every((a) => a.status === 200)).toBe(true);
		expect(answers.every((a) => a.headers.get('x-ratelimit-remaining') === '300')).toBe(true);
		expect(server.maxPostsInWindow(ROOM, 10_000)).toBe(30);
		await serve();
	});
});

describe('the virtual clock', () => {
	it('runs 1000x faster with timeScale 0.001: a 10 s window passes in about 10 ms', async () => {
		await serve({ timeScale: 0.001 });
		for (let n = 0; n < 10; n++) await post(`m${n}`);
		const before = server.clock.now();
		await new Promise((resolve) => setTimeout(resolve, 15));
		expect(server.clock.now() - before).toBeGreaterThanOrEqual(10_000);
		expect((await post('after the window')).status).toBe(200);
		await serve();
	});

	it('stamps messages and the log with virtual time, which advance() moves', async () => {
		const start = server.clock.now();
		await post('first');
		server.clock.advance(60_000);
		await post('a minute later');
		const [first, second] = server.messages(ROOM);
		expect(second.sentAt - first.sentAt).toBe(60_000);
		expect(second.send_time - first.send_time).toBe(60);
		expect(server.requests.map((r) => r.receivedAt - start)).toEqual([0, 60_000]);
	});

	it('stands still when frozen (timeScale Infinity), and sleep() then advances it', async () => {
		const t = server.clock.now();
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(server.clock.now()).toBe(t);
		await server.clock.sleep(1_500);
		expect(server.clock.now()).toBe(t + 1_500);
	});
});

describe('scripted faults', () => {
	it('answer a scripted status for `times` matching requests, then behave normally', async () => {
		const rule = server.script({ method: 'POST', path: '/rooms/{room_id}/messages', times: 2, status: 500 });
		expect((await post('a')).status).toBe(500);
		expect((await call('GET', '/me')).status).toBe(200);
		expect((await post('b')).status).toBe(500);
		expect((await post('c')).status).toBe(200);
		expect(server.messages(ROOM).map((m) => m.body)).toEqual(['c']);
		expect(rule).toMatchObject({ hits: 2, remaining: 0, done: true });
		expect(server.requests.filter((r) => r.scripted).map((r) => r.status)).toEqual([500, 500]);
	});

	it('match by room and let `skip` requests pass first', async () => {
		server.script({ roomId: OTHER_ROOM, skip: 1, times: 1, status: 503 });
		expect((await post('x')).status).toBe(200);
		expect((await post('y', OTHER_ROOM)).status).toBe(200);
		expect((await post('z', OTHER_ROOM)).status).toBe(503);
		expect((await post('w', OTHER_ROOM)).status).toBe(200);
	});

	it('answer a room 429 with Chatwork’s exact body and a chosen X-RateLimit-Reset, storing nothing', async () => {
		const resetAt = server.clock.now() + 42_000;
		server.script({ method: 'POST', times: 1, rateLimit: 'room', resetAt });
		const answer = await post('x');
		expect(answer.status).toBe(429);
		expect(answer.text).toBe(ROOM_LIMIT_BODY);
		expect(answer.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil(resetAt / 1000)));
		expect(server.messages(ROOM)).toEqual([]);
		expect(server.stats().tooMany.room).toBe(1);
	});

	it('answer a token 429 with Remaining 0 and a reset relative to the answer', async () => {
		server.script({ times: 1, rateLimit: 'token', resetInMs: 90_000 });
		const answer = await call('GET', '/me');
		expect(answer.status).toBe(429);
		expect(answer.json).toEqual({ errors: ['Too Many Requests'] });
		expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
		// Both headers have whole seconds: the wait a client reads is never shorter, at most 1 s longer.
		const wait = Number(answer.headers.get('x-ratelimit-reset')) * 1000 - Date.parse(answer.headers.get('date') ?? '');
		expect(wait).toBeGreaterThanOrEqual(90_000);
		expect(wait).toBeLessThanOrEqual(91_000);
	});

	it('count a scripted 429 carrying the per-room text as a room 429', async () => {
		server.script({ times: 1, status: 429, body: { errors: ['Rate limit for message posting per room exceeded.'] } });
		await post('x');
		expect(server.requests[0].rateLimited).toBe('room');
	});

	it('answer 502 and 503 with a gateway’s HTML page, and 401/400 with Chatwork bodies or a given one', async () => {
		server.script({ times: 1, status: 502 });
		server.script({ times: 1, status: 503 });
		server.script({ times: 1, status: 401 });
		server.script({ times: 1, status: 400, body: { errors: ["Parameter 'body' is required"] }, headers: { 'X-Trace': 'abc' } });
		const bad = await post('x');
		expect(bad.status).toBe(502);
		expect(bad.headers.get('content-type')).toBe('text/html');
		expect(bad.text).toContain('502 Bad Gateway');
		expect((await post('x')).text).toContain('503');
		expect((await post('x')).json).toEqual({ errors: ['Invalid API token'] });
		const invalid = await post('x');
		expect(invalid.json).toEqual({ errors: ["Parameter 'body' is required"] });
		expect(invalid.headers.get('x-trace')).toBe('abc');
		expect(server.messages(ROOM)).toEqual([]);
	});

	it('delayAfterStoreMs: stores the message, then answers only after the client has timed out', async () => {
		server.script({ method: 'POST', times: 1, delayAfterStoreMs: 400 });
		const attempt = fetch(`${server.url}/rooms/${ROOM}/messages`, {
			method: 'POST',
			headers: { 'X-ChatWorkToken': TOKEN },
			body: new URLSearchParams({ body: 'slow answer' }),
			signal: AbortSignal.timeout(100),
		});
		await expect(attempt).rejects.toThrow();
		expect(server.messages(ROOM).map((m) => m.body)).toEqual(['slow answer']);
		await waitFor(() => server.requests[0]?.aborted === true);
		expect(server.requests[0]).toMatchObject({ fault: 'delayAfterStore', status: 200, scripted: true });
	});

	it('resetBeforeStore: drops the connection and stores nothing', async () => {
		server.script({ method: 'POST', times: 1, resetBeforeStore: true });
		await expect(post('lost')).rejects.toThrow();
		expect(server.messages(ROOM)).toEqual([]);
		expect(server.requests[0]).toMatchObject({ fault: 'resetBeforeStore', status: null, form: { body: 'lost' } });
		expect((await post('next')).status).toBe(200);
	});

	it('resetAfterStore: stores the message, then drops the connection without answering', async () => {
		server.script({ method: 'POST', times: 1, resetAfterStore: true });
		await expect(post('stored, unanswered')).rejects.toThrow();
		expect(server.messages(ROOM).map((m) => m.body)).toEqual(['stored, unanswered']);
		expect(server.requests[0]).toMatchObject({ fault: 'resetAfterStore', status: null, unsentStatus: 200 });
		expect(server.stats()).toMatchObject({ resets: 1, stored: 1 });
	});

	it('statusAfterStore: stores the message, then answers a gateway’s 504 instead of the message ID', async () => {
		server.script({ method: 'POST', times: 1, statusAfterStore: 504 });
		const answer = await post('stored, answered 504');
		expect(answer.status).toBe(504);
		expect(answer.text).toContain('504 Gateway Time-out');
		expect(server.messages(ROOM).map((m) => m.body)).toEqual(['stored, answered 504']);
		expect(server.requests[0]).toMatchObject({ fault: 'statusAfterStore', status: 504, unsentStatus: 200 });
	});

	it('the faults after the work apply to a read of the room too: it is done (the cursor moves), then 502, a reset or a late answer', async () => {
		await post('one');
		server.script({ method: 'GET', path: '/rooms/{room_id}/messages', times: 1, statusAfterStore: 502 });
		server.script({ method: 'GET', path: '/rooms/{room_id}/messages', times: 1, resetAfterStore: true });
		expect((await call('GET', `/rooms/${ROOM}/messages`)).status).toBe(502);
		await expect(call('GET', `/rooms/${ROOM}/messages`, { query: { force: '1' } })).rejects.toThrow();
		// The failed read still counted as this token's read: nothing new without force, 204.
		expect((await call('GET', `/rooms/${ROOM}/messages`)).status).toBe(204);
		expect(server.requests.map((request) => request.fault ?? null)).toEqual([null, 'statusAfterStore', 'resetAfterStore', null]);
		server.script({ method: 'GET', path: '/rooms/{room_id}/messages', times: 1, delayAfterStoreMs: 400 });
		const late = fetch(`${server.url}/rooms/${ROOM}/messages?force=1`, { headers: { 'X-ChatWorkToken': TOKEN }, signal: AbortSignal.timeout(100) });
		await expect(late).rejects.toThrow();
	});

	it('rateLimitHeaders: false answers a 429 with only the Retry-After it is given', async () => {
		server.script({ times: 1, status: 429, rateLimitHeaders: false, headers: { 'Retry-After': 7 } });
		const answer = await post('x');
		expect(answer.status).toBe(429);
		expect(answer.headers.get('retry-after')).toBe('7');
		for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(answer.headers.has(name)).toBe(false);
		expect(answer.headers.has('date')).toBe(true);
		expect(server.messages(ROOM)).toEqual([]);
	});

	it('redirectTo: answers 307 to the same path and query on another base URL, storing nothing', async () => {
		server.script({ times: 1, redirectTo: 'http://127.0.0.2:9/v2/' });
		const answer = await fetch(`${server.url}/rooms/${ROOM}/messages?force=1`, {
			method: 'POST',
			headers: { 'X-ChatWorkToken': TOKEN },
			body: new URLSearchParams({ body: 'x' }),
			redirect: 'manual',
		});
		expect(answer.status).toBe(307);
		expect(answer.headers.get('location')).toBe(`http://127.0.0.2:9/v2/rooms/${ROOM}/messages?force=1`);
		expect(server.messages(ROOM)).toEqual([]);
		expect(() => server.script({ redirectTo: '/relative' })).toThrow(/absolute/);
		expect(() => server.script({ redirectTo: 'http://127.0.0.1/v2', status: 500 })).toThrow(/307/);
	});

	it('stop when cancelled, and refuse a rule with two actions', () => {
		const rule = server.script({ status: 500 });
		rule.cancel();
		expect(rule.done).toBe(true);
		expect(() => server.script({ status: 500, resetAfterStore: true })).toThrow(/one thing/);
		expect(() => server.script({ status: 500, statusAfterStore: 504 })).toThrow(/one thing/);
	});
});

describe('evidence for pacing tests', () => {
	it('maxPostsInWindow reports the densest 10 s of stored posts', async () => {
		await serve({ limits: false });
		for (let n = 0; n < 4; n++) await post(`a${n}`);
		server.clock.advance(9_999);
		for (let n = 0; n < 3; n++) await post(`b${n}`);
		server.clock.advance(1);
		await post('c');
		expect(server.maxPostsInWindow(ROOM, 10_000)).toBe(7);
		expect(server.maxPostsInWindow(ROOM, 10_001)).toBe(8);
		expect(server.maxPostsInWindow(OTHER_ROOM)).toBe(0);
		await serve();
	});

	it('stats() counts requests, stored messages, posts and 429s by kind', async () => {
		for (let n = 0; n < 11; n++) await post(`m${n}`);
		await call('POST', `/rooms/${OTHER_ROOM}/tasks`, { form: { body: 'task', to_ids: '101' } });
		expect(server.stats()).toEqual({ requests: 12, stored: 10, posts: 11, tooMany: { room: 1, token: 0 }, scripted: 0, resets: 0 });
	});

	it('reset() clears messages, the log, limit windows, stats and scripts, keeping rooms', async () => {
		server.addRoom({ room_id: 4004, name: '追加' });
		for (let n = 0; n < 10; n++) await post(`m${n}`);
		server.script({ status: 500 });
		server.reset();
		expect(server.messages()).toEqual([]);
		expect(server.requests).toEqual([]);
		expect(server.stats().requests).toBe(0);
		expect((await post('after reset')).status).toBe(200);
		expect((await post('in the added room', 4004)).status).toBe(200);
	});
});

describe('the CLI', () => {
	it('prints the URL on stdout, serves the given token and never prints it', async () => {
		const secret = 'cli-secret-token-31415';
		const child = spawn(process.execPath, [join(__dirname, '../../../sandbox/cli.js'), '--port', '0', '--token', secret, '--time-scale', '1', '--log'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		try {
			await waitFor(() => stdout.includes('\n'), 5_000);
			const url = stdout.trim();
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
			const answer = await fetch(`${url}/rooms/1001/messages`, {
				method: 'POST',
				headers: { 'X-ChatWorkToken': secret },
				body: new URLSearchParams({ body: 'デモ' }),
			});
			expect(answer.status).toBe(200);
			expect((await fetch(`${url}/me`, { headers: { 'X-ChatWorkToken': DEFAULT_TOKEN } })).status).toBe(401);
			await waitFor(() => stderr.includes('GET /me'));
		} finally {
			child.kill('SIGTERM');
			await once(child, 'exit');
		}
		expect(stdout + stderr).not.toContain(secret);
	});
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
