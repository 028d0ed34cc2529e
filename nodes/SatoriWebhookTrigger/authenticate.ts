import { createHash, createHmac, timingSafeEqual } from 'crypto';
import type { IncomingHttpHeaders } from 'http';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { Rejection } from './rejection';
import { headerValue } from './request';

/** Step 1: does the request carry the secret of the `satoriWebhookAuthApi` credential? */
export type AuthMethod = 'header' | 'basic' | 'hmac';

export interface AuthCredential {
	method: AuthMethod;
	headerName: string;
	headerSecret: string;
	user: string;
	password: string;
	signatureHeader: string;
	signaturePrefix: string;
	signatureEncoding: 'hex' | 'base64';
	secret: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function readCredential(data: ICredentialDataDecryptedObject): AuthCredential {
	const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
	const method = text(data.method, 'header');
	return {
		method: method === 'basic' || method === 'hmac' ? method : 'header',
		headerName: text(data.headerName, 'X-Webhook-Secret').trim(),
		headerSecret: text(data.headerSecret),
		user: text(data.user),
		password: text(data.password),
		signatureHeader: text(data.signatureHeader, 'X-Signature-256').trim(),
		signaturePrefix: text(data.signaturePrefix),
		signatureEncoding: data.signatureEncoding === 'base64' ? 'base64' : 'hex',
		secret: text(data.secret),
	};
}

/** What is wrong with a credential, for the credential test; undefined when it is usable. */
export function credentialProblem(credential: AuthCredential): string | undefined {
	switch (credential.method) {
		case 'header':
			if (!HEADER_NAME.test(credential.headerName)) return 'The header name is not a valid HTTP header name';
			if (credential.headerSecret.length < 8) return 'The secret must be at least 8 characters long';
			return undefined;
		case 'basic':
			if (credential.user === '' || credential.user.includes(':')) {
				return 'The user must be non-empty and must not contain ":"';
			}
			if (credential.password.length < 8) return 'The password must be at least 8 characters long';
			return undefined;
		case 'hmac':
			if (!HEADER_NAME.test(credential.signatureHeader)) {
				return 'The signature header name is not a valid HTTP header name';
			}
			if (credential.secret.length < 16) return 'The signing secret must be at least 16 characters long';
			return undefined;
	}
}

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
export function authenticate(
	credential: AuthCredential,
	headers: IncomingHttpHeaders,
	rawBody: Buffer | undefined,
): void {
	if (credential.method === 'basic') checkBasic(credential, headers);
	else if (credential.method === 'hmac') checkSignature(credential, headers, rawBody);
	else checkHeader(credential, headers);
}
