import fc from 'fast-check';

import { readRateLimit } from '../../../../nodes/shared/chatwork/client';
import { LONGEST_ANSWERED_WAIT_MS, ROOM_POSTS_PER_WINDOW, ROOM_WINDOW_MS } from '../../../../nodes/Chatwork/transport/limits';
import { AccountLimits, MAX_TRACKED_ROOMS, RoomWindow, TokenBudget } from '../../../../nodes/Chatwork/transport/rateLimiter';

/** Chatwork's clock in these tests: the Date header of every answer. */
const SERVER_NOW = Date.parse('2026-11-28T09:00:00Z');
const DATE = new Date(SERVER_NOW).toUTCString();
const unix = (ms: number) => String(Math.ceil(ms / 1000));

function tooMany(headers: Record<string, string>, now = 1_000, scale = 1): number {
	return new TokenBudget(scale).exhausted(readRateLimit({ date: DATE, ...headers }), now);
}

describe('Chatwork rate-limit headers: what one answer may ask', () => {
	it('waits until X-RateLimit-Reset, measured on Chatwork’s clock', () => {
		expect(tooMany({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': unix(SERVER_NOW + 120_000) })).toBe(120_000);
	});

	it('ignores a Reset in milliseconds instead of seconds, and tries again after one room window instead of for ever', () => {
		expect(tooMany({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(SERVER_NOW) })).toBe(ROOM_WINDOW_MS);
	});

	it('treats a Reset 10^12 s ahead as no information: one room window, not minutes (issue 25)', () => {
		expect(tooMany({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': unix(SERVER_NOW + 1e15) })).toBe(ROOM_WINDOW_MS);
		expect(tooMany({}, 1_000, 0.01)).toBe(ROOM_WINDOW_MS * 0.01);
	});

	it('ignores a Reset further ahead than one window plus clock skew, and honours one just inside', () => {
		expect(tooMany({ 'x-ratelimit-reset': unix(SERVER_NOW + LONGEST_ANSWERED_WAIT_MS + 5_000), 'x-ratelimit-remaining': '0' })).toBe(ROOM_WINDOW_MS);
		expect(tooMany({ 'x-ratelimit-reset': unix(SERVER_NOW + LONGEST_ANSWERED_WAIT_MS - 5_000), 'x-ratelimit-remaining': '0' })).toBe(
			LONGEST_ANSWERED_WAIT_MS - 5_000,
		);
	});

	it('honours Retry-After in seconds and as an HTTP date, and caps it at one window plus clock skew', () => {
		expect(tooMany({ 'retry-after': '7' })).toBe(7_000);
		expect(tooMany({ 'retry-after': new Date(SERVER_NOW + 90_000).toUTCString() })).toBe(90_000);
		expect(tooMany({ 'retry-after': '86400' })).toBe(LONGEST_ANSWERED_WAIT_MS);
		expect(tooMany({ 'retry-after': 'soon' })).toBe(ROOM_WINDOW_MS);
	});

	it('waits for the later of Reset and Retry-After when an answer has both', () => {
		expect(tooMany({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': unix(SERVER_NOW + 30_000), 'retry-after': '45' })).toBe(45_000);
	});

	it('does not stop requests after a 200 whose Reset is absurd and Remaining 0', () => {
		const budget = new TokenBudget(1);
		expect(budget.reserve(0)).toBe(0);
		budget.end(readRateLimit({ date: DATE, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(SERVER_NOW * 1000) }), 10);

		expect(budget.reserve(20)).toBe(0);
	});

	it('lets two of five requests that ask at the same instant take the last two of the budget, and holds three until the reset', () => {
		const budget = new TokenBudget(1);
		budget.reserve(0);
		budget.end(readRateLimit({ date: DATE, 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': unix(SERVER_NOW + 60_000) }), 0);

		const delays = Array.from({ length: 5 }, () => budget.reserve(5));

		expect(delays.filter((delay) => delay === 0)).toHaveLength(2);
		expect(delays.filter((delay) => delay === 60_000 - 5)).toHaveLength(3);
	});
});

describe('Chatwork rate-limit headers, generated: a Reset is believed only within a token window', () => {
	const tooManyWith = (reset: string) => tooMany({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
	const seconds = (min: number, max: number) => fc.integer({ min, max }).map((s) => SERVER_NOW / 1000 + s);

	it('a Reset 1 s to 6 min ahead is waited for exactly', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: LONGEST_ANSWERED_WAIT_MS / 1000 }), (ahead) => {
				expect(tooManyWith(String(SERVER_NOW / 1000 + ahead))).toBe(ahead * 1000);
			}),
		);
	});

	it('any other Reset (past, further than 6 min, in ms, not a number) holds the token one room window at most', () => {
		const unbelievable = fc.oneof(
			seconds(LONGEST_ANSWERED_WAIT_MS / 1000 + 1, 1e12).map(String),
			seconds(-1e9, 0).map(String),
			fc.integer({ min: SERVER_NOW - 1e9, max: SERVER_NOW + 1e12 }).map(String),
			fc.constantFrom('1e308', '-1', 'Infinity', 'NaN', '', 'soon', new Date(SERVER_NOW + 60_000).toUTCString()),
			fc.string({ maxLength: 20 }).filter((text) => !Number.isFinite(Number(text)) || Number(text) <= SERVER_NOW / 1000),
		);
		fc.assert(
			fc.property(unbelievable, (reset) => {
				const wait = tooManyWith(reset);
				expect(wait).toBeGreaterThan(0);
				expect(wait).toBeLessThanOrEqual(ROOM_WINDOW_MS);
			}),
			{ numRuns: 2_000 },
		);
	});
});

describe('Chatwork rate-limit headers, generated: any header values give a bounded wait', () => {
	const number = fc.oneof(
		fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
		fc.integer({ min: 0, max: 4_000_000_000 }).map(String),
		fc.double({ noNaN: false }).map(String),
		fc.constantFrom('1764320400000', '9'.repeat(30), '-1', '1e308', 'Infinity', 'NaN', ''),
	);
	const httpDate = fc.date({ min: new Date(0), max: new Date(8.64e15) }).map((date) => (Number.isNaN(date.getTime()) ? 'Invalid' : date.toUTCString()));
	const headerValue = fc.oneof(number, httpDate, fc.string({ maxLength: 40 }));
	const headers = fc.record(
		{
			'x-ratelimit-limit': headerValue,
			'x-ratelimit-remaining': headerValue,
			'x-ratelimit-reset': headerValue,
			'retry-after': headerValue,
			date: fc.oneof(httpDate, fc.constant(DATE), fc.string({ maxLength: 20 })),
		},
		{ requiredKeys: [] },
	);
	const scale = fc.constantFrom(1, 0.01, 0.001);

	it('a 429 never asks for more than one window plus clock skew, and the token is free again after it', () => {
		fc.assert(
			fc.property(headers, fc.integer({ min: 0, max: 1e9 }), scale, (answer, now, timeScale) => {
				const budget = new TokenBudget(timeScale);
				expect(budget.reserve(now)).toBe(0);

				const wait = budget.exhausted(readRateLimit(answer), now);

				expect(wait).toBeGreaterThan(0);
				expect(wait).toBeLessThanOrEqual(LONGEST_ANSWERED_WAIT_MS * timeScale);
				expect(budget.reserve(now + wait)).toBe(0);
			}),
			{ numRuns: 2_000 },
		);
	});

	it('no sequence of answers makes a request wait longer than one window plus clock skew after the last answer', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(headers, fc.boolean()), { minLength: 1, maxLength: 8 }), scale, (answers, timeScale) => {
				const budget = new TokenBudget(timeScale);
				let now = 0;
				for (const [answer, refused] of answers) {
					now += 1;
					const delay = budget.reserve(now);
					expect(delay).toBeLessThanOrEqual(LONGEST_ANSWERED_WAIT_MS * timeScale);
					if (delay > 0) continue;
					if (refused) budget.exhausted(readRateLimit(answer), now);
					else budget.end(readRateLimit(answer), now);
				}
				expect(budget.reserve(now + LONGEST_ANSWERED_WAIT_MS * timeScale)).toBe(0);
			}),
			{ numRuns: 1_000 },
		);
	});
});

const WINDOW = 10_000;

describe('Per-room share: processes that post to one room see each other only through 429s', () => {
	const posted = (room: RoomWindow, times: number[]) => times.forEach((at) => room.recordPost(at));

	it('alone, a process keeps the whole window: the 11th post waits for the oldest to leave it', () => {
		const room = new RoomWindow(WINDOW);
		posted(room, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);

		expect(room.share(1_000)).toBe(ROOM_POSTS_PER_WINDOW);
		expect(room.delayBeforePost(1_000)).toBe(WINDOW - 1_000);
	});

	it('a 429 with 5 of its posts in the window cuts the share to 4 and holds until its 2nd post leaves the window', () => {
		const room = new RoomWindow(WINDOW, ROOM_POSTS_PER_WINDOW, () => 0);
		posted(room, [0, 1_000, 2_000, 3_000, 4_000]);

		const hold = room.refusedByOthers(5_000);

		expect(room.share(5_000)).toBe(4);
		expect(hold).toBe(1_000 + WINDOW - 5_000);
	});

	it('a 429 with none of its posts in the window keeps the share and holds a whole window plus at most a tenth', () => {
		const room = new RoomWindow(WINDOW, ROOM_POSTS_PER_WINDOW, () => 0.5);
		posted(room, [0]);

		expect(room.refusedByOthers(20_000)).toBe(WINDOW + WINDOW / 20);
		expect(room.share(20_000)).toBe(ROOM_POSTS_PER_WINDOW);
	});

	it('honours a Retry-After on the room 429 instead of guessing', () => {
		const room = new RoomWindow(WINDOW, ROOM_POSTS_PER_WINDOW, () => 0.9);

		expect(room.refusedByOthers(0, 3_000)).toBe(3_000);
	});

	it('grows the share back by 1, 2, 4… posts per window without a 429, up to the limit', () => {
		const room = new RoomWindow(WINDOW, ROOM_POSTS_PER_WINDOW, () => 0);
		posted(room, [0, 1, 2]);
		room.refusedByOthers(10);

		expect([10, WINDOW + 10, 3 * WINDOW + 10, 60 * WINDOW].map((at) => room.share(at))).toEqual([2, 3, 9, ROOM_POSTS_PER_WINDOW]);
	});

	it('cuts once per window: the 429s right after a cut were caused before it', () => {
		const room = new RoomWindow(WINDOW, ROOM_POSTS_PER_WINDOW, () => 0);
		posted(room, [0, 1, 2, 3, 4, 5]);
		room.refusedByOthers(10);
		room.refusedByOthers(20);

		expect(room.share(20)).toBe(5);
	});

	/**
	 * Chatwork's room window (10 accepted posts in any 10 s, counted on arrival) and `processes`
	 * posters with their own RoomWindow, on a virtual clock: each sends one post at a time, with
	 * round trips of `latencies` ms each way.
	 */
	function simulate(processes: Array<{ start: number; posts: number; latency: number; seed: number }>) {
		const accepted: number[] = [];
		const state = processes.map(({ start, posts, latency, seed }) => {
			let x = seed || 1;
			const random = () => ((x = (x * 48_271) % 2_147_483_647) / 2_147_483_647);
			return { room: new RoomWindow(WINDOW, ROOM_POSTS_PER_WINDOW, random), at: start, left: posts, latency, refused: 0, holds: [] as number[], shares: [] as number[] };
		});
		for (let steps = 0; steps < 100_000 && state.some((p) => p.left > 0); steps++) {
			const p = state.filter((q) => q.left > 0).reduce((a, b) => (a.at <= b.at ? a : b));
			const delay = p.room.delayBeforePost(p.at);
			if (delay > 0) {
				p.at += delay;
				continue;
			}
			const arrival = p.at + p.latency;
			const answer = arrival + p.latency;
			if (accepted.filter((t) => t > arrival - WINDOW).length < ROOM_POSTS_PER_WINDOW) {
				accepted.push(arrival);
				p.room.recordPost(answer);
				p.left--;
				p.at = answer;
			} else {
				p.refused++;
				const hold = p.room.refusedByOthers(answer);
				p.holds.push(hold);
				p.at = answer + hold;
			}
			p.shares.push(p.room.share(p.at));
		}
		return { accepted, state };
	}

	const poster = fc.record({
		start: fc.integer({ min: 0, max: 30_000 }),
		posts: fc.integer({ min: 1, max: 80 }),
		latency: fc.integer({ min: 1, max: 400 }),
		seed: fc.integer({ min: 1, max: 2_147_483_646 }),
	});

	it('any number of posters with any start, size and latency: every post lands, the room limit holds, shares stay in 1–10, no hold exceeds 1.1 windows', () => {
		fc.assert(
			fc.property(fc.array(poster, { minLength: 1, maxLength: 4 }), (processes) => {
				const { accepted, state } = simulate(processes);

				expect(accepted).toHaveLength(processes.reduce((sum, p) => sum + p.posts, 0));
				for (const p of state) {
					expect(p.left).toBe(0);
					expect(Math.min(...p.shares)).toBeGreaterThanOrEqual(1);
					expect(Math.max(...p.shares)).toBeLessThanOrEqual(ROOM_POSTS_PER_WINDOW);
					for (const hold of p.holds) expect(hold).toBeLessThanOrEqual(WINDOW * 1.1);
				}
			}),
			{ numRuns: 300 },
		);
	});
});

describe('Per-room windows: memory stays bounded, and forgetting a room never frees posts Chatwork still counts', () => {
	it('keeps at most MAX_TRACKED_ROOMS windows while 300,000 distinct rooms get one post each', () => {
		const limits = new AccountLimits(1);
		let most = 0;
		for (let roomId = 1; roomId <= 300_000; roomId++) {
			// One post every 20 ms: 500 rooms have a post in any 10 s window, the rest are idle.
			const now = roomId * 20;
			limits.room(roomId, now).recordPost(now);
			most = Math.max(most, limits.trackedRooms);
		}

		expect(most).toBeLessThanOrEqual(MAX_TRACKED_ROOMS);
	});

	it('forgets idle rooms least recently used first', () => {
		const limits = new AccountLimits(1, 2);
		const first = limits.room(1, 0);
		first.recordPost(0);
		const second = limits.room(2, 1_000);
		second.recordPost(1_000);
		limits.room(1, 30_000);

		limits.room(3, 30_000);

		expect(limits.trackedRooms).toBe(2);
		expect(limits.room(1, 30_000)).toBe(first);
		expect(limits.room(2, 30_000)).not.toBe(second);
	});

	it('keeps a room whose last post is still in the window, even past the bound', () => {
		const limits = new AccountLimits(1, 1);
		const posted = limits.room(1, 0);
		posted.recordPost(5_000);

		limits.room(2, 14_999);

		expect(limits.trackedRooms).toBe(2);
		expect(limits.room(1, 14_999)).toBe(posted);
		expect(posted.delayBeforePost(14_999)).toBe(0);
	});

	it('never forgets a room with a post at its gate, however old its last post', async () => {
		const limits = new AccountLimits(1, 1);
		const busy = limits.room(1, 0);
		const leave = await busy.enter();

		limits.room(2, 60_000);
		expect(limits.room(1, 60_000)).toBe(busy);
		leave();
	});

	it('generated: posts to rooms that are forgotten and come back never exceed 10 in any 10 s of Chatwork’s window', () => {
		// Bursts of posts to one room, with pauses between them shorter and longer than a window.
		const burst = fc.record({
			roomId: fc.integer({ min: 1, max: 6 }),
			posts: fc.integer({ min: 1, max: 12 }),
			pause: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 15_000 })),
			latency: fc.integer({ min: 1, max: 400 }),
		});
		fc.assert(
			fc.property(fc.array(burst, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (bursts, maxRooms) => {
				const limits = new AccountLimits(1, maxRooms);
				const arrivals = new Map<number, number[]>();
				let now = 0;
				const posts = bursts.flatMap(({ posts: count, pause, ...rest }) => Array.from({ length: count }, (_, n) => ({ ...rest, pause: n === 0 ? pause : 0 })));
				for (const { roomId, pause, latency } of posts) {
					now += pause;
					const room = limits.room(roomId, now);
					now += room.delayBeforePost(now);
					// Chatwork counts a post when it arrives; this process dates it when the answer comes back.
					const arrival = now + latency;
					const counted = (arrivals.get(roomId) ?? []).filter((at) => at > arrival - ROOM_WINDOW_MS);
					expect(counted.length).toBeLessThan(ROOM_POSTS_PER_WINDOW);
					arrivals.set(roomId, [...counted, arrival]);
					now = arrival + latency;
					room.recordPost(now);
				}
			}),
			{ numRuns: 300 },
		);
	});
});
