import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { CHATWORK_TOKEN_HEADER } from '../nodes/shared/chatwork/constants';
import { GET_ME_TEST } from '../nodes/shared/chatwork/credentialTest';

/** Where a Chatwork API token is copied from, in Chatwork's English and Japanese UI. */
export const API_TOKEN_SOURCE =
	'Chatwork → your name (top right) → Service integration → API Token (右上の名前 → サービス連携 → API トークン)';

/** What n8n says when Chatwork refuses the token on Save, instead of its bare "Unauthorized". */
export const REFUSED_TOKEN_MESSAGE = `Chatwork refused this API token (401 Invalid API token). Copy the current token from ${API_TOKEN_SOURCE} and paste it again.`;

export class ChatworkApi implements ICredentialType {
	name = 'chatworkApi';

	displayName = 'Chatwork API';

	icon: Icon = { light: 'file:chatwork.svg', dark: 'file:chatwork.dark.svg' };

	documentationUrl = 'https://developer.chatwork.com/docs/endpoints';

	properties: INodeProperties[] = [
		{
			displayName: `Where to get the token: ${API_TOKEN_SOURCE}. On an organisation plan an administrator must allow API use first.`,
			name: 'whereToFindIt',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Chatwork → your name (top right) → Service integration → API Token. Chatwork: 右上の名前 → サービス連携 → API Token。',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.chatwork.com/v2',
			description:
				'Leave as it is for Chatwork itself. Change it only to point at a proxy or a local sandbox.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				[CHATWORK_TOKEN_HEADER]: '={{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		...GET_ME_TEST,
		rules: [{ type: 'responseCode', properties: { value: 401, message: REFUSED_TOKEN_MESSAGE } }],
	};
}
