import { randomUUID } from 'crypto';
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { authenticate, readCredential } from './authenticate';
import { CREDENTIAL_NAME } from './description';
import { outputs, rejectedItem, submissionItem, type Envelope } from './emit';
import { MAX_FILES } from './inputLimits';
import { normalise } from './normalise';
import { bodyKindOf, parseBody, type ParsedSubmission } from './parseBody';
import { collectBody } from './rawBody';
import { Rejection } from './rejection';
import { contentTypeOf, headerValue, type WebhookRequest, type WebhookResponse } from './request';
import { requestMeta } from './requestMeta';
import { answerPage, answerRejection, answerSuccess, applyCors, isOriginAllowed } from './respond';
import { validateSubmission } from './schema';
import { readSettings, type TriggerSettings } from './settings';
import { answerForTestForm, testFormPage } from './testFormPage';

/** The answer has been written by the node itself; n8n must add nothing. */
const ANSWERED: IWebhookResponseData = { noWebhookResponse: true };

function isHoneypotFilled(submission: ParsedSubmission, honeypotField: string): boolean {
	if (honeypotField === '' || !Object.prototype.hasOwnProperty.call(submission.params, honeypotField)) return false;
	const value = submission.params[honeypotField];
	if (Array.isArray(value)) return value.some((item) => typeof item !== 'string' || item.trim() !== '');
	return value !== null && !(typeof value === 'string' && value.trim() === '');
}

/** Bytes the node accepts before parsing: the body limit, plus the files for multipart. */
function bodyLimit(request: WebhookRequest, settings: TriggerSettings): number {
	const multipart = contentTypeOf(request.headers).mediaType === 'multipart/form-data';
	return settings.maxBodyBytes + (multipart ? settings.maxFileBytes * MAX_FILES : 0);
}

async function checkCredential(context: IWebhookFunctions, request: WebhookRequest, raw: Buffer | undefined) {
	let data;
	try {
		data = await context.getCredentials(CREDENTIAL_NAME);
	} catch (error) {
		// A missing credential is the workflow's fault, not the sender's: fail closed and tell the owner.
		throw new NodeOperationError(context.getNode(), error as Error, {
			message: 'Select a SATORI Webhook Auth credential, or set Authentication to None',
		});
	}
	authenticate(readCredential(data), request.headers, raw);
}

/** authenticate → parse body → validate → normalise → respond → emit. */
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
		const delivered = await collectBody(request, bodyLimit(request, settings));
		if (settings.useCredential) await checkCredential(context, request, delivered.raw);
		const kind = bodyKindOf(request);
		submission = await parseBody(request, kind, delivered, settings);

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
