/**
 * Sign in with Chatwork in a real n8n 2.40.7 and headless Chromium: the credential is created in
 * n8n's editor, connected on the look-alike's consent page, and the lead flow then runs with OAuth2.
 * n8n does the OAuth2 work (PKCE, token exchange, refresh on 401, storing the new token); the node
 * sends through it. Account 101 has no API token, so every request it makes is an OAuth2 Bearer one.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { DEMO_OWNER } from '../../scripts/n8n/harness';
import { launchChromium } from './support/chromium';
import { useN8nWithChatwork } from './support/useN8nWithChatwork';

const CLIENT = { clientId: 'n8n-e2e-oauth-client', clientSecret: 'e2e-oauth-client-secret-4b7d1f9a' };
const ROOM = 1001;
const WEBHOOK_PATH = 'lead-oauth2';
const example = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'satori-to-chatwork.json'), 'utf8'));

const e2e = useN8nWithChatwork({
	chatwork: {
		accounts: [{ account_id: 101, name: 'Lead Bot' }],
		rooms: [{ room_id: ROOM, name: '営業チーム' }],
		oauth2: { clients: [{ ...CLIENT, name: 'n8n (e2e)' }], accountId: 101 },
	},
	n8n: () => ({ name: 'oauth2' }),
	// The last test searches the database for the tokens after stop().
	keepUserFolder: true,
});
let browser: Browser;
let workflowId: string;

beforeAll(async () => {
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
});

async function signIn(page: Page) {
	await page.goto(`${e2e.n8n.baseUrl}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(DEMO_OWNER.email);
	await page.locator('input[type="password"]').first().fill(DEMO_OWNER.password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
}

/** The example workflow with OAuth2 as the Chatwork node's authentication. */
function oauth2Workflow(credential: { id: string; name: string }) {
	const workflow = JSON.parse(JSON.stringify(example));
	workflow.name = 'Lead flow (OAuth2)';
	for (const node of workflow.nodes) {
		if (node.type.endsWith('.satoriWebhookTrigger')) {
			node.parameters.path = WEBHOOK_PATH;
			node.webhookId = 'lead-oauth2-hook';
		}
		if (node.type.endsWith('.chatwork')) {
			node.parameters.authentication = 'oAuth2';
			node.credentials = { chatworkOAuth2Api: credential };
		}
	}
	return workflow;
}

async function latestExecutionId(): Promise<string | undefined> {
	const executions = await e2e.n8n.listExecutions({ limit: 100 });
	return executions.map((execution) => execution.id).sort((a, b) => Number(b) - Number(a))[0];
}

/** Submits leads and returns the Chatwork node's outputs of their executions. */
async function submitLeads(companies: string[]) {
	const since = await latestExecutionId();
	const responses = await Promise.all(
		companies.map((company) =>
			fetch(e2e.n8n.webhookUrl(WEBHOOK_PATH), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ company, name: '山田 太郎', email: 'taro@example.co.jp' }),
			}),
		),
	);
	expect(responses.map((response) => response.status)).toEqual(companies.map(() => 200));
	const executions = await e2e.n8n.waitForExecutions({ workflowId, since, count: companies.length, timeoutMs: 120_000 });
	return executions.map((execution) => {
		const [success = [], error = []] = e2e.n8n.nodeOutput(execution, 'Chatwork') ?? [];
		return { success, error };
	});
}

function tokenEvents() {
	return e2e.server.oauth2.events().filter((event) => event.type === 'token');
}

describe('Sign in with Chatwork in a real n8n', () => {
	it('creates the credential in the editor, connects it on the consent page, and shows it connected', async () => {
		const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		await signIn(page);
		await page.goto(`${e2e.n8n.baseUrl}/home/credentials/create`);
		const search = page.getByPlaceholder('Search for app...');
		await search.waitFor({ timeout: 60_000 });
		await search.fill('Chatwork OAuth2');
		await page.getByText('Chatwork OAuth2 API', { exact: true }).first().click();
		await page.getByRole('button', { name: /Continue/i }).click();

		const field = (name: string) => page.locator(`[data-test-id="parameter-input-${name}"] input`).first();
		await field('authUrl').waitFor({ timeout: 60_000 });
		// n8n shows the redirect URL to register in Chatwork.
		await page.getByText('/rest/oauth2-credential/callback').first().waitFor({ state: 'visible', timeout: 60_000 });
		await field('authUrl').fill(e2e.server.oauth2.authorizeUrl);
		await field('accessTokenUrl').fill(e2e.server.oauth2.tokenUrl);
		await field('clientId').fill(CLIENT.clientId);
		await field('clientSecret').fill(CLIENT.clientSecret);
		await field('baseUrl').fill(e2e.server.url);
		// Connect saves an unsaved credential itself: clicking it while Save is still on its way
		// creates a second credential, so the test waits for n8n to answer the Save.
		const saved = page.waitForResponse(
			(response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/rest/credentials',
			{ timeout: 60_000 },
		);
		await page.getByRole('button', { name: 'Save' }).click();
		expect((await saved).ok()).toBe(true);

		const connect = page.getByRole('button', { name: /^Connect/ }).first();
		await connect.waitFor({ timeout: 60_000 });
		const [consent] = await Promise.all([page.waitForEvent('popup', { timeout: 60_000 }), connect.click()]);
		await consent.locator('#allow').waitFor({ timeout: 60_000 });
		const scopes = await consent.locator('#scopes').innerText();
		expect(scopes.split('\n').map((line) => line.trim()).filter(Boolean).sort()).toEqual(
			['offline_access', 'rooms.info:read', 'rooms.messages:write', 'users.profile.me:read'],
		);
		await consent.locator('#allow').click();
		await page.locator('[data-test-id="oauth-connect-success-banner"]').waitFor({ state: 'visible', timeout: 60_000 });

		expect(e2e.server.oauth2.events().find((event) => event.type === 'authorize')).toMatchObject({ pkce: true, ok: true });
		expect(tokenEvents()).toEqual([{ type: 'token', grantType: 'authorization_code', clientAuth: 'basic', pkce: true, status: 200 }]);
		expect(e2e.server.oauth2.grants()).toMatchObject([{ accountId: 101, revoked: false }]);

		const credentials = (await e2e.n8n.api('GET', '/credentials')) as Array<{ id: string; name: string; type: string }>;
		const connected = credentials.filter((entry) => entry.type === 'chatworkOAuth2Api');
		expect(connected).toHaveLength(1);
		const [credential] = connected;
		workflowId = await e2e.n8n.addWorkflow(oauth2Workflow({ id: credential!.id, name: credential!.name }));
		await page.close();
	});

	it('posts a lead with the OAuth2 access token', async () => {
		e2e.server.reset();
		const [run] = await submitLeads(['株式会社オース']);
		expect(run.error).toEqual([]);
		expect(run.success).toEqual([expect.objectContaining({ status: 'success', code: 200, roomId: ROOM })]);
		expect(e2e.server.messages(ROOM).map((message) => message.body)).toEqual([expect.stringContaining('株式会社オースの 山田 太郎様')]);
		const post = e2e.server.requests.find((entry) => entry.method === 'POST');
		expect(post).toMatchObject({ accountId: 101, status: 200 });
		expect(post!.headers).not.toHaveProperty('x-chatworktoken');
	});

	it('refreshes an expired access token on the next run, stores it, and posts exactly one message per lead', async () => {
		e2e.server.reset();
		e2e.server.oauth2.clearEvents();
		e2e.server.oauth2.expireAccessTokens();
		const runs = await submitLeads(['期限切れ一社', '期限切れ二社', '期限切れ三社']);
		for (const run of runs) expect(run).toEqual({ success: [expect.objectContaining({ status: 'success' })], error: [] });
		const bodies = e2e.server.messages(ROOM).map((message) => message.body);
		for (const company of ['期限切れ一社', '期限切れ二社', '期限切れ三社']) {
			expect(bodies.filter((body) => body.includes(`${company}の`))).toHaveLength(1);
		}
		const refreshes = tokenEvents().filter((event) => event.type === 'token' && event.grantType === 'refresh_token');
		expect(refreshes.length).toBeGreaterThanOrEqual(1);
		expect(refreshes.every((event) => event.type === 'token' && event.status === 200 && event.clientAuth === 'basic')).toBe(true);

		// n8n stored the new token: the next run uses it without refreshing again.
		e2e.server.oauth2.clearEvents();
		const [next] = await submitLeads(['次の一社']);
		expect(next.success).toHaveLength(1);
		expect(tokenEvents()).toEqual([]);
	});

	it('turns a revoked refresh token into an Error item saying to renew the connection, and posts nothing', async () => {
		e2e.server.reset();
		e2e.server.oauth2.revoke();
		const [run] = await submitLeads(['取り消し株式会社']);
		expect(run.success).toEqual([]);
		expect(run.error).toHaveLength(1);
		expect(run.error[0]).toMatchObject({ status: 'error', error: { retryable: false } });
		expect(run.error[0].error.message).toContain('must be renewed');
		expect(run.error[0].error.message).toContain('click "Switch account"');
		expect(e2e.server.messages(ROOM)).toEqual([]);
		expect(e2e.server.requests.filter((entry) => entry.method === 'POST').length).toBeLessThanOrEqual(1);
	});

	it('posts again once the connection is renewed with Switch account on the consent page', async () => {
		const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		await signIn(page);
		await page.goto(`${e2e.n8n.baseUrl}/home/credentials`);
		await page.getByText('Chatwork account').first().click();
		const renew = page.locator('[data-test-id="oauth-switch-account-button"]');
		await renew.waitFor({ timeout: 60_000 });
		const [consent] = await Promise.all([page.waitForEvent('popup', { timeout: 60_000 }), renew.click()]);
		await consent.locator('#allow').click();
		await page.locator('[data-test-id="oauth-connect-success-banner"]').waitFor({ state: 'visible', timeout: 60_000 });
		await page.close();

		e2e.server.reset();
		const [run] = await submitLeads(['再接続株式会社']);
		expect(run).toEqual({ success: [expect.objectContaining({ status: 'success' })], error: [] });
		expect(e2e.server.messages(ROOM)).toHaveLength(1);
		expect(e2e.server.oauth2.grants().filter((grant) => !grant.revoked)).toHaveLength(1);
	});

	it('leaves no access token, refresh token or client secret in any output item, n8n\'s database or its log', async () => {
		const secrets = [...e2e.server.oauth2.secrets(), CLIENT.clientSecret];
		// The code, the first and the refreshed access tokens, the refresh token, the client secret.
		expect(secrets.length).toBeGreaterThanOrEqual(5);
		const executions = await e2e.n8n.listExecutions({ workflowId, limit: 100 });
		const outputs = JSON.stringify(await Promise.all(executions.map((execution) => e2e.n8n.getExecution(execution.id))));
		await e2e.n8n.stop();
		const files = [e2e.n8n.dbPath, `${e2e.n8n.dbPath}-wal`, e2e.n8n.logPath].filter((file) => fs.existsSync(file));
		expect(files).toContain(e2e.n8n.dbPath);
		for (const secret of secrets) {
			expect({ where: 'outputs', found: outputs.includes(secret) }).toEqual({ where: 'outputs', found: false });
			for (const file of files) {
				expect({ file, found: fs.readFileSync(file).includes(secret) }).toEqual({ file, found: false });
			}
		}
	});
});
