import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ParsedNotation } from '../2-parse/notation';
import type { ChatworkWebhook } from '../2-parse/webhookEvent';

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** The item the workflow starts with: Chatwork's fields as sent, and the notation read. */
export function eventItem(event: ChatworkWebhook, notation: ParsedNotation): INodeExecutionData {
	return {
		json: {
			...(event.payload as IDataObject),
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
		},
	};
}
