import type { ParsedNotation } from '../2-parse/notation';
import type { ChatworkWebhook } from '../2-parse/webhookEvent';
import type { TriggerSettings } from '../settings';
import { boundedTest } from './boundedMatch';

/**
 * Why a verified event starts no execution (answered 200), or undefined when it passes.
 * 'text_timeout': Text Matches could not decide within its budget, so the event is not let through.
 * 'duplicate': the event already started an execution (replayRecord.ts).
 */
export type IgnoredBecause = 'event_type' | 'own_message' | 'room' | 'sender' | 'text' | 'text_timeout' | 'duplicate';

export function ignoredBecause(
	event: ChatworkWebhook,
	notation: ParsedNotation,
	settings: TriggerSettings,
	ownAccounts: number[],
	pattern: RegExp | undefined,
): IgnoredBecause | undefined {
	if (!settings.events.includes(event.eventType)) return 'event_type';
	// The loop guard comes before every other filter: a workflow's own post never runs it.
	if (ownAccounts.includes(event.senderAccountId)) return 'own_message';
	if (settings.roomIds.length > 0 && !settings.roomIds.includes(event.roomId)) return 'room';
	if (settings.fromAccountIds.length > 0 && !settings.fromAccountIds.includes(event.senderAccountId)) return 'sender';
	if (settings.textContains !== '' && !notation.text.toLowerCase().includes(settings.textContains.toLowerCase())) {
		return 'text';
	}
	if (pattern !== undefined) {
		const outcome = boundedTest(pattern, notation.text);
		if (outcome !== 'match') return outcome === 'timeout' ? 'text_timeout' : 'text';
	}
	return undefined;
}
