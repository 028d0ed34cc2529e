import type { INodeProperties } from 'n8n-workflow';

import { roomLocator } from '../common.description';
import type { ChatworkOperation } from '../operation';
import { messageIdField, planMessageRequest } from './messageId';

const show = { resource: ['message'], operation: ['delete'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	messageIdField(show, { description: 'ID of a message this account posted' }),
];

const prepare = planMessageRequest((roomId, messageId) => ({ method: 'DELETE', path: `/rooms/${roomId}/messages/${messageId}` }));

export const deleteMessage: ChatworkOperation = { description, prepare };
