import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PartRecord } from './actions/message/messageParts';
import { readParts } from './actions/message/messageParts';
import { API_TOKEN_CREDENTIAL_TYPE, SIGN_IN_CREDENTIAL_TYPE } from '../shared/chatwork/constants';
import { readAuthentication } from './actions/shared/authentication.parameter';

/**
 * History items that Resend acts on carry a signature over what Resend would post (historyId,
 * roomId, message, parts), keyed by a secret derived from the node's credential: a row edited in a
 * Data Table, or written by anyone else, cannot make the node post its text. The credential's own
 * secret is never in a row: only an HMAC of it under a fixed label keys the signature.
 */

const LABEL = 'n8n-nodes-satori-chatwork/history-signature/v1';
const VERSION = 'v1.';

/** The signing key of a credential secret (API token, or OAuth2 client ID and secret). */
export function signingKey(credentialSecret: string): Buffer {
	return createHmac('sha256', credentialSecret).update(LABEL).digest();
}

/** The key of the node's credential, read once per execution. */
export async function historySigningKey(ctx: IExecuteFunctions): Promise<Buffer> {
	if (readAuthentication(ctx) === 'oAuth2') {
		const credentials = await ctx.getCredentials(SIGN_IN_CREDENTIAL_TYPE);
		return signingKey(`oauth2\n${String(credentials.clientId ?? '')}\n${String(credentials.clientSecret ?? '')}`);
	}
	const credentials = await ctx.getCredentials(API_TOKEN_CREDENTIAL_TYPE);
	return signingKey(String(credentials.apiToken ?? ''));
}

/** What a signature covers, read the same way from a nested item and a flat row. */
function signedText(row: IDataObject): string {
	const parts = readParts(row.parts);
	return JSON.stringify([
		typeof row.historyId === 'string' ? row.historyId : null,
		row.roomId === undefined || row.roomId === null ? null : String(row.roomId),
		typeof row.message === 'string' ? row.message : null,
		parts && parts.length > 1 ? parts.map((part: PartRecord) => [part.messageId, part.delivery]) : null,
	]);
}

export function signHistory(key: Buffer, row: IDataObject): string {
	return VERSION + createHmac('sha256', key).update(signedText(row)).digest('base64url');
}

/** True only for a row whose signature this key made over exactly these fields. */
export function verifyHistory(key: Buffer, row: IDataObject): boolean {
	const given = typeof row.signature === 'string' ? Buffer.from(row.signature) : undefined;
	const expected = Buffer.from(signHistory(key, row));
	return given !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
}
