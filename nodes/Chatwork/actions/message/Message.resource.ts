import type { INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation } from '../operation';
import { send } from './send.operation';

export const operations: Record<string, ChatworkOperation> = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a message',
				description: 'Post a message to a room, filled in from the incoming item',
			},
		],
		default: 'send',
	},
	...send.description,
];
