import type { WebhookResponse } from '../../shared/webhookRequest';

/** Allowed Origins (Options): who may submit from a browser, and the CORS header that tells the browser so. */
function allowedOriginList(allowedOrigins: string): string[] {
	return allowedOrigins
		.split(',')
		.map((origin) => origin.trim().replace(/\/+$/, ''))
		.filter((origin) => origin !== '');
}

export function isOriginAllowed(origin: string, allowedOrigins: string): boolean {
	const list = allowedOriginList(allowedOrigins);
	return list.includes('*') || list.includes(origin.replace(/\/+$/, ''));
}

/**
 * n8n answers CORS preflights and sets Access-Control-Allow-Origin before the node runs, but it
 * finds the node's allowed origins only when the workflow stores `httpMethod` explicitly; the
 * node therefore states the header itself for the answers it writes.
 */
export function applyCors(response: WebhookResponse, origin: string | undefined, allowedOrigins: string): void {
	if (origin === undefined || response.headersSent) return;
	if (isOriginAllowed(origin, allowedOrigins)) {
		response.setHeader('Access-Control-Allow-Origin', origin);
		response.setHeader('Vary', 'Origin');
	} else {
		response.removeHeader('Access-Control-Allow-Origin');
	}
}
