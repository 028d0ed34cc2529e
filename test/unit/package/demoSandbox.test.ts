/**
 * `npm start`'s sandbox: the OAuth client it prints lets a Chatwork OAuth2 API credential connect,
 * so the README's Sign in with Chatwork steps work on the demo.
 */
import type { ChatworkServer } from '../../../sandbox';
import { connectOAuth2 } from '../support/oauth2';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { oauthCredentialFields, startDemoSandbox } = require('../../../scripts/demoSandbox') as {
	startDemoSandbox: (port: number) => Promise<{ sandbox: ChatworkServer; oauthClient: { clientId: string; clientSecret: string } }>;
	oauthCredentialFields: (sandbox: ChatworkServer, client: { clientId: string; clientSecret: string }) => Record<string, string>;
};

let demo: Awaited<ReturnType<typeof startDemoSandbox>>;

beforeAll(async () => {
	demo = await startDemoSandbox(0);
});
afterAll(async () => demo.sandbox.close());

describe('the demo sandbox', () => {
	it('registers the OAuth client it prints, so signing in gets a token that posts', async () => {
		const fields = oauthCredentialFields(demo.sandbox, demo.oauthClient);
		const tokens = await connectOAuth2(
			demo.sandbox,
			{ clientId: fields['Client ID'], clientSecret: fields['Client Secret'] },
			['rooms.messages:write', 'offline_access'],
		);
		const posted = await fetch(`${fields['Base URL']}/rooms/1001/messages`, {
			method: 'POST',
			headers: { authorization: `Bearer ${tokens.access_token}` },
			body: new URLSearchParams({ body: 'OAuth2 from the demo' }),
		});
		expect(posted.status).toBe(200);
	});

	it('prints the URLs a credential needs, all on the sandbox', () => {
		const fields = oauthCredentialFields(demo.sandbox, demo.oauthClient);
		expect(Object.keys(fields)).toEqual(['Client ID', 'Client Secret', 'Authorization URL', 'Access Token URL', 'Base URL']);
		for (const url of [fields['Authorization URL'], fields['Access Token URL'], fields['Base URL']]) {
			expect(url.startsWith(demo.sandbox.origin)).toBe(true);
		}
	});

	it('gives each start its own client secret', async () => {
		const other = await startDemoSandbox(0);
		try {
			expect(other.oauthClient.clientSecret).not.toBe(demo.oauthClient.clientSecret);
		} finally {
			await other.sandbox.close();
		}
	});
});
