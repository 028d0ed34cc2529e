import { createHmac, timingSafeEqual } from 'crypto';
import type { IncomingHttpHeaders } from 'http';

import { Refusal } from '../refusal';

/** Where the signature comes: this header, else this query parameter. */
export const SIGNATURE_HEADER = 'x-chatworkwebhooksignature';
export const SIGNATURE_QUERY = 'chatwork_webhook_signature';

/** Chatwork's webhook token is base64 of a 32-byte key; the signature is base64 of a 32-byte HMAC-SHA256. */
const KEY_BYTES = 32;
const DIGEST_BYTES = 32;
const BASE64_OF_32_BYTES = /^[A-Za-z0-9+/]{43}=?$/;
/**
 * The one spelling Node and Chatwork produce for 32 bytes: 43 characters, the last of them with
 * its 2 spare bits zero, then one `=`. Any other spelling of the same bytes is refused.
 */
const CANONICAL_DIGEST = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export type WebhookKey = { key: Buffer } | { problem: string };

/** The HMAC key inside a webhook token, or what is wrong with the token (for the credential test and activation). */
export function webhookKey(token: unknown): WebhookKey {
	const text = typeof token === 'string' ? token.trim() : '';
	if (text === '') return { problem: 'The webhook token is empty: copy the token Chatwork shows for the webhook' };
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
		return { problem: 'The webhook token is not valid base64: copy the whole token Chatwork shows for the webhook' };
	}
	const key = Buffer.from(text, 'base64');
	if (!BASE64_OF_32_BYTES.test(text) || key.length !== KEY_BYTES) {
		return {
			problem: `The webhook token decodes to ${key.length} bytes, not ${KEY_BYTES}: a Chatwork webhook token has 44 characters`,
		};
	}
	return { key };
}

/** base64(HMAC-SHA256(key, body)), as Chatwork computes it. */
export function signatureOf(key: Buffer, body: Buffer): string {
	return createHmac('sha256', key).update(body).digest('base64');
}

/**
 * The signature the request carries: the header, else the query parameter. A query string
 * that was not percent-encoded turns base64's `+` into a space; that space is put back.
 */
export function givenSignature(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
	const header = headers[SIGNATURE_HEADER];
	const fromHeader = Array.isArray(header) ? header[0] : header;
	// Kept as sent (not trimmed): only the canonical spelling is accepted (requireSignature).
	if (fromHeader !== undefined && fromHeader.trim() !== '') return fromHeader;
	const fromQuery = query.get(SIGNATURE_QUERY)?.replace(/ /g, '+');
	return fromQuery || undefined;
}

/** Throws a 401 Refusal before the body is read when no signature in canonical base64 came. */
export function requireSignature(signature: string | undefined): string {
	if (signature === undefined) throw new Refusal(401, 'signature_missing');
	if (!CANONICAL_DIGEST.test(signature)) throw new Refusal(401, 'signature_malformed');
	return signature;
}

/** Compares in constant time over the decoded digests; throws a 401 Refusal when they differ. */
export function verifySignature(key: Buffer, raw: Buffer | undefined, signature: string): void {
	if (raw === undefined) throw new Refusal(401, 'signature_unverifiable');
	const expected = createHmac('sha256', key).update(raw).digest();
	const given = Buffer.from(signature, 'base64');
	const comparable = given.length === DIGEST_BYTES ? given : Buffer.alloc(DIGEST_BYTES);
	const same = timingSafeEqual(comparable, expected);
	if (!same || given.length !== DIGEST_BYTES) throw new Refusal(401, 'signature_mismatch');
}
