import type { IBinaryKeyData, IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { Params } from '../3-parse/parseBody';
import type { FieldError } from '../fieldErrors';
import type { NormalisedSubmission } from '../5-normalise/normalise';

/** What every item carries besides the form: its id, when it came and where from. */
export interface Envelope {
	submissionId: string;
	submittedAt: string;
	meta: IDataObject;
}

/**
 * Copies uploaded files into n8n's binary data store now: n8n deletes its parser's
 * temporary files as soon as `webhook()` returns.
 */
async function storeBinaries(
	context: IWebhookFunctions,
	binaries: NormalisedSubmission['binaries'],
): Promise<IBinaryKeyData | undefined> {
	if (binaries.length === 0) return undefined;
	const stored: IBinaryKeyData = {};
	for (const { property, file } of binaries) {
		stored[property] =
			file.path !== undefined
				? await context.nodeHelpers.copyBinaryFile(file.path, file.fileName, file.mimeType)
				: await context.helpers.prepareBinaryData(file.bytes ?? Buffer.alloc(0), file.fileName, file.mimeType);
	}
	return stored;
}

export async function submissionItem(
	context: IWebhookFunctions,
	normalised: NormalisedSubmission,
	envelope: Envelope,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = {
		json: {
			...(normalised.fields as IDataObject),
			params: normalised.params as IDataObject,
			submissionId: envelope.submissionId,
			submittedAt: envelope.submittedAt,
			customer_detail_url: normalised.customerDetailUrl,
			meta: envelope.meta,
		},
	};
	const binary = await storeBinaries(context, normalised.binaries);
	if (binary !== undefined) item.binary = binary;
	return item;
}

export function rejectedItem(
	reason: 'invalid' | 'spam',
	errors: FieldError[],
	params: Params,
	envelope: Envelope,
): INodeExecutionData {
	return {
		json: {
			reason,
			errors: errors as unknown as IDataObject[],
			params: params as IDataObject,
			submissionId: envelope.submissionId,
			submittedAt: envelope.submittedAt,
			meta: envelope.meta,
		},
	};
}

/** One array per output: [Submission] or [Submission, Rejected]. */
export function outputs(
	rejectedOutput: boolean,
	submission: INodeExecutionData | undefined,
	rejected: INodeExecutionData | undefined,
): INodeExecutionData[][] {
	const main = submission ? [submission] : [];
	return rejectedOutput ? [main, rejected ? [rejected] : []] : [main];
}
