import fc from 'fast-check';

import { readRateLimit } from '../../nodes/Chatwork/transport/chatwork.api';
import { LONGEST_ANSWERED_WAIT_MS, TOKEN_WINDOW_MS } from '../../nodes/Chatwork/transport/limits';
import { TokenBudget } from '../../nodes/Chatwork/transport/rateLimiter';

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

	it('ignores a Reset in milliseconds instead of seconds, and waits one window instead of for ever', () => {
		expect(tooMany({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(SERVER_NOW) })).toBe(TOKEN_WINDOW_MS);
	});

	it('ignores a Reset further ahead than one window plus clock skew, and honours one just inside', () => {
		expect(tooMany({ 'x-ratelimit-reset': unix(SERVER_NOW + LONGEST_ANSWERED_WAIT_MS + 5_000), 'x-ratelimit-remaining': '0' })).toBe(TOKEN_WINDOW_MS);
		expect(tooMany({ 'x-ratelimit-reset': unix(SERVER_NOW + LONGEST_ANSWERED_WAIT_MS - 5_000), 'x-ratelimit-remaining': '0' })).toBe(
			LONGEST_ANSWERED_WAIT_MS - 5_000,
		);
	});

	it('honours Retry-After in seconds and as an HTTP date, and caps it at one window plus clock skew', () => {
		expect(tooMany({ 'retry-after': '7' })).toBe(7_000);
		expect(tooMany({ 'retry-after': new Date(SERVER_NOW + 90_000).toUTCString() })).toBe(90_000);
		expect(tooMany({ 'retry-after': '86400' })).toBe(LONGEST_ANSWERED_WAIT_MS);
		expect(tooMany({ 'retry-after': 'soon' })).toBe(TOKEN_WINDOW_MS);
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
