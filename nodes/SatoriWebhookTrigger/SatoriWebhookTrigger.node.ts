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

import { credentialProblem, readCredential } from './authenticate';
import {
	CREDENTIAL_NAME,
	CREDENTIAL_TEST_METHOD,
	outputsExpression,
	properties,
	webhooks,
} from './description';
import { receiveSubmission } from './receiveSubmission';

export class SatoriWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SATORI Webhook Trigger',
		name: 'satoriWebhookTrigger',
		icon: { light: 'file:satoriWebhookTrigger.svg', dark: 'file:satoriWebhookTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["httpMethod"] + " /" + $parameter["path"]}}',
		description:
			'Receives form submissions (SATORI, a browser form or any form tool), validates and normalises them',
		eventTriggerDescription: 'Waiting for a form submission',
		activationMessage: 'Form submissions sent to the production URL now start this workflow.',
		defaults: { name: 'SATORI Webhook Trigger' },
		supportsCORS: true,
		inputs: [],
		outputs: outputsExpression,
		credentials: [
			{
				// Literals, so that n8n's lint can see the credential is tested here.
				name: 'satoriWebhookAuthApi',
				required: true,
				testedBy: 'satoriWebhookAuthApiTest',
				displayOptions: { show: { authentication: [CREDENTIAL_NAME] } },
			},
		],
		webhooks,
		properties,
	};

	methods = {
		credentialTest: {
			// The credential checks incoming requests; there is no remote API to call, so test its own sanity.
			async [CREDENTIAL_TEST_METHOD](
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = credentialProblem(readCredential(credential.data ?? {}));
				return problem === undefined
					? { status: 'OK', message: 'The credential is complete' }
					: { status: 'Error', message: problem };
			},
		},
	};

	// Nothing is registered anywhere else: n8n itself serves the URL while the workflow is active.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveSubmission(this);
	}
}
