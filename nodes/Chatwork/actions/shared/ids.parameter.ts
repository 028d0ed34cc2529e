import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NotSent } from '../operation';

/** A positive integer ID (account, task, file, request) from a number or a string. */
export function parseId(value: unknown): number | undefined {
	const text = String(value ?? '').trim();
	const id = /^\d+$/.test(text) ? Number(text) : NaN;
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** A message ID: digits, kept as a string (Chatwork's are beyond Number.MAX_SAFE_INTEGER). */
export function parseMessageId(value: unknown): string | undefined {
	const text = String(value ?? '').trim();
	return /^\d+$/.test(text) && !/^0+$/.test(text) ? text : undefined;
}

/** The one wording of a value that is not an ID, e.g. `"abc" is not a Chatwork task ID (a number).` */
export function notAnId(what: string, value: unknown, rule = 'a number'): string {
	return `"${String(value ?? '')}" is not a Chatwork ${what} ID (${rule}).`;
}

/** An ID parameter: its field, and its reader that checks it. Its name also names the ID in the history item. */
export interface IdParameter<Id extends string | number> {
	name: string;
	/** The field without display conditions (the operation adds them); `overrides` adjust its texts. */
	field(overrides?: Partial<INodeProperties>): INodeProperties;
	read(ctx: IExecuteFunctions, itemIndex: number): { id: Id } | NotSent;
}

function idParameter<Id extends string | number>(
	field: { displayName: string; name: string; description: string; placeholder?: string },
	parse: (value: unknown) => Id | undefined,
	what: string,
	rule?: string,
): IdParameter<Id> {
	return {
		name: field.name,
		field: (overrides = {}) => ({
			displayName: field.displayName,
			name: field.name,
			type: 'string',
			default: '',
			required: true,
			placeholder: field.placeholder ?? 'e.g. 123456',
			description: field.description,
			...overrides,
		}),
		read(ctx, itemIndex) {
			const value = ctx.getNodeParameter(field.name, itemIndex, '');
			const id = parse(value);
			return id === undefined ? { notSent: notAnId(what, value, rule) } : { id };
		},
	};
}

export const messageIdParameter = idParameter(
	{
		displayName: 'Message ID',
		name: 'messageId',
		description: 'ID of the message, e.g. {{ $json.messageId }} from a Send step',
		placeholder: 'e.g. 1900000000000000001',
	},
	parseMessageId,
	'message',
	'digits only',
);

export const taskIdParameter = idParameter(
	{ displayName: 'Task ID', name: 'taskId', description: 'ID of the task, e.g. {{ $json.taskIds[0] }} from a Create step' },
	parseId,
	'task',
);

export const fileIdParameter = idParameter(
	{ displayName: 'File ID', name: 'fileId', description: 'ID of the file, e.g. {{ $json.fileId }} from an Upload step' },
	parseId,
	'file',
);

export const requestIdParameter = idParameter(
	{ displayName: 'Request ID', name: 'requestId', description: 'ID of the contact request, e.g. {{ $json.requestId }} from Get Many' },
	parseId,
	'request',
);
