import type { IWebhookResponseData } from 'n8n-workflow';

import type { WebhookResponse } from './webhookRequest';

/** The answer has been written by the node itself; n8n must add nothing. */
export const ANSWERED: IWebhookResponseData = { noWebhookResponse: true };

/** Writes a whole answer once (a second call is ignored); nothing a browser could sniff or cache. */
export function writeAnswer(
	response: WebhookResponse,
	status: number,
	contentType: string,
	body: string,
	headers: Record<string, string> = {},
): void {
	if (response.headersSent) return;
	response.statusCode = status;
	response.setHeader('Content-Type', contentType);
	response.setHeader('Cache-Control', 'no-store');
	response.setHeader('X-Content-Type-Options', 'nosniff');
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.end(body);
}
