import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export const CHATWORK_DEFAULT_BASE_URL = 'https://api.chatwork.com/v2';

/** Both Chatwork credentials' Test button: GET /me at the credential's base URL. */
export const GET_ME_TEST: ICredentialTestRequest = {
	request: {
		baseURL: `={{($credentials.baseUrl || "${CHATWORK_DEFAULT_BASE_URL}").replace(/\\/+$/, "")}}`,
		url: '/me',
		method: 'GET',
		// A redirect would carry the token to wherever it points; the Test button reports it instead.
		disableFollowRedirect: true,
	},
};
/** The header Chatwork reads the API token from. */
export const CHATWORK_TOKEN_HEADER = 'X-ChatWorkToken';

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
