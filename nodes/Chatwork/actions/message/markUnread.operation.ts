import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readRoom, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { messageIdField, readMessageId } from './messageId';

const show = { resource: ['message'], operation: ['markUnread'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	messageIdField(show, {
		displayName: 'From Message ID',
		description: 'This message and every later one become unread / このメッセージ以降を未読にする',
	}),
];

function prepare(this: IExecuteFunctions) {
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = { roomId: 'roomId' in room ? room.roomId : null, messageId: null as string | null };
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const messageId = readMessageId(this, itemIndex);
		if (messageId.notSent !== undefined) return { notSent: messageId.notSent, fields };
		fields.messageId = messageId.id;
		return requestPlan(
			{ method: 'PUT', path: `/rooms/${room.roomId}/messages/unread`, form: { message_id: messageId.id } },
			fields,
		);
	};
}

export const markUnread: ChatworkOperation = { description, prepare };
