import { createHash } from 'node:crypto';

import type { RateLimitHeaders } from '../../shared/chatwork/types';
import {
	LONGEST_ANSWERED_WAIT_MS,
	ROOM_POSTS_PER_WINDOW,
	ROOM_WINDOW_MS,
	TOKEN_REQUESTS_PER_WINDOW,
} from './limits';

/** Milliseconds on this process's monotonic clock. */
export type Clock = () => number;

export const monotonicNow: Clock = () => performance.now();

/**
 * Chatwork's per-room post limit, kept by this process. Posts to one room pass through a FIFO gate
 * one at a time (input order is message order), and a post leaves only when this process has seen
 * fewer than its share of the room's posts in the sliding window. A post is dated when its response
 * arrives: by then Chatwork has counted it, so our window never starts before Chatwork's does.
 *
 * The share starts at the whole limit. Other posters to the room (n8n queue-mode workers, other
 * apps) are seen only through per-room 429s: each one cuts the share to what this process managed
 * in the full window minus one, so that processes posting to one room settle on shares that add up
 * to less than the limit; the share grows back by 1, 2, 4… posts per window without a 429, so a
 * poster that stopped does not slow this one down for long.
 */
export class RoomWindow {
	private readonly answeredAt: number[] = [];

	private blockedUntil = 0;

	private tail: Promise<void> = Promise.resolve();

	/** Posts inside the gate or waiting at it. */
	private waiting = 0;

	/** This process's share when it was last cut, and when. */
	private cutShare: number;

	private cutAt = -Infinity;

	constructor(
		private readonly windowMs: number,
		private readonly postsPerWindow = ROOM_POSTS_PER_WINDOW,
		private readonly random: () => number = Math.random,
	) {
		this.cutShare = postsPerWindow;
	}

	/** Waits for this room's turn; the returned function must be called when the post is answered. */
	async enter(): Promise<() => void> {
		let open!: () => void;
		const previous = this.tail;
		this.tail = new Promise<void>((resolve) => (open = resolve));
		this.waiting++;
		await previous;
		return () => {
			this.waiting--;
			open();
		};
	}

	/**
	 * Whether forgetting this room changes nothing: no post at its gate, none of its posts left in
	 * Chatwork's window (so a fresh window for it grants no extra post), no hold, no cut share.
	 */
	isIdle(now: number): boolean {
		const last = this.answeredAt[this.answeredAt.length - 1];
		return (
			this.waiting === 0 &&
			(last === undefined || last <= now - this.windowMs) &&
			this.blockedUntil <= now &&
			this.share(now) === this.postsPerWindow
		);
	}

	/** Posts per window this process allows itself now. */
	share(now: number): number {
		const clean = Math.floor((now - this.cutAt) / this.windowMs);
		if (clean <= 0) return this.cutShare;
		// +1, +2, +4… per clean window: a poster left alone is back at the full limit within a few windows.
		return Math.min(this.postsPerWindow, this.cutShare + 2 ** Math.min(clean, 8) - 1);
	}

	/** How long the next post must wait (call inside the gate). */
	delayBeforePost(now: number): number {
		this.forgetBefore(now - this.windowMs);
		let delay = Math.max(0, this.blockedUntil - now);
		const share = this.share(now);
		if (this.answeredAt.length >= share) {
			const oldest = this.answeredAt[this.answeredAt.length - share];
			delay = Math.max(delay, oldest + this.windowMs - now);
		}
		return delay;
	}

	recordPost(answeredAt: number): void {
		this.answeredAt.push(answeredAt);
		if (this.answeredAt.length > this.postsPerWindow) this.answeredAt.shift();
	}

	/**
	 * Someone else filled the room's window: cut this process's share and hold the room for what
	 * Chatwork asked (Retry-After); without that, until this process's own oldest post in the window
	 * leaves it, or a whole window when it has none there. A random tenth of a window more keeps
	 * processes that were refused together from coming back together. Returns the hold.
	 */
	refusedByOthers(now: number, asked?: number): number {
		this.forgetBefore(now - this.windowMs);
		const own = this.answeredAt.length;
		// One cut per window: the 429s that follow within it were caused before the cut took effect.
		// With no post of ours in the window there is nothing to give back.
		if (own > 0 && now - this.cutAt >= this.windowMs) {
			this.cutShare = Math.max(1, Math.min(this.share(now), own - 1));
			this.cutAt = now;
		}
		const jitter = this.random() * (this.windowMs / 10);
		const hold = asked ?? (own === 0 ? this.windowMs : 0) + jitter;
		this.blockedUntil = Math.max(this.blockedUntil, now + hold);
		return Math.max(this.blockedUntil - now, this.delayBeforePost(now));
	}

	private forgetBefore(start: number): void {
		while (this.answeredAt.length > 0 && this.answeredAt[0] <= start) this.answeredAt.shift();
	}
}

/**
 * Chatwork ms from the answer until its X-RateLimit-Reset; undefined when absent or further ahead
 * than any window lasts (such a header is wrong, and believing it would stop the token for good).
 */
export function announcedResetWait(headers: RateLimitHeaders): number | undefined {
	if (headers.reset === undefined) return undefined;
	const wait = headers.reset * 1000 - (headers.serverNow ?? Date.now());
	if (!Number.isFinite(wait) || wait > LONGEST_ANSWERED_WAIT_MS) return undefined;
	return Math.max(0, wait);
}

/** Retry-After in Chatwork ms, capped at the longest wait an answer may impose. */
export function announcedRetryAfter(headers: RateLimitHeaders | undefined): number | undefined {
	const asked = headers?.retryAfterMs;
	if (asked === undefined || Number.isNaN(asked)) return undefined;
	return Math.min(Math.max(0, asked), LONGEST_ANSWERED_WAIT_MS);
}

/**
 * The per-token budget as Chatwork reports it in X-RateLimit-* headers. Requests wait for the reset
 * when the budget (minus what is in flight) is spent, instead of running into a 429. What one answer
 * says lasts at most LONGEST_ANSWERED_WAIT_MS.
 */
export class TokenBudget {
	private limit = TOKEN_REQUESTS_PER_WINDOW;

	private remaining: number | undefined;

	private resetAt = 0;

	private resetUnix = 0;

	private inFlight = 0;

	constructor(private readonly scale: number) {}

	/**
	 * Takes one request from the budget now (0), or says how long to wait before asking again.
	 * Checking and taking are one synchronous step, so lanes that start together cannot all take
	 * the last request.
	 */
	reserve(now: number): number {
		if (this.remaining !== undefined && now >= this.resetAt) this.remaining = this.limit;
		if (this.remaining !== undefined && this.remaining - this.inFlight <= 0) return this.resetAt - now;
		this.inFlight++;
		return 0;
	}

	/** Ends a reserved request with the headers of its answer (none when no answer came). */
	end(headers: RateLimitHeaders | undefined, now: number): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (!headers || headers.remaining === undefined) return;
		const wait = announcedResetWait(headers);
		if (wait === undefined) return;
		if (headers.limit !== undefined && Number.isSafeInteger(headers.limit) && headers.limit > 0) this.limit = headers.limit;
		const remaining = Math.max(0, headers.remaining);
		const reset = headers.reset!;
		if (reset < this.resetUnix && now < this.resetAt) return;
		if (reset !== this.resetUnix || this.remaining === undefined || now >= this.resetAt) {
			this.resetUnix = reset;
			this.remaining = remaining;
			// A Date header is whole seconds, so this may wait up to a second too long, never too short.
			this.resetAt = now + wait * this.scale;
		} else {
			this.remaining = Math.min(this.remaining, remaining);
		}
	}

	/**
	 * Ends a request that got a token 429: nothing is left until the reset this answer announces or
	 * the Retry-After it asks, whichever is later. Without either (missing, in the past, or further
	 * ahead than any Chatwork window, which is no information), one room window, or the known reset
	 * if sooner: a real exhaustion answers 429 again with its reset, a wrong header must not hold the
	 * token for minutes.
	 */
	exhausted(headers: RateLimitHeaders | undefined, now: number): number {
		this.end(headers, now);
		this.remaining = 0;
		const announced = Math.ceil(Math.max(0, (headers && announcedResetWait(headers)) ?? 0, announcedRetryAfter(headers) ?? 0));
		const guess = now + ROOM_WINDOW_MS * this.scale;
		if (announced > 0) this.resetAt = now + announced * this.scale;
		else if (this.resetAt <= now || this.resetAt > guess) this.resetAt = guess;
		return this.resetAt - now;
	}
}

/**
 * Rooms one account keeps windows for before idle ones are forgotten. Room IDs may come from form
 * data, so without a bound every distinct ID would stay for the process's life. Chatwork's token
 * limit (300 requests / 5 min) allows far fewer rooms with a post in one 10 s window.
 */
export const MAX_TRACKED_ROOMS = 1_000;

/** The limits of one Chatwork account as seen from this process. */
export class AccountLimits {
	readonly token: TokenBudget;

	/** Least recently used first (a Map keeps insertion order; a used room is moved to the end). */
	private readonly rooms = new Map<number, RoomWindow>();

	constructor(
		readonly scale: number,
		private readonly maxRooms = MAX_TRACKED_ROOMS,
	) {
		this.token = new TokenBudget(scale);
	}

	/** The room's window; `now` (the transport's clock) decides which idle rooms may be forgotten. */
	room(roomId: number, now: number): RoomWindow {
		let window = this.rooms.get(roomId);
		if (window) {
			this.rooms.delete(roomId);
		} else {
			if (this.rooms.size >= this.maxRooms) this.forgetIdleRooms(now);
			window = new RoomWindow(ROOM_WINDOW_MS * this.scale);
		}
		this.rooms.set(roomId, window);
		return window;
	}

	/** How many rooms have a window kept now. */
	get trackedRooms(): number {
		return this.rooms.size;
	}

	/**
	 * Forgets idle rooms, least recently used first, down to nine tenths of the bound (so the sweep
	 * runs once per many new rooms). A room that is not idle is kept even past the bound: forgetting
	 * it would give it a fresh window while its posts still count in Chatwork's.
	 */
	private forgetIdleRooms(now: number): void {
		const target = Math.floor(this.maxRooms * 0.9);
		for (const [roomId, window] of this.rooms) {
			if (this.rooms.size <= target) return;
			if (window.isIdle(now)) this.rooms.delete(roomId);
		}
	}
}

const accounts = new Map<string, AccountLimits>();

/**
 * Executions in this process that use the same token share its limits, so 50 webhook executions
 * posting to one room are paced instead of colliding. Correctness never depends on it: other
 * processes are seen only through 429s, which are waited out. Keyed by a hash: no token is kept.
 */
export function limitsFor(baseUrl: string, token: string, scale: number): AccountLimits {
	const key = createHash('sha256').update(`${scale}\n${baseUrl}\n${token}`).digest('hex');
	let limits = accounts.get(key);
	if (!limits) {
		limits = new AccountLimits(scale);
		accounts.set(key, limits);
	}
	return limits;
}
