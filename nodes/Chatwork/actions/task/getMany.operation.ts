import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listLimitFields, readRoom, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { taskFilters, taskQuery } from './taskFilters';

const show = { resource: ['task'], operation: ['getMany'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	...listLimitFields(show),
	taskFilters(show, true),
];

function prepare(this: IExecuteFunctions) {
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = { roomId: 'roomId' in room ? room.roomId : null };
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const { qs, notSent } = taskQuery(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
		if (notSent) return { notSent, fields };
		return requestPlan({ method: 'GET', path: `/rooms/${room.roomId}/tasks`, qs }, fields);
	};
}

export const getMany: ChatworkOperation = {
	description,
	prepare,
	list: { fieldsFromEntry: (entry) => ({ taskId: (entry.task_id as number) ?? null }) },
};
