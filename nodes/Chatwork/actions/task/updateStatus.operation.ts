import type { INodeProperties } from 'n8n-workflow';

import { roomLocator } from '../common.description';
import type { ChatworkOperation } from '../operation';
import { planRoomEntityRequest } from '../roomEntity';
import { readTaskId, taskIdField } from './taskId';

const show = { resource: ['task'], operation: ['updateStatus'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	taskIdField(show),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'done',
		options: [
			{ name: 'Done', value: 'done', description: 'Mark the task as done (完了)' },
			{ name: 'Open', value: 'open', description: 'Reopen the task (未完了)' },
		],
		description: 'The new status of the task',
		displayOptions: { show },
	},
];

const prepare = planRoomEntityRequest('taskId', readTaskId, (roomId, taskId, ctx, itemIndex) => ({
	method: 'PUT',
	path: `/rooms/${roomId}/tasks/${taskId}/status`,
	form: { body: String(ctx.getNodeParameter('status', itemIndex, 'done')) },
}));

export const updateStatus: ChatworkOperation = { description, prepare };
