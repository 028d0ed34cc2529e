import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { webhookKey } from './1-verify/signature';
import { signingKey } from './1-verify/signingKey';
import { slowPatternProblem } from './3-filter/boundedMatch';
import { ownAccountIds } from './3-filter/ownAccount';
import { properties, WEBHOOK_CREDENTIAL_TEST, webhooks } from './description';
import { receiveEvent } from './receiveEvent';
import { readSettings, textPattern } from './settings';

export class ChatworkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwork Trigger',
		name: 'chatworkTrigger',
		icon: { light: 'file:chatworkTrigger.svg', dark: 'file:chatworkTrigger.dark.svg' },
		group: ['trigger'],
		// 2: n8n parses the body itself (keeping the bytes); see the hidden Raw Body parameter.
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{($parameter["events"] || []).join(", ").replace("message_created", "Message Created").replace("message_updated", "Message Updated").replace("mention_to_me", "Mention to Me")}}',
		description: 'Starts the workflow when Chatwork sends a signed webhook: a message posted or edited, or a mention',
		eventTriggerDescription: 'Waiting for Chatwork to send a webhook',
		activationMessage: 'Chatwork webhooks sent to the production URL now start this workflow.',
		defaults: { name: 'Chatwork Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				// Literals, so that n8n's lint can see the credentials are tested.
				name: 'chatworkWebhookApi',
				displayName: 'Webhook Token (from the webhook in Chatwork)',
				required: true,
				testedBy: 'chatworkWebhookApiTest',
			},
			{
				name: 'chatworkApi',
				displayName: 'API Token (whose messages to ignore)',
				required: true,
				displayOptions: { show: { ignoreOwnMessages: [true], ownAccountFrom: ['credential'] } },
			},
		],
		webhooks,
		properties,
	};

	methods = {
		credentialTest: {
			// The token signs what Chatwork sends; there is no API to ask, so check its form.
			async [WEBHOOK_CREDENTIAL_TEST](
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const key = webhookKey(credential.data?.webhookToken);
				return 'problem' in key
					? { status: 'Error', message: key.problem }
					: { status: 'OK', message: 'The webhook token has the form Chatwork uses' };
			},
		},
	};

	// Chatwork's webhooks are set up in its web UI (there is no API for it); activation only checks
	// that every request can be verified and that the loop guard knows the account it guards.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const settings = readSettings(this);
				await signingKey(this);
				const { pattern, problem } = textPattern(settings.textMatches);
				if (problem !== undefined) throw new NodeOperationError(this.getNode(), problem);
				const slow = pattern && slowPatternProblem(pattern);
				if (slow) throw new NodeOperationError(this.getNode(), slow);
				await ownAccountIds(this, settings);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent(this);
	}
}
