import type { ServerResponse } from 'http';
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ANSWERED } from '../shared/webhookAnswer';
import type { WebhookRequest } from '../shared/webhookRequest';
import { signingKey } from './1-verify/signingKey';
import { verifiedBody } from './1-verify/verifiedBody';
import { parseNotation } from './2-parse/notation';
import { parseWebhook, type ChatworkWebhook } from './2-parse/webhookEvent';
import { ignoredBecause } from './3-filter/filter';
import { ownAccountIds } from './3-filter/ownAccount';
import { answerAccepted, answerIgnored, answerRefused } from './answers/answers';
import { eventItem } from './emit/eventItem';
import { Refusal } from './refusal';
import { readSettings, textPattern } from './settings';

/** A verified, well-formed event (undefined for a type this version does not know). */
async function admit(request: WebhookRequest, key: Buffer): Promise<ChatworkWebhook | undefined> {
	return parseWebhook(request.headers, await verifiedBody(request, key));
}

/** verify → parse → filter → respond → emit, one folder each; every answer is written before the workflow runs. */
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
