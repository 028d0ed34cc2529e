import { notAnId, parseId } from '../shared/ids.parameter';
import { listLimitFields } from '../shared/list.parameter';
import { roomOperation } from '../shared/planners';

export const getMany = roomOperation(
	'file',
	'getMany',
	[
		{
			displayName: 'Uploaded By Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 101',
			description: 'Only files uploaded by this account; empty for all (at most 100)',
		},
		...listLimitFields({}),
	],
	(ctx) => (room, itemIndex) => {
		const raw = String(ctx.getNodeParameter('accountId', itemIndex, '') ?? '').trim();
		const accountId = raw === '' ? undefined : parseId(raw);
		if (raw !== '' && accountId === undefined) return { notSent: notAnId('account', raw) };
		return { method: 'GET', path: `/rooms/${room.roomId}/files`, qs: accountId ? { account_id: accountId } : undefined };
	},
	{ list: { fieldsFromEntry: (entry) => ({ fileId: (entry.file_id as number) ?? null }) } },
);
