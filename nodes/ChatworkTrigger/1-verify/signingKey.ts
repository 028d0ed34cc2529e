import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { WEBHOOK_CREDENTIAL } from '../description';
import { webhookKey } from './signature';

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
	const key = webhookKey(token);
	if ('problem' in key) throw new NodeOperationError(context.getNode(), key.problem);
	return key.key;
}
