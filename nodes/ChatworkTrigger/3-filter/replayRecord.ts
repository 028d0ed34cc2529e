import type { ChatworkWebhook } from '../2-parse/webhookEvent';

/**
 * Events that already started an execution, so that a replay (the same signed bytes posted again)
 * starts none. n8n 2.40's webhook context offers no de-duplication store (its helpers are the
 * request and binary ones only), and workflow static data is read and written whole without a
 * lock, so two replays posted at once would both pass; this record is kept in the process instead.
 * Max Event Age refuses a replay once the event is older than the window, so an event is
 * remembered exactly as long as a replay of it could still be accepted (5 minutes when the window
 * is off), and never more than MAX_REMEMBERED events.
 */
export const MAX_REMEMBERED = 100_000;
const REMEMBER_WHEN_UNBOUNDED_MS = 5 * 60_000;

/** event key → when it may be forgotten (ms); Map order is insertion order, oldest first. */
const remembered = new Map<string, number>();

/** One event of one Chatwork webhook setting, as one trigger node sees it. */
export function eventKey(scope: string, event: ChatworkWebhook): string {
	const setting = String(event.payload.webhook_setting_id ?? '');
	// An edit is a new message_updated event of the same message: its update_time tells them apart.
	return JSON.stringify([scope, setting, event.eventType, event.messageId, event.updateTime]);
}

function forgetExpired(nowMs: number): void {
	for (const [key, until] of remembered) {
		if (until > nowMs && remembered.size <= MAX_REMEMBERED) break;
		// Past MAX_REMEMBERED the oldest goes first, expired or not: the memory stays bounded.
		remembered.delete(key);
	}
}

/** true the first time an event is seen (and records it); false for a replay. */
export function firstDelivery(scope: string, event: ChatworkWebhook, maxAgeSeconds: number, nowMs = Date.now()): boolean {
	forgetExpired(nowMs);
	const key = eventKey(scope, event);
	const known = remembered.get(key);
	if (known !== undefined && known > nowMs) return false;
	// Set again, so an entry past its time that the sweep has not reached yet moves to the end.
	remembered.delete(key);
	const until = maxAgeSeconds > 0 ? (event.eventTime + maxAgeSeconds + 1) * 1000 : nowMs + REMEMBER_WHEN_UNBOUNDED_MS;
	remembered.set(key, until);
	return true;
}

/** How many events are remembered now (for tests of the bound). */
export function rememberedCount(): number {
	return remembered.size;
}
