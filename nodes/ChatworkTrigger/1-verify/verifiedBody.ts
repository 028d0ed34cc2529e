import { BodyNotRead, collectBody } from '../../shared/rawBody';
import type { WebhookRequest } from '../../shared/webhookRequest';
import { Refusal } from '../refusal';
import { givenSignature, requireSignature, verifySignature } from './signature';

/** Chatwork's events are a few kilobytes; more is not Chatwork. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The exact bytes n8n received (it is told not to parse them: see the hidden `options` parameter). */
async function rawBytes(request: WebhookRequest): Promise<Buffer | undefined> {
	try {
		return (await collectBody(request, MAX_BODY_BYTES)).raw;
	} catch (error) {
		const tooLarge = error instanceof BodyNotRead && error.reason === 'too_large';
		throw tooLarge ? new Refusal(413, 'payload_too_large') : new Refusal(400, 'body_unreadable');
	}
}

/**
 * The body, once its signature is checked. A missing or malformed signature is refused before a
 * byte is read, and before the credential is: a flood of such requests costs no credential read.
 */
export async function verifiedBody(request: WebhookRequest, key: () => Promise<Buffer>): Promise<Buffer> {
	const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
	const signature = requireSignature(givenSignature(request.headers, query));
	const raw = await rawBytes(request);
	verifySignature(await key(), raw, signature);
	return raw as Buffer;
}
