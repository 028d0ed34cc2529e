import type { INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation } from '../operation';
import { getMany } from './getMany.operation';

export const operations: Record<string, ChatworkOperation> = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{ name: 'Get Many', value: 'getMany', action: 'Get many contacts', description: 'Get the contacts of the account, one item per contact' },
		],
		default: 'getMany',
	},
	...getMany.description,
];
