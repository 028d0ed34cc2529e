import type { INodeProperties } from 'n8n-workflow';

import { accountOperation } from '../accountRequest';
import { listLimitFields } from '../common.description';
import type { ChatworkOperation } from '../operation';

const getMany = accountOperation('contact', 'getMany', listLimitFields({}), () => ({ method: 'GET', path: '/contacts' }), {
	list: { fieldsFromEntry: (entry) => ({ accountId: (entry.account_id as number) ?? null }) },
});

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
