import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readRoom, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { readTaskId, taskIdField } from './taskId';

const show = { resource: ['task'], operation: ['get'] };

const description: INodeProperties[] = [{ ...roomLocator, displayOptions: { show } }, taskIdField(show)];

function prepare(this: IExecuteFunctions) {
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = { roomId: 'roomId' in room ? room.roomId : null, taskId: null as number | null };
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const taskId = readTaskId(this, itemIndex);
		if (taskId.notSent !== undefined) return { notSent: taskId.notSent, fields };
		fields.taskId = taskId.id;
		return requestPlan({ method: 'GET', path: `/rooms/${room.roomId}/tasks/${taskId.id}` }, fields);
	};
}

export const get: ChatworkOperation = { description, prepare };
