import { Refusal } from '../refusal';

/**
 * Refuses (400 stale_event) an event whose signed webhook_event_time is more than `maxAgeSeconds`
 * from this clock, either way, so a captured webhook cannot be replayed later; 0 turns it off.
 * The answer says "stale", never which way or by how much.
 */
export function requireFresh(eventTime: number, maxAgeSeconds: number, nowMs = Date.now()): void {
	if (!(maxAgeSeconds > 0)) return;
	const age = Math.floor(nowMs / 1000) - eventTime;
	if (age > maxAgeSeconds || age < -maxAgeSeconds) throw new Refusal(400, 'stale_event');
}
