import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'http';

/**
 * What the trigger relies on from the request n8n hands over (an express Request in n8n,
 * a plain IncomingMessage elsewhere). In n8n 2.40 the server has, before the node runs:
 * - for multipart/form-data: parsed the body with formidable into `body = {data, files}`
 *   (files written to temporary paths that n8n deletes once `webhook()` returns) — no raw bytes;
 * - for anything else (typeVersion 1 nodes): read the bytes into `rawBody` (gunzipped) and,
 *   for JSON / urlencoded / text, parsed them into `body`.
 */
export type WebhookRequest = IncomingMessage & {
	body?: unknown;
	ip?: string;
};

export type WebhookResponse = ServerResponse;

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	if (Array.isArray(value)) return value.join(', ');
	return value;
}

/** The media type and charset of the Content-Type header, lower-cased. */
export function contentTypeOf(headers: IncomingHttpHeaders): {
	mediaType: string;
	charset?: string;
	boundary?: string;
} {
	const raw = headerValue(headers, 'content-type') ?? '';
	const [type, ...parameters] = raw.split(';');
	const result: { mediaType: string; charset?: string; boundary?: string } = {
		mediaType: type.trim().toLowerCase(),
	};
	for (const parameter of parameters) {
		const eq = parameter.indexOf('=');
		if (eq === -1) continue;
		const name = parameter.slice(0, eq).trim().toLowerCase();
		const value = parameter
			.slice(eq + 1)
			.trim()
			.replace(/^"(.*)"$/, '$1');
		if (name === 'charset') result.charset = value.toLowerCase();
		if (name === 'boundary') result.boundary = value;
	}
	return result;
}
