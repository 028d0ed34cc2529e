import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What the SATORI Webhook Trigger checks on every incoming request. It authenticates nobody
 * to a remote API, so it has no `authenticate`; the trigger node tests it (testedBy).
 */
export class SatoriWebhookAuthApi implements ICredentialType {
	name = 'satoriWebhookAuthApi';

	displayName = 'SATORI Webhook Auth API';

	icon: Icon = { light: 'file:satoriWebhookAuth.svg', dark: 'file:satoriWebhookAuth.dark.svg' };

	documentationUrl = 'https://github.com/satori-chatwork/n8n-nodes-satori-chatwork#satori-webhook-auth-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			options: [
				{
					name: 'Shared Secret Header',
					value: 'header',
					description: 'The sender puts a secret in a header (SATORI: the webhook\'s "Header" JSON)',
				},
				{ name: 'Basic Auth', value: 'basic', description: 'User and password in the Authorization header' },
				{
					name: 'HMAC-SHA256 Signature',
					value: 'hmac',
					description: 'The sender signs the exact body bytes with a shared secret',
				},
			],
			default: 'header',
			description: 'How the sender proves it may post to the webhook',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Webhook-Secret',
			description: 'The header that carries the secret (SATORI: the key in the webhook\'s Header JSON)',
			displayOptions: { show: { method: ['header'] } },
		},
		{
			displayName: 'Secret',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'At least 8 characters; a long random value is best',
			displayOptions: { show: { method: ['header'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'The user name the sender puts in Basic auth',
			displayOptions: { show: { method: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password the sender puts in Basic auth',
			required: true,
			displayOptions: { show: { method: ['basic'] } },
		},
		{
			displayName: 'Signature Header',
			name: 'signatureHeader',
			type: 'string',
			default: 'X-Signature-256',
			description: 'The header that carries the signature, e.g. X-Hub-Signature-256 or Typeform-Signature',
			displayOptions: { show: { method: ['hmac'] } },
		},
		{
			displayName: 'Signature Prefix',
			name: 'signaturePrefix',
			type: 'string',
			default: 'sha256=',
			description: 'Text before the signature in the header; empty when the header holds the signature alone',
			displayOptions: { show: { method: ['hmac'] } },
		},
		{
			displayName: 'Signature Encoding',
			name: 'signatureEncoding',
			type: 'options',
			options: [
				{ name: 'Hex', value: 'hex' },
				{ name: 'Base64', value: 'base64' },
			],
			default: 'hex',
			description: 'How the signature bytes are written in the header',
			displayOptions: { show: { method: ['hmac'] } },
		},
		{
			displayName: 'Signing Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'At least 16 characters, shared with the sender',
			displayOptions: { show: { method: ['hmac'] } },
		},
	];
}
