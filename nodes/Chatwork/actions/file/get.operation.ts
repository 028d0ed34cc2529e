import { fileIdParameter } from '../shared/ids.parameter';
import { roomEntityOperation } from '../shared/planners';

export const get = roomEntityOperation(
	'file',
	'get',
	fileIdParameter,
	[
		fileIdParameter.field(),
		{
			displayName: 'Create Download URL',
			name: 'createDownloadUrl',
			type: 'boolean',
			default: false,
			description: 'Whether to include a download URL, valid for 30 seconds (create_download_url=1)',
			hint: 'To get the file itself into the workflow, use File → Download',
		},
	],
	(ctx) => (file, itemIndex) => ({
		method: 'GET',
		path: `/rooms/${file.roomId}/files/${file.id}`,
		qs: ctx.getNodeParameter('createDownloadUrl', itemIndex, false) ? { create_download_url: 1 } : undefined,
	}),
);
