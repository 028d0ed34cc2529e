import type { INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation } from '../operation';
import { create } from './create.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { updateStatus } from './updateStatus.operation';

export const operations: Record<string, ChatworkOperation> = { create, get, getMany, updateStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a task',
				description: 'Assign a task to members of a room, e.g. a follow-up call for the lead',
			},
			{ name: 'Get', value: 'get', action: 'Get a task', description: 'Get one task of a room' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many tasks', description: 'Get the tasks of a room, one item per task' },
			{ name: 'Update Status', value: 'updateStatus', action: 'Update the status of a task', description: 'Mark a task done or open again' },
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getMany.description,
	...updateStatus.description,
];
