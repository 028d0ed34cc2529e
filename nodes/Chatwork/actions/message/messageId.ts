import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ChatworkRequest } from '../../transport/chatwork.api';
import { parseMessageId } from '../common.description';
import { planRoomEntityRequest } from '../roomEntity';

/** The Message ID parameter of the operations on one message. */
export function messageIdField(
	show: Record<string, string[]>,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1900000000000000001',
		description: 'ID of the message, e.g. {{ $json.messageId }} from a Send step',
		displayOptions: { show },
		...overrides,
	};
}

export function readMessageId(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { id: string; notSent?: undefined } | { id?: undefined; notSent: string } {
	const value = ctx.getNodeParameter('messageId', itemIndex, '');
	const id = parseMessageId(value);
	if (id === undefined) return { notSent: `"${String(value ?? '')}" is not a Chatwork message ID (digits only).` };
	return { id };
}

/** The planner of an operation on one message: room and message ID read and checked, one request. */
export function planMessageRequest(requestFor: (roomId: number, messageId: string) => ChatworkRequest) {
	return planRoomEntityRequest('messageId', readMessageId, requestFor);
}
