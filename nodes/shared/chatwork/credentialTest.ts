import type { ICredentialTestRequest } from 'n8n-workflow';

import { CHATWORK_DEFAULT_BASE_URL } from './constants';
import { REFUSE_REDIRECTS } from './request';

/**
 * Both Chatwork credentials' Test button: GET /me at the credential's base URL. n8n runs it through
 * httpRequestWithAuthentication, which passes `disableFollowRedirect` on to its HTTP client, so a
 * redirect is reported by the Test button instead of carrying the token to wherever it points.
 */
export const GET_ME_TEST: ICredentialTestRequest = {
	request: {
		baseURL: `={{($credentials.baseUrl || "${CHATWORK_DEFAULT_BASE_URL}").replace(/\\/+$/, "")}}`,
		url: '/me',
		method: 'GET',
		...REFUSE_REDIRECTS,
	},
};
