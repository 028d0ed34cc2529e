import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ParsedNotation } from '../2-parse/notation';
import type { ChatworkWebhook } from '../2-parse/webhookEvent';

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/**
 * The item the workflow starts with: the notation read, then Chatwork's fields as sent (last, so
 * n8n's table view opens on the readable columns).
 */
export function eventItem(event: ChatworkWebhook, notation: ParsedNotation): INodeExecutionData {
	const readable: IDataObject = {
		eventType: event.eventType,
		eventTime: iso(event.eventTime),
		roomId: event.roomId,
		messageId: event.messageId,
		senderAccountId: event.senderAccountId,
		toAccountId: event.toAccountId,
		sentAt: iso(event.sendTime),
		updatedAt: event.updateTime > 0 ? iso(event.updateTime) : null,
		text: notation.text,
		mentions: notation.mentions,
		toAll: notation.toAll,
		reply: notation.reply as IDataObject | null,
		quotes: notation.quotes as unknown as IDataObject[],
	};
	// The read fields win over a same-named key in the body, as they did when the body came first.
	const asSent = Object.fromEntries(Object.entries(event.payload).filter(([key]) => !Object.hasOwn(readable, key)));
	return { json: { ...readable, ...(asSent as IDataObject) } };
}
