import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseMessageId } from '../common.description';

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
		description: 'ID of the message, e.g. {{ $json.messageId }} from a Send step / メッセージID',
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
