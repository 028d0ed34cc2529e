import type { IDataObject } from 'n8n-workflow';

import { listLimitFields } from '../shared/list.parameter';
import { roomOperation } from '../shared/planners';

export const getMany = roomOperation(
	'message',
	'getMany',
	[
		{
			displayName: 'Only New Messages',
			name: 'onlyNew',
			type: 'boolean',
			default: false,
			description:
				'Whether to return only the messages this API token has not fetched yet (force=0). Off: the latest 100 messages (force=1).',
			hint: 'Each output item is one message. No messages → no items.',
		},
		...listLimitFields({}),
	],
	(ctx) => (room, itemIndex) => ({
		method: 'GET',
		path: `/rooms/${room.roomId}/messages`,
		qs: { force: ctx.getNodeParameter('onlyNew', itemIndex, false) ? 0 : 1 },
	}),
	{ list: { fieldsFromEntry: (entry: IDataObject) => ({ messageId: String(entry.message_id ?? '') || null }) } },
);
