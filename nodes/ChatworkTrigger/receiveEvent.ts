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
import { requireFresh } from './3-filter/freshness';
import { ownAccountIds } from './3-filter/ownAccount';
import { firstDelivery } from './3-filter/replayRecord';
import { answerAccepted, answerIgnored, answerRefused } from './answers/answers';
import { eventItem } from './emit/eventItem';
import { Refusal } from './refusal';
import { readSettings, textPattern } from './settings';

/** A verified, well-formed, fresh event (undefined for a type this version does not know). */
async function admit(request: WebhookRequest, key: () => Promise<Buffer>, maxEventAge: number): Promise<ChatworkWebhook | undefined> {
	const event = parseWebhook(request.headers, await verifiedBody(request, key));
	if (event !== undefined) requireFresh(event.eventTime, maxEventAge);
	return event;
}

/** verify → parse → filter → respond → emit, one folder each; every answer is written before the workflow runs. */
export async function receiveEvent(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = context.getRequestObject() as WebhookRequest;
	const response = context.getResponseObject() as ServerResponse;
	const settings = readSettings(context);

	const admitted = await admit(request, () => signingKey(context), settings.maxEventAge).then(
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
		if (because === 'text_timeout') {
			context.logger.warn(
				`Chatwork Trigger "${context.getNode().name}": Filters → Text Matches ran out of its time on message ${event.messageId} in room ${event.roomId}; the event was ignored. Simplify the pattern.`,
			);
		}
		answerIgnored(response, because);
		return ANSWERED;
	}
	// A replay is answered 200 like any delivery, so Chatwork sees no error, and starts nothing.
	if (!firstDelivery(`${context.getWorkflow().id ?? ''}/${context.getNode().id}`, event, settings.maxEventAge)) {
		answerIgnored(response, 'duplicate');
		return ANSWERED;
	}
	answerAccepted(response);
	return { ...ANSWERED, workflowData: [[eventItem(event, notation)]] };
}
