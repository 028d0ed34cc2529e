import type { INodeProperties } from 'n8n-workflow';

import { roomLocator } from '../common.description';
import type { ChatworkOperation } from '../operation';
import { messageIdField, planMessageRequest } from './messageId';

const show = { resource: ['message'], operation: ['get'] };

const description: INodeProperties[] = [{ ...roomLocator, displayOptions: { show } }, messageIdField(show)];

const prepare = planMessageRequest((roomId, messageId) => ({ method: 'GET', path: `/rooms/${roomId}/messages/${messageId}` }));

export const get: ChatworkOperation = { description, prepare };
