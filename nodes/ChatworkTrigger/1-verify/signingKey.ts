import { createHash } from 'crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { WEBHOOK_CREDENTIAL } from '../description';
import { webhookKey } from './signature';

/**
 * Keys already derived, by a SHA-256 of the token they came from (never the token itself): the
 * credential is still read per request, so a rotated token is a new entry on the next webhook.
 * A process serves a handful of credentials; the bound only stops growth from endless rotations.
 */
const keyByTokenHash = new Map<string, Buffer>();
const MAX_KEYS = 64;

function derivedKey(context: IWebhookFunctions | IHookFunctions, token: unknown): Buffer {
	const hash = typeof token === 'string' ? createHash('sha256').update(token).digest('base64') : undefined;
	const known = hash === undefined ? undefined : keyByTokenHash.get(hash);
	if (known !== undefined) return known;
	const key = webhookKey(token);
	if ('problem' in key) throw new NodeOperationError(context.getNode(), key.problem);
	if (keyByTokenHash.size >= MAX_KEYS) keyByTokenHash.clear();
	keyByTokenHash.set(hash as string, key.key);
	return key.key;
}

/** The HMAC key of the chatworkWebhookApi credential; a missing or broken one is the owner's to fix. */
export async function signingKey(context: IWebhookFunctions | IHookFunctions): Promise<Buffer> {
	let token: unknown;
	try {
		token = (await context.getCredentials(WEBHOOK_CREDENTIAL)).webhookToken;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			message: 'Select a Chatwork Webhook API credential with the token Chatwork shows for the webhook',
		});
	}
	return derivedKey(context, token);
}

/** How many derived keys are cached (for the test that rotation replaces, not piles up). */
export function cachedKeyCount(): number {
	return keyByTokenHash.size;
}
