import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listLimitFields, parseId, readRoom, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';

const show = { resource: ['file'], operation: ['getMany'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	{
		displayName: 'Uploaded By Account ID',
		name: 'accountId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 101',
		description: 'Only files uploaded by this account; empty for all (at most 100)',
		displayOptions: { show },
	},
	...listLimitFields(show),
];

function prepare(this: IExecuteFunctions) {
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = { roomId: 'roomId' in room ? room.roomId : null };
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const raw = String(this.getNodeParameter('accountId', itemIndex, '') ?? '').trim();
		const accountId = raw === '' ? undefined : parseId(raw);
		if (raw !== '' && accountId === undefined) return { notSent: `"${raw}" is not a Chatwork account ID (a number).`, fields };
		return requestPlan(
			{ method: 'GET', path: `/rooms/${room.roomId}/files`, qs: accountId ? { account_id: accountId } : undefined },
			fields,
		);
	};
}

export const getMany: ChatworkOperation = {
	description,
	prepare,
	list: { fieldsFromEntry: (entry) => ({ fileId: (entry.file_id as number) ?? null }) },
};
