import type { ChatworkRequest, ChatworkResponse } from '../../shared/chatwork/types';
import { chatworkErrors } from '../../shared/chatwork/client';
import type { AccountLimits } from './rateLimiter';

/**
 * Reading a room back to learn whether a post whose answer never came (or was a 5xx other than 503)
 * is in the room: the same text, from the credential's own account, sent at or after the attempt
 * began. Chatwork has no idempotency key, so this is the only way to resolve `unknown`.
 */

/** Chatwork's GET /rooms/{id}/messages?force=1 answers the latest 100 messages, no more. */
export const READ_BACK_WINDOW = 100;

/** send_time is whole seconds, and the Date header the window is measured against is too. */
const SEND_TIME_SLACK_MS = 2_000;

/** A little more, for a Chatwork clock that steps between its front ends. */
const CLOCK_SKEW_MS = 1_000;

/** Pause between the two reads of a settle: a message stored late still shows on the second. */
export const SETTLE_MS = 1_500;

/** When the post was tried, so a message found in the room can be told from an older one. */
export type AttemptTime =
	/** This run's attempt: measured against Chatwork's own clock (Date header), no skew with ours. */
	| { kind: 'monotonic'; at: number }
	/** An earlier run's attempt (Resend), on this machine's wall clock, with a wider allowance. */
	| { kind: 'wall'; at: number };

/** The wall-clock allowance for an earlier run: this machine's clock and Chatwork's may disagree. */
export const RESEND_CLOCK_SKEW_MS = 60_000;

export type ReadBackResult =
	| { found: string }
	| { absent: true }
	/** Why the room could not tell: the outcome stays `unknown`. */
	| { unreadable: string };

/** How the read-back sends its GETs: through the delivery's retry policy and the token budget. */
export type ReadRequest = (request: ChatworkRequest) => Promise<ChatworkResponse | { failed: string }>;

export interface ReadBackTools {
	read: ReadRequest;
	limits: AccountLimits;
	/** Real ms now, on the delivery's clock. */
	now: () => number;
	/** Real ms per Chatwork ms (the sandbox's fast clock). */
	scale: number;
	sleep: (ms: number) => Promise<void>;
}

/** The credential's own account ID, asked once per credential and process (GET /me). */
const ownAccounts = new WeakMap<AccountLimits, number>();

async function ownAccountId(tools: ReadBackTools): Promise<number | { unreadable: string }> {
	const known = ownAccounts.get(tools.limits);
	if (known !== undefined) return known;
	const answer = await tools.read({ method: 'GET', path: '/me' });
	if ('failed' in answer) return { unreadable: `asking Chatwork who this credential is (GET /me) failed: ${answer.failed}` };
	const id = Number((answer.body as { account_id?: unknown } | null)?.account_id);
	if (answer.statusCode !== 200 || !Number.isSafeInteger(id)) {
		return { unreadable: `Chatwork did not say who this credential is (GET /me answered ${answer.statusCode}${said(answer)})` };
	}
	ownAccounts.set(tools.limits, id);
	return id;
}

interface RoomMessage {
	message_id?: unknown;
	account?: { account_id?: unknown };
	body?: unknown;
	send_time?: unknown;
}

/** Line ends as Chatwork stores them, so a text sent with \r\n still matches. */
function sameText(a: string, b: string): boolean {
	return a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');
}

/** One read of the room; `exclude` holds message IDs already claimed (an earlier identical part). */
async function readOnce(
	tools: ReadBackTools,
	roomId: number,
	text: string,
	since: AttemptTime,
	accountId: number,
	exclude: ReadonlySet<string>,
): Promise<ReadBackResult> {
	const answer = await tools.read({ method: 'GET', path: `/rooms/${roomId}/messages`, qs: { force: 1 } });
	if ('failed' in answer) return { unreadable: `reading the room back failed: ${answer.failed}` };
	if (answer.statusCode === 403) return { unreadable: `the room cannot be read with this credential (403${said(answer)})` };
	if (answer.statusCode === 404) return { unreadable: `the room was not found when read back (404${said(answer)})` };
	if (answer.statusCode < 200 || answer.statusCode >= 300) return { unreadable: `reading the room back answered ${answer.statusCode}${said(answer)}` };
	const messages: RoomMessage[] = answer.statusCode === 204 || !Array.isArray(answer.body) ? [] : (answer.body as RoomMessage[]);
	const answeredAt = tools.now();
	const threshold =
		since.kind === 'monotonic'
			? (answer.rateLimit.serverNow ?? Date.now()) - (answeredAt - since.at) / tools.scale - SEND_TIME_SLACK_MS - CLOCK_SKEW_MS
			: since.at - SEND_TIME_SLACK_MS - RESEND_CLOCK_SKEW_MS;
	const sentSince = (message: RoomMessage) => Number(message.send_time) * 1000 >= threshold;
	const match = messages.find(
		(message) =>
			Number(message.account?.account_id) === accountId &&
			typeof message.body === 'string' &&
			sameText(message.body, text) &&
			sentSince(message) &&
			!exclude.has(String(message.message_id)),
	);
	if (match) return { found: String(match.message_id) };
	// A full page whose oldest message is newer than the attempt: ours may have been pushed out of it.
	if (messages.length >= READ_BACK_WINDOW && messages.every(sentSince)) {
		return { unreadable: `more than ${READ_BACK_WINDOW} messages were posted to the room since the attempt, so the message may have been pushed out of what Chatwork lets a client read back` };
	}
	return { absent: true };
}

/**
 * Looks for the text in the room, twice a settle apart when the first read does not find it:
 * found → its message ID; absent both times → not stored; otherwise why the room cannot tell.
 */
export async function readBack(
	tools: ReadBackTools,
	target: { roomId: number; text: string; since: AttemptTime; exclude: ReadonlySet<string> },
): Promise<ReadBackResult> {
	const accountId = await ownAccountId(tools);
	if (typeof accountId !== 'number') return accountId;
	const first = await readOnce(tools, target.roomId, target.text, target.since, accountId, target.exclude);
	if (!('absent' in first)) return first;
	await tools.sleep(SETTLE_MS * tools.scale);
	return await readOnce(tools, target.roomId, target.text, target.since, accountId, target.exclude);
}

function said(answer: ChatworkResponse): string {
	const errors = chatworkErrors(answer.body);
	return errors.length > 0 ? `: ${errors.join('; ')}` : '';
}
