import type { IncomingHttpHeaders } from 'http';

import { contentTypeOf } from '../../shared/webhookRequest';
import { Refusal } from '../refusal';
import { EVENT_TYPES, type EventType } from '../settings';

/** What Chatwork sends, as sent (`webhook_event` untouched), plus the facts every later step reads. */
export interface ChatworkWebhook {
	/** The parsed body, every field as Chatwork sent it. */
	payload: Record<string, unknown>;
	eventType: EventType;
	eventTime: number;
	roomId: number;
	messageId: string;
	/** Who wrote the message: `account_id`, or `from_account_id` of mention_to_me. */
	senderAccountId: number;
	/** The account mentioned (mention_to_me only). */
	toAccountId: number | null;
	body: string;
	sendTime: number;
	updateTime: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isTime = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
/** Message IDs have 19 digits: a string in Chatwork's JSON; a number would already have lost digits. */
const isMessageId = (value: unknown): value is string => typeof value === 'string' && /^\d{1,30}$/.test(value);

const MALFORMED = Symbol('malformed');

function parseJson(raw: Buffer): unknown {
	try {
		return JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
	} catch {
		return MALFORMED;
	}
}

/** undefined for a well-formed event of a type Chatwork may add later: filtered out, not refused. */
export function parseWebhook(headers: IncomingHttpHeaders, raw: Buffer): ChatworkWebhook | undefined {
	if (contentTypeOf(headers).mediaType !== 'application/json') throw new Refusal(400, 'unsupported_content_type');
	const payload = parseJson(raw);
	if (payload === MALFORMED) throw new Refusal(400, 'malformed_json');
	if (!isRecord(payload) || !isRecord(payload.webhook_event)) throw new Refusal(400, 'invalid_event');
	const event = payload.webhook_event;
	const type = payload.webhook_event_type;
	if (typeof type !== 'string' || !isTime(payload.webhook_event_time)) throw new Refusal(400, 'invalid_event');
	if (!(EVENT_TYPES as readonly string[]).includes(type)) return undefined;

	const mention = type === 'mention_to_me';
	const sender = mention ? event.from_account_id : event.account_id;
	const updateTime = event.update_time ?? 0;
	if (
		!isId(event.room_id) ||
		!isMessageId(event.message_id) ||
		!isId(sender) ||
		(mention && !isId(event.to_account_id)) ||
		typeof event.body !== 'string' ||
		!isTime(event.send_time) ||
		!isTime(updateTime)
	) {
		throw new Refusal(400, 'invalid_event');
	}
	return {
		payload,
		eventType: type as EventType,
		eventTime: payload.webhook_event_time,
		roomId: event.room_id,
		messageId: event.message_id,
		senderAccountId: sender,
		toAccountId: mention ? (event.to_account_id as number) : null,
		body: event.body,
		sendTime: event.send_time,
		updateTime,
	};
}
