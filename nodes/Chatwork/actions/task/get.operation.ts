import type { INodeProperties } from 'n8n-workflow';

import { roomLocator } from '../common.description';
import type { ChatworkOperation } from '../operation';
import { planRoomEntityRequest } from '../roomEntity';
import { readTaskId, taskIdField } from './taskId';

const show = { resource: ['task'], operation: ['get'] };

const description: INodeProperties[] = [{ ...roomLocator, displayOptions: { show } }, taskIdField(show)];

const prepare = planRoomEntityRequest('taskId', readTaskId, (roomId, taskId) => ({
	method: 'GET',
	path: `/rooms/${roomId}/tasks/${taskId}`,
}));

export const get: ChatworkOperation = { description, prepare };
