/**
 * What a newcomer sees of the credentials: where each token comes from (a notice, not a tooltip),
 * which of the Chatwork Trigger's two pickers is which, and what a refused API token means.
 */
import type { INodeProperties } from 'n8n-workflow';

import { API_TOKEN_SOURCE, ChatworkApi, REFUSED_TOKEN_MESSAGE } from '../../../credentials/ChatworkApi.credentials';
import { ChatworkOAuth2Api } from '../../../credentials/ChatworkOAuth2Api.credentials';
import { ChatworkWebhookApi } from '../../../credentials/ChatworkWebhookApi.credentials';
import { ChatworkTrigger } from '../../../nodes/ChatworkTrigger/ChatworkTrigger.node';
import { useChatworkServer } from '../support/chatworkServer';

const TOKEN = 'credential-help-token-5e1d';
const chatwork = useChatworkServer({ accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }], timeScale: Infinity });

/** The first visible property: a notice is only seen if it is shown without conditions, above the field. */
function firstProperty(properties: INodeProperties[]): INodeProperties {
	return properties[0];
}

/** GET /me as n8n's credential tester sends it on Save, with this token. */
async function testOnSave(token: string): Promise<{ status: number; message: string | undefined }> {
	const answer = await fetch(`${chatwork().url}/me`, { headers: { 'X-ChatWorkToken': token }, redirect: 'manual' });
	const rules = new ChatworkApi().test.rules ?? [];
	const rule = rules.find((candidate) => candidate.type === 'responseCode' && candidate.properties.value === answer.status);
	return { status: answer.status, message: rule?.properties.message };
}

describe('where each token comes from', () => {
	it('the API credential opens with a notice naming Service integration → API Token', () => {
		const notice = firstProperty(new ChatworkApi().properties);
		expect(notice.type).toBe('notice');
		expect(notice.displayOptions).toBeUndefined();
		expect(notice.displayName).toContain('Service integration → API Token');
		expect(notice.displayName).toContain('サービス連携');
	});

	it('the webhook credential opens with a notice naming the webhook\'s own token', () => {
		const notice = firstProperty(new ChatworkWebhookApi().properties);
		expect(notice.type).toBe('notice');
		expect(notice.displayOptions).toBeUndefined();
		expect(notice.displayName).toContain('Service integration → Webhook');
		expect(notice.displayName).toContain('not your API token');
	});
});

describe('a refused API token', () => {
	it('is reported as refused, with where to copy a new one, when Chatwork answers 401', async () => {
		const result = await testOnSave('not-the-token');
		expect(result.status).toBe(401);
		expect(result.message).toBe(REFUSED_TOKEN_MESSAGE);
		expect(result.message).toContain('refused');
		expect(result.message).toContain(API_TOKEN_SOURCE);
	});

	it('leaves a working token to n8n\'s "Connection tested successfully"', async () => {
		const result = await testOnSave(TOKEN);
		expect(result).toEqual({ status: 200, message: undefined });
	});

	it('never puts the token itself in the message', async () => {
		expect(REFUSED_TOKEN_MESSAGE).not.toContain(TOKEN);
	});

	it('keeps the OAuth2 credential\'s test free of API-token wording (n8n renews its 401s)', () => {
		expect(new ChatworkOAuth2Api().test.rules).toBeUndefined();
	});
});

describe("the Chatwork Trigger's two credential pickers", () => {
	const credentials = new ChatworkTrigger().description.credentials ?? [];

	it('label the webhook token and the loop guard\'s API token differently', () => {
		const labels = Object.fromEntries(credentials.map((credential) => [credential.name, credential.displayName]));
		expect(labels.chatworkWebhookApi).toMatch(/^Webhook Token/);
		expect(labels.chatworkApi).toMatch(/^API Token/);
		expect(new Set(Object.values(labels)).size).toBe(2);
	});

	it('keep the credential names saved workflows refer to', () => {
		expect(credentials.map((credential) => credential.name)).toEqual(['chatworkWebhookApi', 'chatworkApi']);
	});
});
