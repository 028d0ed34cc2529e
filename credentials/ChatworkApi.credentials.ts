import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { CHATWORK_TOKEN_HEADER } from '../nodes/shared/chatwork/constants';
import { GET_ME_TEST } from '../nodes/shared/chatwork/credentialTest';

export class ChatworkApi implements ICredentialType {
	name = 'chatworkApi';

	displayName = 'Chatwork API';

	icon: Icon = { light: 'file:chatwork.svg', dark: 'file:chatwork.dark.svg' };

	documentationUrl = 'https://developer.chatwork.com/docs/endpoints';

	properties: INodeProperties[] = [
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

	test: ICredentialTestRequest = GET_ME_TEST;
}
