// @ts-check
'use strict';

/** Chatwork's published limits (its API documentation, developer.chatwork.com/docs/endpoints). */
const CHATWORK_LIMITS = Object.freeze({
	perToken: Object.freeze({ count: 300, windowMs: 5 * 60 * 1000 }),
	perRoom: Object.freeze({ count: 10, windowMs: 10 * 1000 }),
});

/**
 * @param {import('./index').ChatworkServerOptions['limits']} limits
 * @returns {{ perToken: import('./index').LimitWindow | false, perRoom: import('./index').LimitWindow | false }}
 */
function resolveLimits(limits) {
	if (limits === false) return { perToken: false, perRoom: false };
	const given = limits ?? {};
	return {
		perToken: given.perToken === false ? false : { ...CHATWORK_LIMITS.perToken, ...given.perToken },
		perRoom: given.perRoom === false ? false : { ...CHATWORK_LIMITS.perRoom, ...given.perRoom },
	};
}

/**
 * The general limit: a fixed window per token that opens with the first request and
 * closes `windowMs` later; `X-RateLimit-Reset` is the end of that window.
 * When disabled it still answers headers, always with the whole budget left, so a
 * client that paces itself on `X-RateLimit-Remaining` never slows a benchmark down.
 */
class TokenLimiter {
	/**
	 * @param {import('./index').LimitWindow | false} config
	 * @param {() => number} now
	 */
	constructor(config, now) {
		this.enforced = config !== false;
		this.config = config === false ? CHATWORK_LIMITS.perToken : config;
		this.now = now;
		/** @type {Map<string, { resetAt: number, used: number }>} */
		this.windows = new Map();
	}

	/** @param {string} key */
	current(key) {
		const now = this.now();
		const window = this.windows.get(key);
		if (window && now < window.resetAt) return window;
		return { resetAt: now + this.config.windowMs, used: 0 };
	}

	/**
	 * Headers as they stand, without spending anything.
	 * @param {string | null} key
	 * @returns {import('./index').RateLimitState}
	 */
	peek(key) {
		const window = key === null ? this.current('') : this.current(key);
		const used = key === null || !this.enforced ? 0 : window.used;
		return { limit: this.config.count, remaining: Math.max(0, this.config.count - used), resetAt: window.resetAt };
	}

	/**
	 * Spend one request; `allowed: false` means answer 429.
	 * @param {string} key
	 * @returns {import('./index').RateLimitState & { allowed: boolean }}
	 */
	take(key) {
		if (!this.enforced) return { ...this.peek(key), allowed: true };
		const window = this.current(key);
		this.windows.set(key, window);
		if (window.used >= this.config.count) {
			return { limit: this.config.count, remaining: 0, resetAt: window.resetAt, allowed: false };
		}
		window.used += 1;
		return { limit: this.config.count, remaining: this.config.count - window.used, resetAt: window.resetAt, allowed: true };
	}

	clear() {
		this.windows.clear();
	}
}

/**
 * The per-room posting limit: a sliding window over accepted posts (messages and
 * tasks share it). A post at time t is refused when `count` posts were accepted
 * in (t - windowMs, t].
 */
class RoomPostLimiter {
	/**
	 * @param {import('./index').LimitWindow | false} config
	 * @param {() => number} now
	 */
	constructor(config, now) {
		this.config = config;
		this.now = now;
		/** @type {Map<number, number[]>} */
		this.accepted = new Map();
	}

	/** @param {number} roomId */
	wouldExceed(roomId) {
		if (this.config === false) return false;
		const since = this.now() - this.config.windowMs;
		const times = (this.accepted.get(roomId) ?? []).filter((t) => t > since);
		this.accepted.set(roomId, times);
		return times.length >= this.config.count;
	}

	/** @param {number} roomId */
	record(roomId) {
		if (this.config === false) return;
		const times = this.accepted.get(roomId) ?? [];
		times.push(this.now());
		this.accepted.set(roomId, times);
	}

	clear() {
		this.accepted.clear();
	}
}

/**
 * The largest number of posts that fall within any `windowMs` span, i.e. the
 * most posts a room ever saw "within 10 s".
 * @param {number[]} times sorted ascending
 * @param {number} windowMs
 */
function maxInWindow(times, windowMs) {
	let best = 0;
	let first = 0;
	for (let last = 0; last < times.length; last++) {
		while (times[last] - times[first] >= windowMs) first++;
		best = Math.max(best, last - first + 1);
	}
	return best;
}

module.exports = { CHATWORK_LIMITS, resolveLimits, TokenLimiter, RoomPostLimiter, maxInWindow };
