import { chatworkErrors, describeRedirect, sendOnce } from '../../shared/chatwork/client';
import type {
	AttemptResult,
	ChatworkConnection,
	ChatworkContext,
	ChatworkFailure,
	ChatworkRequest,
	ChatworkResponse,
} from '../../shared/chatwork/types';
import { ROOM_LIMIT_ERROR_TEXT, timeScale } from './limits';
import type { AccountLimits, Clock, RoomWindow } from './rateLimiter';
import { announcedRetryAfter, monotonicNow } from './rateLimiter';
import type { AttemptTime, ReadBackResult, ReadBackTools } from './readBack';
import { readBack } from './readBack';

export interface DeliverySettings {
	timeoutMs: number;
	/** Retries after a 5xx or a connection failure. */
	maxRetries: number;
	/** Longest total wait for rate limits one item may spend (Chatwork ms). */
	maxRateLimitWaitMs: number;
	concurrentLanes: number;
	/**
	 * Retry a non-idempotent request although Chatwork may already have acted on it (no answer
	 * after sending, or a 5xx other than 503).
	 */
	retryUnknownDelivery: boolean;
}

export const DEFAULT_DELIVERY: DeliverySettings = {
	timeoutMs: 30_000,
	maxRetries: 3,
	maxRateLimitWaitMs: 330_000,
	concurrentLanes: 5,
	retryUnknownDelivery: false,
};

/** Every Chatwork exchange of one input item: requests run in order, the first failure ends it. */
export interface DeliveryJob {
	/** Jobs of one lane (one room) run one after another in input order; lanes run side by side. */
	lane: string;
	requests: ChatworkRequest[];
	/**
	 * Work that must follow the accepted requests at once, in the same lane (e.g. fetching a file
	 * from a download URL that expires after 30 s). Returns an error to fail the item, or its result.
	 */
	followUp?: (outcome: DeliveryOutcome, tools: FollowUpTools) => Promise<{ code: number | null; error: DeliveryError } | { result: unknown }>;
	/** The requests post message text (form.body) to this room: an unknown outcome is resolved by reading it back. */
	readBack?: ReadBackTarget;
}

/** What a follow-up may use: one more request under the same limits and retry policy, and the clock's scale. */
export interface FollowUpTools {
	/** Sends one request (never read back: it is not a post of message text) and tells how it went. */
	send(request: ChatworkRequest): Promise<DeliveryOutcome>;
	/** 1 against Chatwork; below 1 on the look-alike's scaled clock (limits.ts timeScale). */
	scale: number;
}

/** How a job's posts are found again in the room (readBack.ts). */
export interface ReadBackTarget {
	roomId: number;
	/** Resend: look for each part before posting it, since this wall-clock time (the row's sentAt). */
	lookFirstSince?: number;
	/** Resend: message IDs of parts known to be in the room (by index); those are not posted again. */
	knownIds?: Array<string | null>;
	/** Resend with Include Unknown Deliveries: post when the room cannot be read. */
	postWhenUnreadable?: boolean;
	/** Why the room was read before posting, for the Error item when it cannot be read. */
	heldBecause?: string;
}

/**
 * `confirmed`: the answer never came (or was a 5xx other than 503), and reading the room back found
 * the message. Only `unknown` means the node could not tell.
 */
export type DeliveryState = 'delivered' | 'confirmed' | 'failed' | 'not_sent' | 'unknown';

/** How each accepted request of a job got there, in order. */
export type Settled = 'delivered' | 'confirmed';

export interface DeliveryError {
	message: string;
	errors: string[];
	retryable: boolean;
	delivery: DeliveryState;
	/** For a rate limit that would have needed a longer wait than allowed. */
	neededWaitMs?: number;
	/** A low-level code such as ECONNREFUSED or ETIMEDOUT, when there was no answer. */
	code?: string;
	/** Why reading the room back could not settle an unknown outcome (no permission, room gone, pushed out…). */
	readBack?: string;
}

export interface DeliveryOutcome {
	ok: boolean;
	/** Last HTTP status; null when no answer came. */
	code: number | null;
	/** Parsed body of every answered request, in order. */
	responses: ChatworkResponse[];
	error: DeliveryError | null;
	attempts: number;
	rateLimitedMs: number;
	startedAt: Date | null;
	durationMs: number;
	/** The request that ended the job (the last one tried). */
	request: ChatworkRequest;
	/** What the job's follow-up returned when it succeeded (e.g. the downloaded file). */
	followUpResult?: unknown;
	/** Per accepted request, in order: answered, or confirmed by reading the room back. */
	settled: Settled[];
	/** Requests made to read the room back (GET /me included), inside the token budget. */
	readBacks: number;
}

export interface DeliveryEnvironment {
	ctx: ChatworkContext;
	connection: ChatworkConnection;
	limits: AccountLimits;
	settings: DeliverySettings;
	signal?: AbortSignal;
	clock?: Clock;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The one 5xx that says the request was not processed (Chatwork or its gateway refused it before). */
const NOT_PROCESSED = 503;
/** A guard against a server that keeps answering 429 with a reset in the past. */
const MAX_RATE_LIMIT_RETRIES = 30;
const BACKOFF_BASE_MS = 1_000;

/** Runs jobs with Chatwork's limits: lanes side by side (bounded), jobs of a lane in order. */
export async function deliverAll(
	env: DeliveryEnvironment,
	jobs: Array<DeliveryJob | undefined>,
): Promise<Array<DeliveryOutcome | undefined>> {
	const outcomes: Array<DeliveryOutcome | undefined> = new Array(jobs.length);
	const lanes = new Map<string, number[]>();
	jobs.forEach((job, index) => {
		if (!job) return;
		const lane = lanes.get(job.lane);
		if (lane) lane.push(index);
		else lanes.set(job.lane, [index]);
	});
	const queue = [...lanes.values()];
	const worker = async () => {
		for (let lane = queue.shift(); lane; lane = queue.shift()) {
			for (const index of lane) outcomes[index] = await deliver(env, jobs[index]!);
		}
	};
	const workers = Math.max(1, Math.min(env.settings.concurrentLanes, queue.length));
	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}

function emptyOutcome(request: ChatworkRequest): DeliveryOutcome {
	return {
		ok: false,
		code: null,
		responses: [],
		error: null,
		attempts: 0,
		rateLimitedMs: 0,
		startedAt: null,
		durationMs: 0,
		request,
		settled: [],
		readBacks: 0,
	};
}

export async function deliver(env: DeliveryEnvironment, job: DeliveryJob): Promise<DeliveryOutcome> {
	const now = env.clock ?? monotonicNow;
	const began = now();
	const outcome = emptyOutcome(job.requests[0]);
	for (const [index, request] of job.requests.entries()) {
		outcome.request = request;
		const post = job.readBack ? new PostCheck(env, job.readBack, request, index, outcome) : undefined;
		const settled = await deliverRequest(env, request, outcome, post);
		if (!settled) break;
		outcome.settled.push(settled);
	}
	if (outcome.error === null && job.followUp && !env.signal?.aborted) {
		const followed = await job.followUp(outcome, {
			send: (request) => deliver(env, { lane: job.lane, requests: [request] }),
			scale: timeScale(env.connection.baseUrl),
		});
		if ('error' in followed) {
			outcome.code = followed.code;
			outcome.error = followed.error;
		} else {
			outcome.followUpResult = followed.result;
		}
	}
	outcome.ok = outcome.error === null;
	outcome.durationMs = Math.round(now() - began);
	return outcome;
}

/**
 * What an answer means for the request: accepted, ended with outcome.error set, tried again after a
 * wait, or unknown and to be settled by reading the room back.
 */
type Verdict =
	| { next: 'accepted' }
	| { next: 'confirmed' }
	| { next: 'ended' }
	| { next: 'backOff'; ms: number }
	// `askedBy`: the 5xx whose Retry-After asked for this wait (else the wait is for the rate limits).
	| { next: 'waitForLimit'; ms: number; askedBy?: ChatworkResponse }
	| { next: 'readBack' };

const ACCEPTED: Verdict = { next: 'accepted' };
const ENDED: Verdict = { next: 'ended' };

/** Tries one request under the retry policy; how it got into Chatwork, or false (outcome.error set). */
async function deliverRequest(
	env: DeliveryEnvironment,
	request: ChatworkRequest,
	outcome: DeliveryOutcome,
	post?: PostCheck,
): Promise<Settled | false> {
	if (post) {
		const known = await post.beforePosting();
		if (known !== undefined) return known.next === 'ended' ? false : known.next === 'confirmed' ? 'confirmed' : 'delivered';
	}
	const attempts = new RequestAttempts(env, request, outcome, post);
	for (;;) {
		if (env.signal?.aborted) {
			outcome.error = { message: 'The execution was cancelled before this request was sent.', errors: [], retryable: true, delivery: 'not_sent' };
			return false;
		}
		const room = request.postsToRoom === undefined ? undefined : env.limits.room(request.postsToRoom, (env.clock ?? monotonicNow)());
		const leave = room ? await room.enter() : undefined;
		let verdict: Verdict;
		try {
			if (!(await attempts.waitForTurn(room))) return false;
			verdict = attempts.judge(await attempts.send(), room);
		} finally {
			leave?.();
		}
		if (verdict.next === 'readBack') verdict = await attempts.settleByReadBack();
		if (verdict.next === 'accepted') return 'delivered';
		if (verdict.next === 'confirmed') return 'confirmed';
		if (verdict.next === 'ended') return false;
		if (verdict.next === 'backOff') await sleep(verdict.ms, env.signal);
		else if (verdict.next === 'waitForLimit' && !(await attempts.waitForLimit(verdict.ms, verdict.askedBy))) return false;
	}
}

/** The tries of one request: the counters of the retry policy, and what each answer means. */
class RequestAttempts {
	private failures = 0;

	private rateLimitRetries = 0;

	private lastTooMany: ChatworkResponse | undefined;

	private readonly now: Clock;

	private readonly scale: number;

	/** When the last attempt was sent (monotonic), for the read-back window. */
	private sentAt = 0;

	/** The error an unknown outcome ends with when the room cannot settle it, and the 5xx that caused it. */
	private unknown: { error: DeliveryError; response?: ChatworkResponse } | undefined;

	constructor(
		private readonly env: DeliveryEnvironment,
		private readonly request: ChatworkRequest,
		private readonly outcome: DeliveryOutcome,
		private readonly post?: PostCheck,
	) {
		this.now = env.clock ?? monotonicNow;
		this.scale = env.limits.scale;
	}

	/** Waits out the rate limits (inside the room's gate); false when that would take longer than allowed. */
	async waitForTurn(room: RoomWindow | undefined): Promise<boolean> {
		const { token } = this.env.limits;
		if (room && !(await this.waitForLimit(room.delayBeforePost(this.now())))) return false;
		for (let delay = token.reserve(this.now()); delay > 0; delay = token.reserve(this.now())) {
			if (!(await this.waitForLimit(delay))) return false;
		}
		return true;
	}

	/**
	 * Sleeps `delay` as rate-limit wait (or the wait a 5xx asked for with Retry-After); false, with
	 * the error set, when the item's allowance would run out.
	 */
	async waitForLimit(delay: number, askedBy?: ChatworkResponse): Promise<boolean> {
		const { outcome, env } = this;
		if (delay <= 0) return true;
		if (outcome.rateLimitedMs + delay > env.settings.maxRateLimitWaitMs * this.scale) {
			const answer = askedBy ?? this.lastTooMany;
			outcome.error = askedBy
				? retryAfterError(askedBy, outcome.rateLimitedMs + delay, this.scale, env.settings)
				: rateLimitError(outcome.rateLimitedMs + delay, this.scale, env.settings, this.lastTooMany);
			outcome.code = askedBy ? askedBy.statusCode : 429;
			if (answer) outcome.responses.push(answer);
			return false;
		}
		await sleep(delay, env.signal);
		outcome.rateLimitedMs += delay;
		return true;
	}

	async send(): Promise<AttemptResult> {
		this.outcome.attempts++;
		this.outcome.startedAt ??= new Date();
		this.sentAt = this.now();
		return await sendOnce(this.env.ctx, this.env.connection, this.request, this.env.settings.timeoutMs);
	}

	judge(result: AttemptResult, room: RoomWindow | undefined): Verdict {
		const answeredAt = this.now();
		if (result.kind === 'unsendable') {
			// Nothing left n8n, so it was no attempt.
			this.env.limits.token.end(undefined, answeredAt);
			this.outcome.attempts--;
			this.outcome.error = { message: result.message, errors: [], retryable: false, delivery: 'not_sent' };
			return ENDED;
		}
		if (result.kind === 'failure') return this.judgeNoAnswer(result, room, answeredAt);
		this.outcome.code = result.statusCode;
		if (result.statusCode === 429) return this.judgeTooMany(result, room, answeredAt);
		return this.judgeAnswer(result, room, answeredAt);
	}

	private judgeNoAnswer(result: ChatworkFailure, room: RoomWindow | undefined, answeredAt: number): Verdict {
		const { env, outcome } = this;
		env.limits.token.end(undefined, answeredAt);
		// A post that may have arrived may count in Chatwork's room window too.
		if (room && result.mayHaveArrived) room.recordPost(answeredAt);
		if (result.mayHaveArrived && this.post && !IDEMPOTENT.has(this.request.method)) {
			outcome.code = null;
			this.unknown = { error: connectionError(result, false, outcome.attempts, env.settings) };
			return { next: 'readBack' };
		}
		const retryable = !result.mayHaveArrived || IDEMPOTENT.has(this.request.method) || env.settings.retryUnknownDelivery;
		if (retryable && this.failures < env.settings.maxRetries) return { next: 'backOff', ms: backoff(++this.failures, this.scale) };
		outcome.code = null;
		outcome.error = connectionError(result, retryable, outcome.attempts, env.settings);
		return ENDED;
	}

	private judgeTooMany(result: ChatworkResponse, room: RoomWindow | undefined, answeredAt: number): Verdict {
		const { limits } = this.env;
		this.lastTooMany = result;
		const perRoom = chatworkErrors(result.body).some((text) => text.includes(ROOM_LIMIT_ERROR_TEXT));
		let delay: number;
		if (perRoom && room) {
			limits.token.end(result.rateLimit, answeredAt);
			const asked = announcedRetryAfter(result.rateLimit);
			delay = room.refusedByOthers(answeredAt, asked === undefined ? undefined : asked * this.scale);
		} else {
			delay = limits.token.exhausted(result.rateLimit, answeredAt);
		}
		if (this.rateLimitRetries >= MAX_RATE_LIMIT_RETRIES) {
			this.outcome.responses.push(result);
			this.outcome.error = httpError(result, false, 'the rate limit did not clear after many retries');
			return ENDED;
		}
		this.rateLimitRetries++;
		return { next: 'waitForLimit', ms: delay };
	}

	private judgeAnswer(result: ChatworkResponse, room: RoomWindow | undefined, answeredAt: number): Verdict {
		const { env, outcome } = this;
		env.limits.token.end(result.rateLimit, answeredAt);
		// A post that may have been processed may count in Chatwork's room window too.
		if (room && result.statusCode !== NOT_PROCESSED) room.recordPost(answeredAt);
		if (result.statusCode >= 500 && result.statusCode !== NOT_PROCESSED && this.post && !IDEMPOTENT.has(this.request.method)) {
			this.unknown = { error: serverError(result, false), response: result };
			return { next: 'readBack' };
		}
		if (result.statusCode >= 500) {
			const retryable = result.statusCode === NOT_PROCESSED || IDEMPOTENT.has(this.request.method) || env.settings.retryUnknownDelivery;
			if (retryable && this.failures < env.settings.maxRetries) {
				const pause = backoff(++this.failures, this.scale);
				const asked = announcedRetryAfter(result.rateLimit);
				// A wait the server asks for is a rate-limit wait: bounded by Rate-Limit Wait and counted.
				if (asked === undefined) return { next: 'backOff', ms: pause };
				return { next: 'waitForLimit', ms: Math.max(pause, asked * this.scale), askedBy: result };
			}
			outcome.responses.push(result);
			outcome.error = serverError(result, retryable);
			return ENDED;
		}
		outcome.responses.push(result);
		if (result.statusCode < 200 || result.statusCode >= 300) {
			outcome.error = httpError(result, false);
			return ENDED;
		}
		return ACCEPTED;
	}

	/**
	 * An unknown outcome, settled by the room: found → confirmed; absent → posted again within Max
	 * Retries (it was not stored); unreadable → unknown and why, or the blind retry the user opted into.
	 */
	async settleByReadBack(): Promise<Verdict> {
		const { env, outcome } = this;
		const unknown = this.unknown!;
		const found = await this.post!.find({ kind: 'monotonic', at: this.sentAt });
		if ('found' in found) return this.post!.confirm(found.found);
		const canRetry = this.failures < env.settings.maxRetries;
		if ('absent' in found) {
			if (canRetry) return { next: 'backOff', ms: backoff(++this.failures, this.scale) };
			if (unknown.response) outcome.responses.push(unknown.response);
			outcome.error = {
				...unknown.error,
				message: `${unknown.error.message.replace(/ (Not retried|\(it may or may not).*$/s, '')} Reading the room back twice did not find it, so it was not posted; Max Retries (${env.settings.maxRetries}) are used up.`,
				retryable: true,
				delivery: 'not_sent',
			};
			return ENDED;
		}
		if (env.settings.retryUnknownDelivery && canRetry) return { next: 'backOff', ms: backoff(++this.failures, this.scale) };
		if (unknown.response) outcome.responses.push(unknown.response);
		outcome.error = {
			...unknown.error,
			message: `${unknown.error.message} Reading the room back could not tell: ${found.unreadable}.`,
			readBack: found.unreadable,
		};
		return ENDED;
	}
}

/** One message post of a job that reads back: finds its text in the room, records what it found. */
class PostCheck {
	private readonly text: string;

	constructor(
		private readonly env: DeliveryEnvironment,
		private readonly target: ReadBackTarget,
		request: ChatworkRequest,
		private readonly index: number,
		private readonly outcome: DeliveryOutcome,
	) {
		this.text = String(request.form?.body ?? '');
	}

	/** Resend: a part known or found in the room is not posted again; undefined → post it. */
	async beforePosting(): Promise<Verdict | undefined> {
		const known = this.target.knownIds?.[this.index];
		if (known) {
			this.answer(known);
			return ACCEPTED;
		}
		const since = this.target.lookFirstSince;
		if (since === undefined) return undefined;
		const found = await this.find({ kind: 'wall', at: since });
		if ('absent' in found || ('unreadable' in found && this.target.postWhenUnreadable)) return undefined;
		// Not posted now: the item keeps the time of the attempt it is about, for a later read-back.
		if (since > 0) this.outcome.startedAt ??= new Date(since);
		if ('found' in found) return this.confirm(found.found);
		this.outcome.error = {
			message: `${this.target.heldBecause ?? 'Not resent: its delivery was unknown'} and reading the room back could not tell whether it is there: ${found.unreadable}.${this.target.heldBecause ? '' : ' Turn on Include Unknown Deliveries to resend such items anyway.'}`,
			errors: [],
			retryable: false,
			delivery: 'unknown',
			readBack: found.unreadable,
		};
		return ENDED;
	}

	async find(since: AttemptTime): Promise<ReadBackResult> {
		const { env, outcome } = this;
		const tools: ReadBackTools = {
			limits: env.limits,
			now: env.clock ?? monotonicNow,
			scale: env.limits.scale,
			sleep: (ms) => sleep(ms, env.signal),
			read: async (request) => {
				const scratch = emptyOutcome(request);
				await deliverRequest(env, request, scratch);
				outcome.readBacks += scratch.attempts;
				outcome.rateLimitedMs += scratch.rateLimitedMs;
				return scratch.responses.at(-1) ?? { failed: scratch.error?.message ?? 'no answer' };
			},
		};
		const claimed = new Set(outcome.responses.map((response) => messageIdOf(response)).filter((id): id is string => id !== undefined));
		return await readBack(tools, { roomId: this.target.roomId, text: this.text, since, exclude: claimed });
	}

	confirm(messageId: string): Verdict {
		this.answer(messageId);
		this.outcome.code = 200;
		return { next: 'confirmed' };
	}

	/** The message ID as the post would have answered it, so the history item names it. */
	private answer(messageId: string): void {
		this.outcome.responses.push({ kind: 'response', statusCode: 200, body: { message_id: messageId }, rateLimit: {} });
	}
}

function messageIdOf(response: ChatworkResponse): string | undefined {
	const id = (response.body as { message_id?: unknown } | null)?.message_id;
	return id === undefined || id === null ? undefined : String(id);
}

/** Exponential back-off with full jitter, in real ms. */
function backoff(failures: number, scale: number): number {
	const ceiling = BACKOFF_BASE_MS * 2 ** (failures - 1);
	return (ceiling / 2 + Math.random() * (ceiling / 2)) * scale;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 || signal?.aborted) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
		signal?.addEventListener('abort', done, { once: true });
	});
}

function httpError(result: ChatworkResponse, retryable: boolean, why?: string): DeliveryError {
	const errors = chatworkErrors(result.body);
	const said =
		describeRedirect(result) ??
		(errors.length > 0 ? errors.join('; ') : typeof result.body === 'string' ? result.body : 'no details');
	return {
		message: `Chatwork answered ${result.statusCode}: ${said}${why ? ` (${why})` : ''}`,
		errors,
		retryable,
		delivery: result.statusCode >= 500 ? 'unknown' : 'failed',
	};
}

/** A 5xx that ends the request: 503 was not processed; any other may have been. */
function serverError(result: ChatworkResponse, retried: boolean): DeliveryError {
	if (result.statusCode === NOT_PROCESSED) return { ...httpError(result, true), delivery: 'not_sent' };
	if (retried) return httpError(result, true);
	return httpError(
		result,
		false,
		'it may or may not have been processed, so it was not retried, to avoid posting twice; ' +
			'turn on "Retry When Delivery Is Unknown" to retry',
	);
}

function rateLimitError(
	neededMs: number,
	scale: number,
	settings: DeliverySettings,
	tooMany: ChatworkResponse | undefined,
): DeliveryError {
	const needed = Math.round(neededMs / scale);
	return {
		message:
			`Chatwork's rate limit needs a wait of ${seconds(needed)} before this request, ` +
			`longer than Delivery → Rate-Limit Wait (${seconds(settings.maxRateLimitWaitMs)}). Not sent.`,
		errors: tooMany ? chatworkErrors(tooMany.body) : [],
		retryable: true,
		delivery: 'not_sent',
		neededWaitMs: needed,
	};
}

/** A 5xx whose Retry-After asks for more than the item may still wait: not retried. */
function retryAfterError(result: ChatworkResponse, neededMs: number, scale: number, settings: DeliverySettings): DeliveryError {
	const needed = Math.round(neededMs / scale);
	const asked = result.rateLimit?.retryAfterMs;
	const ended = serverError(result, false);
	return {
		...ended,
		message:
			`Chatwork answered ${result.statusCode} and asked to retry after ${seconds(asked ?? needed)} (Retry-After), ` +
			`longer than Delivery → Rate-Limit Wait (${seconds(settings.maxRateLimitWaitMs)}) allows. ` +
			(ended.delivery === 'not_sent' ? 'Not sent.' : 'It may or may not have been processed; not retried.'),
		retryable: true,
		neededWaitMs: needed,
	};
}

/** The failures of an answer that broke a bound: it was sent, and Chatwork may have done the work. */
const ANSWER_BOUNDS = new Set(['ANSWER_TIMEOUT', 'ANSWER_TOO_LARGE']);

function connectionError(
	result: { code: string; message: string; mayHaveArrived: boolean },
	retried: boolean,
	attempts: number,
	settings: DeliverySettings,
): DeliveryError {
	const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
	if (result.mayHaveArrived && !retried) {
		// A bound on the answer (client.ts) says which one it was; a lower layer's text says nothing more.
		const what = ANSWER_BOUNDS.has(result.code) ? `No complete answer from Chatwork (${result.message})` : `No answer from Chatwork (${result.code})`;
		return {
			message:
				`${what} after the request was sent, so it may or may not ` +
				`have been posted. Not retried, to avoid posting twice; turn on "Retry When Delivery Is Unknown" to retry.`,
			errors: [],
			retryable: false,
			delivery: 'unknown',
			code: result.code,
		};
	}
	return {
		message: `Could not reach Chatwork (${result.code}) after ${tries}: ${result.message}`,
		errors: [],
		retryable: !result.mayHaveArrived || settings.retryUnknownDelivery,
		delivery: result.mayHaveArrived ? 'unknown' : 'not_sent',
		code: result.code,
	};
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
