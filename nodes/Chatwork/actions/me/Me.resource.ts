import type { INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation } from '../operation';
import { get } from './get.operation';
import { getStatus } from './getStatus.operation';
import { getTasks } from './getTasks.operation';

export const operations: Record<string, ChatworkOperation> = { get, getStatus, getTasks };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['me'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get my account', description: 'Get the account of the API token' },
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get my unread and task counts',
				description: 'Unread messages, mentions and open tasks',
			},
			{ name: 'Get Tasks', value: 'getTasks', action: 'Get my tasks', description: 'My tasks across rooms, one item per task' },
		],
		default: 'get',
	},
	...getTasks.description,
];
