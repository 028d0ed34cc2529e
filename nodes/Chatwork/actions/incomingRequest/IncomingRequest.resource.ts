import type { INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation } from '../operation';
import { accept } from './accept.operation';
import { getMany } from './getMany.operation';
import { reject } from './reject.operation';

export const operations: Record<string, ChatworkOperation> = { getMany, accept, reject };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['incomingRequest'] } },
		options: [
			{ name: 'Accept', value: 'accept', action: 'Accept a contact request', description: 'Add the requester to the contacts' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many contact requests',
				description: 'Contact requests waiting for this account, one item per request',
			},
			{ name: 'Reject', value: 'reject', action: 'Reject a contact request', description: 'Decline the contact request' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...accept.description,
	...reject.description,
];
