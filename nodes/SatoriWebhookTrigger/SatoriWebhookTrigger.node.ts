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
import { NodeOperationError } from 'n8n-workflow';

import { credentialProblem, readCredential } from './2-authenticate/credential';
import {
	CREDENTIAL_NAME,
	CREDENTIAL_TEST_METHOD,
	outputsExpression,
	properties,
	webhooks,
} from './description';
import { checkKeepTable } from './6-keep/keepSubmission';
import { receiveSubmission } from './receiveSubmission';
import { readSettings } from './settings';

export class SatoriWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SATORI Webhook Trigger',
		name: 'satoriWebhookTrigger',
		icon: { light: 'file:satoriWebhookTrigger.svg', dark: 'file:satoriWebhookTrigger.dark.svg' },
		group: ['trigger'],
		// 2: n8n parses every body (keeping the bytes of all but multipart); see Options → Form Encoding.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["httpMethod"] + " /" + $parameter["path"]}}',
		description:
			'Receives form submissions (SATORI, a browser form or any form tool), validates and normalises them',
		eventTriggerDescription: 'Waiting for a form submission',
		activationMessage: 'Form submissions sent to the production URL now start this workflow.',
		defaults: { name: 'SATORI Webhook Trigger' },
		triggerPanel: {
			header: 'Send a form submission to the Test URL',
			executionsHelp: {
				inactive:
					'<b>While building:</b> click <i>Execute step</i>, then submit your form, send SATORI\'s test webhook, or open the <b>Test URL</b> in a browser to get a test form (add <i>Options → Serve Test Form on GET</i>). Both URLs are under <i>Webhook URLs</i> at the top of the middle column. The submission shows here and the workflow runs once.<br /><br /><b>In production:</b> paste the <b>Production URL</b> into SATORI (webhook URL, method POST) or into your form\'s action, and publish the workflow. Every submission then starts an execution; find them under <a data-key="executions">Executions</a>.',
				active:
					'<b>While building:</b> click <i>Execute step</i> and send a submission to the <b>Test URL</b> (under <i>Webhook URLs</i> at the top of the middle column; with <i>Options → Serve Test Form on GET</i> it opens a test form in a browser).<br /><br /><b>In production:</b> the workflow is published, so every submission to the <b>Production URL</b> starts an execution; find them under <a data-key="executions">Executions</a>.',
			},
			activationHint: {
				inactive:
					'Paste the <b>Production URL</b> (under <i>Webhook URLs</i> at the top of the middle column) into SATORI\'s webhook URL or your form\'s action, then publish the workflow. To try it now, add <i>Options → Serve Test Form on GET</i>, click <i>Execute step</i> and open the Test URL in a browser.',
				active: 'Published: submissions to the <b>Production URL</b> start this workflow.',
			},
		},
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
			{
				name: 'satoriKeepSubmissionsApi',
				required: true,
				displayOptions: { show: { keepSubmissions: [true] } },
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
	// Publishing (and Execute step) reads the settings once, so a field list or field the trigger
	// cannot read stops the publication with what is wrong, instead of answering 500 to each lead.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const settings = readSettings(this);
				// Test submissions are not kept, so Execute step does not need the n8n API.
				if (settings.keepTable !== undefined && this.getMode() !== 'manual') {
					const problem = await checkKeepTable(this, settings.keepTable);
					if (problem !== undefined) throw new NodeOperationError(this.getNode(), `Keep Submissions Until Sent: ${problem}`);
				}
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
