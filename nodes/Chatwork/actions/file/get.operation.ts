import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readRoom, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { fileIdField, readFileId } from './fileId';

const show = { resource: ['file'], operation: ['get'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	fileIdField(show),
	{
		displayName: 'Create Download URL',
		name: 'createDownloadUrl',
		type: 'boolean',
		default: false,
		description: 'Whether to include a download URL, valid for 30 seconds (create_download_url=1) / ダウンロードURLを含める',
		hint: 'To get the file itself into the workflow, use File → Download',
		displayOptions: { show },
	},
];

function prepare(this: IExecuteFunctions) {
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = { roomId: 'roomId' in room ? room.roomId : null, fileId: null as number | null };
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const fileId = readFileId(this, itemIndex);
		if (fileId.notSent !== undefined) return { notSent: fileId.notSent, fields };
		fields.fileId = fileId.id;
		const qs = this.getNodeParameter('createDownloadUrl', itemIndex, false) ? { create_download_url: 1 } : undefined;
		return requestPlan({ method: 'GET', path: `/rooms/${room.roomId}/files/${fileId.id}`, qs }, fields);
	};
}

export const get: ChatworkOperation = { description, prepare };
