import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

/** The default of Max Event Age: Chatwork sends an event once, within seconds, and never retries. */
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 300;

/** The event types this version reads; any other is answered 200 and ignored. */
export const EVENT_TYPES = ['message_created', 'message_updated', 'mention_to_me'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The node's parameters, read once per request. */
export interface TriggerSettings {
	events: EventType[];
	ignoreOwnMessages: boolean;
	ownAccountFrom: 'credential' | 'accountIds';
	ownAccountIds: number[];
	roomIds: number[];
	fromAccountIds: number[];
	textContains: string;
	textMatches: string;
	/** Seconds an event's signed time may differ from now; 0 = no limit. */
	maxEventAge: number;
}

/** "123, 456" → [123, 456]; anything that is not a positive integer is left out. */
export function idList(value: unknown): number[] {
	return String(value ?? '')
		.split(/[\s,、]+/)
		.filter((part) => /^\d+$/.test(part))
		.map(Number)
		.filter((id) => Number.isSafeInteger(id) && id > 0);
}

/** A number of seconds ≥ 0; anything else (an expression gone wrong) keeps the default, not "off". */
function eventAge(value: unknown): number {
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_MAX_EVENT_AGE_SECONDS;
}

export function readSettings(context: IWebhookFunctions | IHookFunctions): TriggerSettings {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	return {
		events: context.getNodeParameter('events', []) as EventType[],
		ignoreOwnMessages: context.getNodeParameter('ignoreOwnMessages', true) as boolean,
		ownAccountFrom: context.getNodeParameter('ownAccountFrom', 'credential') === 'accountIds' ? 'accountIds' : 'credential',
		ownAccountIds: idList(context.getNodeParameter('ownAccountIds', '')),
		roomIds: idList(filters.roomIds),
		fromAccountIds: idList(filters.fromAccountIds),
		textContains: String(filters.textContains ?? ''),
		textMatches: String(filters.textMatches ?? ''),
		maxEventAge: eventAge(context.getNodeParameter('maxEventAge', DEFAULT_MAX_EVENT_AGE_SECONDS)),
	};
}

/** The Text Matches filter compiled, or the reason it cannot be. */
export function textPattern(source: string): { pattern?: RegExp; problem?: string } {
	if (source === '') return {};
	try {
		return { pattern: new RegExp(source, 'iu') };
	} catch (error) {
		return { problem: `Filters → Text Matches is not a valid regular expression: ${(error as Error).message}` };
	}
}
