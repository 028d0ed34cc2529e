import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The token Chatwork shows for one outgoing webhook. It signs what Chatwork sends and
 * authenticates nobody to Chatwork's API, so it has no `authenticate`; the Chatwork Trigger
 * tests it (testedBy) and uses it to verify `X-ChatWorkWebhookSignature`.
 */
export class ChatworkWebhookApi implements ICredentialType {
	name = 'chatworkWebhookApi';

	displayName = 'Chatwork Webhook API';

	icon: Icon = { light: 'file:chatworkWebhook.svg', dark: 'file:chatworkWebhook.dark.svg' };

	documentationUrl = 'https://github.com/satori-chatwork/n8n-nodes-satori-chatwork#chatwork-webhook-api';

	properties: INodeProperties[] = [
		{
			displayName:
				'Where to get the token: Chatwork → your name (top right) → Service integration → Webhook → the webhook → Token (右上の名前 → サービス連携 → Webhook → トークン). This is not your API token: each webhook has its own.',
			name: 'whereToFindIt',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Webhook Token',
			name: 'webhookToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. iY/hmitgwCBlc5DnjAZ8pyRG1HF0zFflfmKmtCDg1wk=',
			description:
				'Chatwork → your name (top right) → Service integration → Webhook → the webhook → Token (44 characters). Chatwork: 右上の名前 → サービス連携 → Webhook → 対象の Webhook → トークン。',
		},
	];
}
