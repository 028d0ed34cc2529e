import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { messageIdParameter, notAnId, parseMessageId } from '../shared/ids.parameter';
import { readRoom, roomLocator } from '../shared/room.parameter';

const show = { resource: ['message'], operation: ['markRead'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	{
		...messageIdParameter.field({
			displayName: 'Up to Message ID',
			required: false,
			description: 'Messages up to and including this one become read. Leave empty to mark every message of the room as read.',
		}),
		displayOptions: { show },
	},
];

/** The room and, when given, the message up to which messages become read (an empty ID marks them all). */
function prepare(this: IExecuteFunctions) {
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = { roomId: 'roomId' in room ? room.roomId : null, messageId: null as string | null };
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const value = String(this.getNodeParameter('messageId', itemIndex, '') ?? '').trim();
		const form: Record<string, string> = {};
		if (value !== '') {
			const messageId = parseMessageId(value);
			if (messageId === undefined) return { notSent: notAnId('message', value, 'digits only'), fields };
			form.message_id = messageId;
			fields.messageId = messageId;
		}
		return requestPlan({ method: 'PUT', path: `/rooms/${room.roomId}/messages/read`, form }, fields);
	};
}

export const markRead: ChatworkOperation = { description, prepare };
