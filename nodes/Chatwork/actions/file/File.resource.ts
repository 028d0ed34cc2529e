import type { INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation } from '../operation';
import { download } from './download.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { upload } from './upload.operation';

export const operations: Record<string, ChatworkOperation> = { upload, get, getMany, download };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				action: 'Download a file',
				description: 'Get the file itself into a binary property of the item',
			},
			{ name: 'Get', value: 'get', action: 'Get a file', description: 'Get the details of one file of a room' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many files', description: 'Get the files of a room, one item per file' },
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload a file',
				description: 'Upload a file of the incoming item (at most 5 MB) to a room, with an optional message',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...get.description,
	...getMany.description,
	...download.description,
];
