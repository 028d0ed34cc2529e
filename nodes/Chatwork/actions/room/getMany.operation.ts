import type { INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { listLimitFields } from '../shared/list.parameter';

const show = { resource: ['room'], operation: ['getMany'] };

const description: INodeProperties[] = [
	{
		displayName: 'Each output item is one room the account belongs to (group chats, direct chats and My Chat)',
		name: 'getManyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	...listLimitFields(show),
];

export const getMany: ChatworkOperation = {
	description,
	prepare() {
		return (): ItemPlan => requestPlan({ method: 'GET', path: '/rooms' }, { roomId: null });
	},
	list: { fieldsFromEntry: (entry) => ({ roomId: (entry.room_id as number) ?? null }) },
};
