import type { ServerResponse } from 'http';
import type { IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BodyNotRead, collectBody } from '../shared/rawBody';
import { ANSWERED } from '../shared/webhookAnswer';
import type { WebhookRequest } from '../shared/webhookRequest';
import { answerAccepted, answerIgnored, answerRefused } from './answer';
import { WEBHOOK_CREDENTIAL } from './description';
import { eventItem } from './emit';
import { ignoredBecause } from './filter';
import { parseNotation } from './notation';
import { ownAccountIds } from './ownAccount';
import { parseWebhook, type ChatworkWebhook } from './parse';
import { Refusal } from './refusal';
import { readSettings, textPattern } from './settings';
import { givenSignature, requireSignature, verifySignature, webhookKey } from './verify';

/** Chatwork's events are a few kilobytes; more is not Chatwork. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The HMAC key of the chatworkWebhookApi credential; a missing or broken one is the owner's to fix. */
export async function signingKey(context: IWebhookFunctions | IHookFunctions): Promise<Buffer> {
	let token: unknown;
	try {
		token = (await context.getCredentials(WEBHOOK_CREDENTIAL)).webhookToken;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			message: 'Select a Chatwork Webhook API credential with the token Chatwork shows for the webhook',
		});
	}
	const key = webhookKey(token);
	if ('problem' in key) throw new NodeOperationError(context.getNode(), key.problem);
	return key.key;
}

/** The exact bytes n8n received (it is told not to parse them: see the hidden `options` parameter). */
async function rawBytes(request: WebhookRequest): Promise<Buffer | undefined> {
	try {
		return (await collectBody(request, MAX_BODY_BYTES)).raw;
	} catch (error) {
		const tooLarge = error instanceof BodyNotRead && error.reason === 'too_large';
		throw tooLarge ? new Refusal(413, 'payload_too_large') : new Refusal(400, 'body_unreadable');
	}
}

/** Steps 1 and 2: a verified, well-formed event (undefined for a type this version does not know). */
async function admit(request: WebhookRequest, key: Buffer): Promise<ChatworkWebhook | undefined> {
	const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
	const signature = requireSignature(givenSignature(request.headers, query));
	const raw = await rawBytes(request);
	verifySignature(key, raw, signature);
	return parseWebhook(request.headers, raw as Buffer);
}

/** verify → parse → filter → emit; every answer is written here, before the workflow runs. */
export async function receiveEvent(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = context.getRequestObject() as WebhookRequest;
	const response = context.getResponseObject() as ServerResponse;
	const settings = readSettings(context);
	const key = await signingKey(context);

	const admitted = await admit(request, key).then(
		(event) => ({ event }),
		(error: unknown) => ({ error }),
	);
	if ('error' in admitted) {
		if (!(admitted.error instanceof Refusal)) throw new NodeOperationError(context.getNode(), admitted.error as Error);
		answerRefused(response, admitted.error);
		return ANSWERED;
	}
	const event = admitted.event;
	if (event === undefined) {
		answerIgnored(response, 'event_type');
		return ANSWERED;
	}

	const notation = parseNotation(event.body);
	const own = settings.events.includes(event.eventType) ? await ownAccountIds(context, settings) : [];
	const because = ignoredBecause(event, notation, settings, own, textPattern(settings.textMatches).pattern);
	if (because !== undefined) {
		answerIgnored(response, because);
		return ANSWERED;
	}
	answerAccepted(response);
	return { ...ANSWERED, workflowData: [[eventItem(event, notation)]] };
}
