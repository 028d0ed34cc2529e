import { BodyNotRead, collectBody, type DeliveredBody } from '../../shared/rawBody';
import { contentTypeOf, type WebhookRequest } from '../../shared/webhookRequest';
import { MAX_FILES } from '../inputLimits';
import { formatBytes, Rejection } from '../rejection';
import type { TriggerSettings } from '../settings';

/** Bytes the node accepts before parsing: the body limit, plus the files for multipart. */
function bodyLimit(request: WebhookRequest, settings: TriggerSettings): number {
	const multipart = contentTypeOf(request.headers).mediaType === 'multipart/form-data';
	return settings.maxBodyBytes + (multipart ? settings.maxFileBytes * MAX_FILES : 0);
}

const REJECTION_OF: Record<BodyNotRead['reason'], (limit: number) => Rejection> = {
	too_large: (limit) => new Rejection(413, 'payload_too_large', formatBytes(limit)),
	unreadable: () => new Rejection(400, 'body_unreadable'),
	content_encoding: () => new Rejection(415, 'unsupported_content_encoding'),
};

/** The body as n8n delivered it, read before authentication because an HMAC signs these exact bytes. */
export async function readBody(request: WebhookRequest, settings: TriggerSettings): Promise<DeliveredBody> {
	const limit = bodyLimit(request, settings);
	try {
		return await collectBody(request, limit);
	} catch (error) {
		throw error instanceof BodyNotRead ? REJECTION_OF[error.reason](limit) : error;
	}
}
