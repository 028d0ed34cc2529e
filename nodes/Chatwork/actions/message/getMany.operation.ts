import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listLimitFields, readRoom, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';

const show = { resource: ['message'], operation: ['getMany'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	{
		displayName: 'Only New Messages',
		name: 'onlyNew',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only the messages this API token has not fetched yet (force=0). Off: the latest 100 messages (force=1).',
		hint: 'Each output item is one message. No messages → no items.',
		displayOptions: { show },
	},
	...listLimitFields(show),
];

function prepare(this: IExecuteFunctions) {
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		if ('notSent' in room) return { notSent: room.notSent, fields: { roomId: null } };
		const force = this.getNodeParameter('onlyNew', itemIndex, false) ? 0 : 1;
		return requestPlan(
			{ method: 'GET', path: `/rooms/${room.roomId}/messages`, qs: { force } },
			{ roomId: room.roomId },
		);
	};
}

export const getMany: ChatworkOperation = {
	description,
	prepare,
	list: { fieldsFromEntry: (entry: IDataObject) => ({ messageId: String(entry.message_id ?? '') || null }) },
};
