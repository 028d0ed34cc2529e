import type { ChatworkConnection, ChatworkContext, ChatworkRequest, ChatworkResponse } from './chatwork.api';
import { chatworkErrors, describeRedirect, sendOnce } from './chatwork.api';
import { ROOM_LIMIT_ERROR_TEXT } from './limits';
import type { AccountLimits, Clock } from './rateLimiter';
import { announcedRetryAfter, monotonicNow } from './rateLimiter';

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
	followUp?: (outcome: DeliveryOutcome) => Promise<{ code: number | null; error: DeliveryError } | { result: unknown }>;
}

export type DeliveryState = 'delivered' | 'failed' | 'not_sent' | 'unknown';

export interface DeliveryError {
	message: string;
	errors: string[];
	retryable: boolean;
	delivery: DeliveryState;
	/** For a rate limit that would have needed a longer wait than allowed. */
	neededWaitMs?: number;
	/** A low-level code such as ECONNREFUSED or ETIMEDOUT, when there was no answer. */
	code?: string;
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

export async function deliver(env: DeliveryEnvironment, job: DeliveryJob): Promise<DeliveryOutcome> {
	const now = env.clock ?? monotonicNow;
	const began = now();
	const outcome: DeliveryOutcome = {
		ok: false,
		code: null,
		responses: [],
		error: null,
		attempts: 0,
		rateLimitedMs: 0,
		startedAt: null,
		durationMs: 0,
		request: job.requests[0],
	};
	for (const request of job.requests) {
		outcome.request = request;
		const done = await deliverRequest(env, request, outcome);
		if (!done) break;
	}
	if (outcome.error === null && job.followUp && !env.signal?.aborted) {
		const followed = await job.followUp(outcome);
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

/** Tries one request under the retry policy; true when Chatwork accepted it. */
async function deliverRequest(
	env: DeliveryEnvironment,
	request: ChatworkRequest,
	outcome: DeliveryOutcome,
): Promise<boolean> {
	const { settings, limits } = env;
	const now = env.clock ?? monotonicNow;
	const scale = limits.scale;
	const maxWait = settings.maxRateLimitWaitMs * scale;
	let failures = 0;
	let rateLimitRetries = 0;
	let lastTooMany: ChatworkResponse | undefined;

	const waitForLimit = async (delay: number): Promise<boolean> => {
		if (delay <= 0) return true;
		if (outcome.rateLimitedMs + delay > maxWait) {
			outcome.error = rateLimitError(outcome.rateLimitedMs + delay, scale, settings, lastTooMany);
			outcome.code = 429;
			if (lastTooMany) outcome.responses.push(lastTooMany);
			return false;
		}
		await sleep(delay, env.signal);
		outcome.rateLimitedMs += delay;
		return true;
	};

	for (;;) {
		if (env.signal?.aborted) {
			outcome.error = {
				message: 'The execution was cancelled before this request was sent.',
				errors: [],
				retryable: true,
				delivery: 'not_sent',
			};
			return false;
		}
		const room = request.postsToRoom === undefined ? undefined : limits.room(request.postsToRoom);
		const leave = room ? await room.enter() : undefined;
		try {
			if (room && !(await waitForLimit(room.delayBeforePost(now())))) return false;
			for (let delay = limits.token.reserve(now()); delay > 0; delay = limits.token.reserve(now())) {
				if (!(await waitForLimit(delay))) return false;
			}

			outcome.attempts++;
			outcome.startedAt ??= new Date();
			const result = await sendOnce(env.ctx, env.connection, request, settings.timeoutMs);
			const answeredAt = now();

			if (result.kind === 'unsendable') {
				// Nothing left n8n, so it was no attempt.
				limits.token.end(undefined, answeredAt);
				outcome.attempts--;
				outcome.error = { message: result.message, errors: [], retryable: false, delivery: 'not_sent' };
				return false;
			}

			if (result.kind === 'failure') {
				limits.token.end(undefined, answeredAt);
				// A post that may have arrived may count in Chatwork's room window too.
				if (room && result.mayHaveArrived) room.recordPost(answeredAt);
				const retryable =
					!result.mayHaveArrived || IDEMPOTENT.has(request.method) || settings.retryUnknownDelivery;
				if (retryable && failures < settings.maxRetries) {
					failures++;
					leave?.();
					await sleep(backoff(failures, scale), env.signal);
					continue;
				}
				outcome.code = null;
				outcome.error = connectionError(result, retryable, outcome.attempts, settings);
				return false;
			}

			outcome.code = result.statusCode;
			if (result.statusCode === 429) {
				lastTooMany = result;
				const perRoom = chatworkErrors(result.body).some((text) => text.includes(ROOM_LIMIT_ERROR_TEXT));
				let delay: number;
				if (perRoom && room) {
					limits.token.end(result.rateLimit, answeredAt);
					const asked = announcedRetryAfter(result.rateLimit);
					delay = room.refusedByOthers(answeredAt, asked === undefined ? undefined : asked * scale);
				} else {
					delay = limits.token.exhausted(result.rateLimit, answeredAt);
				}
				if (rateLimitRetries >= MAX_RATE_LIMIT_RETRIES) {
					outcome.responses.push(result);
					outcome.error = httpError(result, false, 'the rate limit did not clear after many retries');
					return false;
				}
				rateLimitRetries++;
				leave?.();
				if (!(await waitForLimit(delay))) return false;
				continue;
			}

			limits.token.end(result.rateLimit, answeredAt);
			// A post that may have been processed may count in Chatwork's room window too.
			if (room && result.statusCode !== NOT_PROCESSED) room.recordPost(answeredAt);
			if (result.statusCode >= 500) {
				const retryable =
					result.statusCode === NOT_PROCESSED || IDEMPOTENT.has(request.method) || settings.retryUnknownDelivery;
				if (retryable && failures < settings.maxRetries) {
					failures++;
					leave?.();
					const asked = announcedRetryAfter(result.rateLimit) ?? 0;
					await sleep(Math.max(backoff(failures, scale), asked * scale), env.signal);
					continue;
				}
				outcome.responses.push(result);
				outcome.error = serverError(result, retryable);
				return false;
			}
			outcome.responses.push(result);
			if (result.statusCode < 200 || result.statusCode >= 300) {
				outcome.error = httpError(result, false);
				return false;
			}
			return true;
		} finally {
			leave?.();
		}
	}
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

function connectionError(
	result: { code: string; message: string; mayHaveArrived: boolean },
	retried: boolean,
	attempts: number,
	settings: DeliverySettings,
): DeliveryError {
	const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
	if (result.mayHaveArrived && !retried) {
		return {
			message:
				`No answer from Chatwork (${result.code}) after the request was sent, so it may or may not ` +
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
