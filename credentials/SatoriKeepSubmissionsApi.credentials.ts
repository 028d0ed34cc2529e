import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * n8n's own public API, for the SATORI Webhook Trigger's Keep Submissions Until Sent: the trigger
 * stores each submission in a Data Table through it before answering the sender. Neither the key
 * nor anything else follows a redirect (test below; the trigger's calls in 6-keep/keepSubmission.ts).
 */
export class SatoriKeepSubmissionsApi implements ICredentialType {
	name = 'satoriKeepSubmissionsApi';

	displayName = 'SATORI Keep Submissions API';

	icon: Icon = { light: 'file:satoriWebhookAuth.svg', dark: 'file:satoriWebhookAuth.dark.svg' };

	documentationUrl = 'https://github.com/satori-chatwork/n8n-nodes-satori-chatwork#satori-keep-submissions-api';

	properties: INodeProperties[] = [
		{
			displayName:
				'An API key of this n8n: Settings → n8n API → Create an API key. Where n8n offers scopes, the key needs only dataTable:list and dataTableRow:create.',
			name: 'whereToFindIt',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The n8n API key the trigger stores submissions with',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678/api/v1',
			description:
				'The public API of the n8n main process, as the process that receives webhooks reaches it (in queue mode: the main instance, not a webhook processor)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-N8N-API-KEY': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.baseUrl || "http://localhost:5678/api/v1").replace(/\\/+$/, "")}}',
			url: '/data-tables',
			qs: { limit: 1 },
			method: 'GET',
			disableFollowRedirect: true,
		},
	};
}
