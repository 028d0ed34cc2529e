import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { GET_ME_TEST } from '../nodes/shared/chatwork/credentialTest';
import { CHATWORK_SCOPES, DEFAULT_SCOPES } from '../nodes/shared/chatwork/oauthScopes';

export const CHATWORK_AUTHORIZE_URL = 'https://www.chatwork.com/packages/oauth2/login.php';
export const CHATWORK_TOKEN_URL = 'https://oauth.chatwork.com/token';

/**
 * Sign in with Chatwork: authorization code with PKCE (S256) and HTTP Basic client authentication.
 * n8n runs the consent flow, stores the tokens and refreshes the access token when Chatwork answers 401.
 */
export class ChatworkOAuth2Api implements ICredentialType {
	name = 'chatworkOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Chatwork OAuth2 API';

	icon: Icon = { light: 'file:chatwork.svg', dark: 'file:chatwork.dark.svg' };

	documentationUrl = 'https://developer.chatwork.com/docs/oauth';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		// n8n sends a S256 code challenge with the authorization-code grant when this is on.
		{ displayName: 'Use PKCE', name: 'usePkce', type: 'hidden', default: true },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://www.chatwork.com/packages/oauth2/login.php',
			required: true,
			description: 'Leave as it is for Chatwork itself. Change it only for a local sandbox.',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: 'https://oauth.chatwork.com/token',
			required: true,
			description: 'Leave as it is for Chatwork itself. Change it only for a local sandbox.',
		},
		{
			displayName: 'Scopes',
			name: 'scopes',
			type: 'multiOptions',
			options: CHATWORK_SCOPES.map((scope) => ({ name: scope.value, value: scope.value, description: scope.description })).sort((a, b) =>
				a.name.localeCompare(b.name),
			),
			default: [],
			description: `What n8n may do in Chatwork. Empty: ${DEFAULT_SCOPES.join(', ')} (the lead flow, and staying connected). Keep offline_access, or the connection ends after 14 days. Reconnect after a change.`,
		},
		// n8n reads the space-separated `scope`; the editor does not store an untouched multi-select.
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: `={{ $self["scopes"] && $self["scopes"].length ? [].concat($self["scopes"]).join(" ") : "${DEFAULT_SCOPES.join(' ')}" }}`,
		},
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.chatwork.com/v2',
			description: 'Leave as it is for Chatwork itself. Change it only to point at a proxy or a local sandbox.',
		},
	];

	test: ICredentialTestRequest = GET_ME_TEST;
}
