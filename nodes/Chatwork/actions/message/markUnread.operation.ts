import type { INodeProperties } from 'n8n-workflow';

import { roomLocator } from '../common.description';
import type { ChatworkOperation } from '../operation';
import { messageIdField, planMessageRequest } from './messageId';

const show = { resource: ['message'], operation: ['markUnread'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	messageIdField(show, {
		displayName: 'From Message ID',
		description: 'This message and every later one become unread',
	}),
];

const prepare = planMessageRequest((roomId, messageId) => ({
	method: 'PUT',
	path: `/rooms/${roomId}/messages/unread`,
	form: { message_id: messageId },
}));

export const markUnread: ChatworkOperation = { description, prepare };
