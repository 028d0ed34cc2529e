import type { INodeProperties } from 'n8n-workflow';

import { roomLocator } from '../common.description';
import type { ChatworkOperation } from '../operation';
import { planRoomEntityRequest } from '../roomEntity';
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
		description: 'Whether to include a download URL, valid for 30 seconds (create_download_url=1)',
		hint: 'To get the file itself into the workflow, use File → Download',
		displayOptions: { show },
	},
];

const prepare = planRoomEntityRequest('fileId', readFileId, (roomId, fileId, ctx, itemIndex) => ({
	method: 'GET',
	path: `/rooms/${roomId}/files/${fileId}`,
	qs: ctx.getNodeParameter('createDownloadUrl', itemIndex, false) ? { create_download_url: 1 } : undefined,
}));

export const get: ChatworkOperation = { description, prepare };
