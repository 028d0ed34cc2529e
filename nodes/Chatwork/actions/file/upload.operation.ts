import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MAX_FILE_BYTES } from '../../transport/limits';
import type { ChatworkOperation, ItemPlan, NotSent } from '../operation';
import { requestPlan } from '../operation';
import { readRoom, roomLocator } from '../shared/room.parameter';
import { templateRenderer } from '../shared/templateRenderer';
import { readTemplateOptions, templateOptionsCollection } from '../shared/text.parameter';

const show = { resource: ['file'], operation: ['upload'] };

const description: INodeProperties[] = [
	{ ...roomLocator, description: 'The room the file is uploaded to', displayOptions: { show } },
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data',
		description: 'Name of the binary property of the incoming item that holds the file (at most 5 MB)',
		hint: 'The SATORI Webhook Trigger puts an uploaded file under the name of its form field',
		displayOptions: { show },
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. {{company}} {{name}}様からの添付ファイル',
		description: 'Optional text posted with the file, a template like Send\'s: {{company}}, {{name}}… insert fields of the incoming item',
		hint: 'Values from the data cannot create Chatwork notation such as [toall]; notation you write here works.',
		displayOptions: { show },
	},
	templateOptionsCollection(show),
];

/** The history fields of a file item (Upload, Download) while only its room is known. */
export function fileFields(room: { roomId: number } | NotSent) {
	return {
		roomId: 'roomId' in room ? room.roomId : null,
		fileId: null as number | null,
		fileName: null as string | null,
		fileSize: null as number | null,
	};
}

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function prepare(this: IExecuteFunctions) {
	const renderText = templateRenderer(this, readTemplateOptions(this), 'message', 'Message');
	return async (itemIndex: number): Promise<ItemPlan> => {
		const room = readRoom(this, itemIndex);
		const fields = fileFields(room);
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
		let binary;
		let size: number;
		const read = () => this.helpers.getBinaryDataBuffer(itemIndex, property);
		try {
			binary = this.helpers.assertBinaryData(itemIndex, property);
			// Read now only to check the size; the bytes are read again when the upload's turn comes,
			// so a run of many uploads does not hold every file in memory while it waits.
			size = (await read()).length;
		} catch (error) {
			return {
				notSent: `The item has no file in the binary field "${property}" (${(error as Error).message}). Check Input Binary Field.`,
				fields,
			};
		}
		fields.fileName = binary.fileName || 'file';
		fields.fileSize = size;
		if (size === 0) return { notSent: `The file "${fields.fileName}" is empty; Chatwork needs at least one byte.`, fields };
		if (size > MAX_FILE_BYTES) {
			return {
				notSent: `The file "${fields.fileName}" has ${megabytes(size)}; Chatwork accepts at most 5 MB. Not sent.`,
				fields,
			};
		}
		const rendered = renderText(itemIndex);
		if (rendered.notSent !== undefined) return { notSent: rendered.notSent, fields };
		const message = rendered.text;
		return requestPlan(
			{
				method: 'POST',
				path: `/rooms/${room.roomId}/files`,
				multipart: {
					fields: message.trim() === '' ? {} : { message },
					files: [
						{ field: 'file', filename: fields.fileName, contentType: binary.mimeType || 'application/octet-stream', data: read },
					],
				},
			},
			fields,
		);
	};
}

export const upload: ChatworkOperation = {
	description,
	prepare,
	fieldsFromOutcome(outcome) {
		const fileId = (outcome.responses.at(-1)?.body as { file_id?: unknown } | null)?.file_id;
		return typeof fileId === 'number' ? { fileId } : {};
	},
};
