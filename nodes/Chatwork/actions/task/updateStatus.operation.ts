import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readRoom, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
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
			{ name: 'Done', value: 'done', description: '完了にする' },
			{ name: 'Open', value: 'open', description: '未完了に戻す' },
		],
		description: 'The new status of the task / タスクの状態',
		displayOptions: { show },
	},
];

function prepare(this: IExecuteFunctions) {
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = { roomId: 'roomId' in room ? room.roomId : null, taskId: null as number | null };
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const taskId = readTaskId(this, itemIndex);
		if (taskId.notSent !== undefined) return { notSent: taskId.notSent, fields };
		fields.taskId = taskId.id;
		const status = String(this.getNodeParameter('status', itemIndex, 'done'));
		return requestPlan(
			{ method: 'PUT', path: `/rooms/${room.roomId}/tasks/${taskId.id}/status`, form: { body: status } },
			fields,
		);
	};
}

export const updateStatus: ChatworkOperation = { description, prepare };
