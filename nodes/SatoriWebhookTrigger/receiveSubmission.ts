import { randomUUID } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ANSWERED } from '../shared/webhookAnswer';
import { headerValue, type WebhookRequest, type WebhookResponse } from '../shared/webhookRequest';
import { readBody } from './1-readBody/readBody';
import { authenticate } from './2-authenticate/authenticate';
import { bodyKindOf, parseBody, type ParsedSubmission } from './3-parse/parseBody';
import { isHoneypotFilled } from './4-validate/honeypot';
import { validateSubmission } from './4-validate/schema';
import { normalise } from './5-normalise/normalise';
import { answerPage, answerRejection, answerSuccess } from './answers/answers';
import { applyCors, isOriginAllowed } from './answers/cors';
import { answerForTestForm, testFormPage } from './answers/testFormPage';
import { outputs, rejectedItem, submissionItem, type Envelope } from './emit/items';
import { requestMeta } from './emit/requestMeta';
import { keepSubmission } from './6-keep/keepSubmission';
import { Rejection } from './rejection';
import { readSettings } from './settings';

/** read body → authenticate → parse → validate → normalise → respond → emit; each stage has its folder. */
export async function receiveSubmission(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = answerForTestForm(readSettings(context), context.getQueryData());
	const request = context.getRequestObject() as WebhookRequest;
	const response = context.getResponseObject() as WebhookResponse;
	const origin = headerValue(request.headers, 'origin');
	applyCors(response, origin, settings.allowedOrigins);

	if (context.getWebhookName() === 'setup') {
		if (settings.testFormPage) answerPage(response, testFormPage(settings));
		else answerRejection(response, settings, new Rejection(404, 'not_found'));
		return ANSWERED;
	}

	const envelope: Envelope = {
		submissionId: randomUUID(),
		submittedAt: new Date().toISOString(),
		meta: requestMeta(context, request),
	};
	let submission: ParsedSubmission | undefined;
	try {
		if (origin !== undefined && !isOriginAllowed(origin, settings.allowedOrigins)) {
			throw new Rejection(403, 'origin_not_allowed');
		}
		const delivered = await readBody(request, settings);
		if (settings.useCredential) await authenticate(context, request, delivered.raw);
		submission = await parseBody(request, bodyKindOf(request), delivered, settings);

		if (isHoneypotFilled(submission, settings.honeypotField)) {
			// The bot is told it succeeded, so it learns nothing; only Rejected may hear of it.
			answerSuccess(response, settings, envelope.submissionId);
			if (!settings.rejectedOutput) return ANSWERED;
			const field = settings.honeypotField;
			const spam = rejectedItem('spam', [{ field, message: `${field}: honeypot field was filled` }], submission.params, envelope);
			return { ...ANSWERED, workflowData: outputs(true, undefined, spam) };
		}

		const validated = validateSubmission(submission, settings, settings.language);
		if (!validated.ok) throw new Rejection(400, 'invalid_fields', '', validated.errors);

		const normalised = normalise(submission, validated.values, validated.declaredKeyOf, settings);
		const item = await submissionItem(context, normalised, envelope);
		// Production only: a test submission is seen in the editor, and its row would be re-fed later.
		if (settings.keepTable !== undefined && context.getMode() !== 'manual') await keep(context, settings.keepTable, item.json);
		answerSuccess(response, settings, envelope.submissionId);
		return { ...ANSWERED, workflowData: outputs(settings.rejectedOutput, item, undefined) };
	} catch (error) {
		if (!(error instanceof Rejection)) throw new NodeOperationError(context.getNode(), error as Error);
		answerRejection(response, settings, error);
		if (error.code === 'invalid_fields' && settings.rejectedOutput && submission !== undefined) {
			const item = rejectedItem('invalid', error.fieldErrors, submission.params, envelope);
			return { ...ANSWERED, workflowData: outputs(true, undefined, item) };
		}
		return ANSWERED;
	}
}

/** Stores the submission before it is answered; when that fails the sender hears 503 and no execution starts. */
async function keep(context: IWebhookFunctions, table: string, json: IDataObject): Promise<void> {
	const problem = await keepSubmission(context, table, json);
	if (problem === undefined) return;
	context.logger.warn(`SATORI Webhook Trigger: a submission was refused with 503 because it could not be kept in the Data Table "${table}": ${problem}`);
	throw new Rejection(503, 'not_stored');
}
