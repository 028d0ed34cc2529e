import { createHash, createHmac, timingSafeEqual } from 'crypto';
import type { IncomingHttpHeaders } from 'http';
import type { IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { headerValue, type WebhookRequest } from '../../shared/webhookRequest';
import { CREDENTIAL_NAME } from '../description';
import { Rejection } from '../rejection';
import { readCredential, type AuthCredential } from './credential';

/** Compares two secrets in time that depends on neither their content nor their lengths. */
function sameSecret(given: string | Buffer, expected: string | Buffer): boolean {
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

function checkHeader(credential: AuthCredential, headers: IncomingHttpHeaders): void {
	const given = headerValue(headers, credential.headerName);
	if (given === undefined || given === '') throw new Rejection(401, 'auth_missing');
	// An empty configured secret must never match anything.
	if (credential.headerSecret === '' || !sameSecret(given, credential.headerSecret)) {
		throw new Rejection(403, 'auth_failed');
	}
}

const BASIC_CHALLENGE = 'Basic realm="SATORI Webhook Trigger", charset="UTF-8"';

function checkBasic(credential: AuthCredential, headers: IncomingHttpHeaders): void {
	const authorization = headerValue(headers, 'authorization') ?? '';
	const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
	const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
	const colon = decoded.indexOf(':');
	if (colon === -1) throw new Rejection(401, 'auth_missing', '', [], BASIC_CHALLENGE);
	const userOk = sameSecret(decoded.slice(0, colon), credential.user);
	const passwordOk = sameSecret(decoded.slice(colon + 1), credential.password);
	if (credential.user === '' || credential.password === '' || !(userOk && passwordOk)) {
		throw new Rejection(403, 'auth_failed');
	}
}

function checkSignature(
	credential: AuthCredential,
	headers: IncomingHttpHeaders,
	rawBody: Buffer | undefined,
): void {
	const given = (headerValue(headers, credential.signatureHeader) ?? '').trim();
	if (given === '') throw new Rejection(401, 'auth_missing');
	if (rawBody === undefined) throw new Rejection(401, 'signature_needs_raw_body');

	const prefix = credential.signaturePrefix;
	if (prefix !== '' && given.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) {
		throw new Rejection(403, 'auth_failed');
	}
	const encoded = given.slice(prefix.length).trim();
	const wellFormed =
		credential.signatureEncoding === 'hex'
			? /^[0-9a-fA-F]{64}$/.test(encoded)
			: /^[A-Za-z0-9+/_-]{43}=?$/.test(encoded);
	const expected = createHmac('sha256', credential.secret).update(rawBody).digest();
	const givenBytes = wellFormed
		? Buffer.from(encoded, credential.signatureEncoding === 'hex' ? 'hex' : 'base64')
		: Buffer.alloc(expected.length);
	const match = givenBytes.length === expected.length && timingSafeEqual(givenBytes, expected);
	if (credential.secret === '' || !wellFormed || !match) throw new Rejection(403, 'auth_failed');
}

/**
 * Throws a 401 (nothing sent) or 403 (wrong secret) Rejection. The answer never says
 * which part was wrong and never repeats what was sent or expected.
 */
function checkRequest(
	credential: AuthCredential,
	headers: IncomingHttpHeaders,
	rawBody: Buffer | undefined,
): void {
	if (credential.method === 'basic') checkBasic(credential, headers);
	else if (credential.method === 'hmac') checkSignature(credential, headers, rawBody);
	else checkHeader(credential, headers);
}

/** Does the request carry the secret of the `satoriWebhookAuthApi` credential? */
export async function authenticate(
	context: IWebhookFunctions,
	request: WebhookRequest,
	rawBody: Buffer | undefined,
): Promise<void> {
	let data;
	try {
		data = await context.getCredentials(CREDENTIAL_NAME);
	} catch (error) {
		// A missing credential is the workflow's fault, not the sender's: fail closed and tell the owner.
		throw new NodeOperationError(context.getNode(), error as Error, {
			message: 'Select a SATORI Webhook Auth credential, or set Authentication to None',
		});
	}
	checkRequest(readCredential(data), request.headers, rawBody);
}
