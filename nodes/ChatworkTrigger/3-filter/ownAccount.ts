import { createHash } from 'crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chatworkConnection } from '../../shared/chatwork/authentication';
import { chatworkApiRequest } from '../../shared/chatwork/client';
import type { TriggerSettings } from '../settings';

/**
 * The loop guard's "me": account IDs typed in, or the account behind a Chatwork API credential.
 * That account is read with GET /me once per credential and process (at activation, or at the
 * first webhook in another process) and kept by a hash of base URL and token, never the token.
 */
const accountByCredential = new Map<string, Promise<number>>();

async function credentialAccount(context: IHookFunctions | IWebhookFunctions): Promise<number> {
	// The trigger has no Authentication parameter: its loop guard reads the Chatwork API (token) credential.
	const connection = await chatworkConnection(context, 'apiToken');
	const key = createHash('sha256').update(`${connection.baseUrl}\n${connection.token}`).digest('hex');
	let account = accountByCredential.get(key);
	if (account === undefined) {
		account = chatworkApiRequest(context, 'apiToken', { method: 'GET', path: '/me' }, 10_000).then((me) => {
			const id = (me as { account_id?: unknown } | null)?.account_id;
			if (!Number.isSafeInteger(id)) throw new Error('Chatwork answered GET /me without an account_id');
			return id as number;
		});
		accountByCredential.set(key, account);
		// A failure is not kept: the next request asks again.
		account.catch(() => accountByCredential.delete(key));
	}
	return await account;
}

/** The accounts whose messages never start the workflow (empty when the guard is off). */
export async function ownAccountIds(
	context: IHookFunctions | IWebhookFunctions,
	settings: TriggerSettings,
): Promise<number[]> {
	if (!settings.ignoreOwnMessages) return [];
	if (settings.ownAccountFrom === 'accountIds') {
		if (settings.ownAccountIds.length === 0) {
			throw new NodeOperationError(context.getNode(), 'Ignore My Own Messages is on: enter at least one account ID in My Account IDs', {
				description: 'Or set My Account From to Chatwork API Credential, or switch Ignore My Own Messages off.',
			});
		}
		return settings.ownAccountIds;
	}
	try {
		return [await credentialAccount(context)];
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			message: 'Ignore My Own Messages could not find your account: select a working Chatwork API credential',
			description: 'Or type the account IDs (My Account From → Account IDs), or switch Ignore My Own Messages off.',
		});
	}
}
