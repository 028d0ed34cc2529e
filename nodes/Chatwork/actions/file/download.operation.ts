import type { IBinaryKeyData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { downloadFile } from '../../transport/download';
import type { DeliveryError, DeliveryOutcome } from '../../transport/delivery';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { readDeliveryOptions } from '../shared/delivery.parameter';
import { fileIdParameter } from '../shared/ids.parameter';
import { readRoom, roomLocator } from '../shared/room.parameter';
import { fileFields } from './upload.operation';

const show = { resource: ['file'], operation: ['download'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	{ ...fileIdParameter.field(), displayOptions: { show } },
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data',
		description: 'Name of the binary property the file is written to',
		displayOptions: { show },
	},
];

interface ChatworkFile {
	filename?: string;
	download_url?: string;
}

/** What the follow-up of a download hands back to the item: its fields and its binary data. */
interface DownloadedFile {
	fileName: string;
	fileSize: number;
	binary: IBinaryKeyData;
}

function prepare(this: IExecuteFunctions) {
	const { timeoutMs } = readDeliveryOptions(this);
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = fileFields(room);
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const fileId = fileIdParameter.read(this, itemIndex);
		if ('notSent' in fileId) return { notSent: fileId.notSent, fields };
		fields.fileId = fileId.id;
		const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
		const plan = requestPlan(
			{ method: 'GET', path: `/rooms/${room.roomId}/files/${fileId.id}`, qs: { create_download_url: 1 } },
			fields,
		);
		// The URL expires after 30 s, so the bytes are fetched right away, in the room's lane.
		plan.job!.followUp = (outcome) => fetchFile(this, outcome, { fileId: fileId.id, property, timeoutMs });
		return plan;
	};
}

/** Fetches the file from the download URL Chatwork just gave; the item fails when it cannot. */
async function fetchFile(
	ctx: IExecuteFunctions,
	outcome: DeliveryOutcome,
	wanted: { fileId: number; property: string; timeoutMs: number },
): Promise<{ code: number | null; error: DeliveryError } | { result: DownloadedFile }> {
	const file = (outcome.responses.at(-1)?.body ?? {}) as ChatworkFile;
	const failed = (message: string, code: number | null, retryable: boolean) => ({
		code,
		error: { message, errors: [], retryable, delivery: 'failed' as const },
	});
	if (!file.download_url) return failed('Chatwork gave no download URL for this file.', outcome.code, false);
	try {
		const download = await downloadFile(ctx, file.download_url, wanted.timeoutMs);
		if (download.statusCode >= 400) {
			return failed(
				`The download URL answered ${download.statusCode} (it is valid for 30 seconds); the file was not downloaded.`,
				download.statusCode,
				true,
			);
		}
		const fileName = file.filename || download.filename || `chatwork-file-${wanted.fileId}`;
		const mimeType = download.contentType?.split(';')[0].trim() || undefined;
		const binary = { [wanted.property]: await ctx.helpers.prepareBinaryData(download.data, fileName, mimeType) };
		return { result: { fileName, fileSize: download.data.length, binary } };
	} catch (error) {
		return failed(`The file could not be downloaded: ${(error as Error).message}`, null, true);
	}
}

function downloaded(outcome: DeliveryOutcome): DownloadedFile | undefined {
	return outcome.followUpResult as DownloadedFile | undefined;
}

export const download: ChatworkOperation = {
	description,
	prepare,
	fieldsFromOutcome(outcome) {
		const file = downloaded(outcome);
		return file ? { fileName: file.fileName, fileSize: file.fileSize } : {};
	},
	binaryFromOutcome: (outcome) => downloaded(outcome)?.binary,
};
