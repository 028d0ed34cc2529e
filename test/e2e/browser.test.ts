/**
 * What a new user does first, in headless Chromium: fill the trigger's test form, submit it, and
 * see the message appear on the Chatwork sandbox page. Set SCREENSHOT_DIR to keep screenshots of
 * the sandbox page and of the workflow in the n8n editor (docs/ and the README use them).
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Browser } from 'playwright-core';

import { DEMO_OWNER } from '../../scripts/n8n/harness';
import { DEFAULT_TOKEN } from '../../sandbox';
import { launchChromium } from './support/chromium';
import { useN8nWithChatwork } from './support/useN8nWithChatwork';

const workflow = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'satori-to-chatwork.json'), 'utf8'));
const credential = workflow.nodes.find((node: { credentials?: { chatworkApi?: unknown } }) => node.credentials?.chatworkApi)
	.credentials.chatworkApi as { id: string; name: string };

const e2e = useN8nWithChatwork({
	n8n: (server) => ({
		name: 'browser',
		workflows: [workflow],
		credentials: [{ ...credential, type: 'chatworkApi', data: { apiToken: DEFAULT_TOKEN, baseUrl: server.url } }],
	}),
});
let browser: Browser;

beforeAll(async () => {
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
});

function screenshot(name: string): string | undefined {
	const dir = process.env.SCREENSHOT_DIR;
	if (!dir) return undefined;
	fs.mkdirSync(dir, { recursive: true });
	return path.join(dir, name);
}

describe('the demo in a browser', () => {
	it('turns a filled-in test form into a message on the sandbox page', async () => {
		const sandbox = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		await sandbox.goto(`${e2e.server.origin}/`);

		const form = await browser.newPage();
		await form.goto(e2e.n8n.webhookUrl(workflow.nodes[0].parameters.path));
		await form.fill('[name="company"]', '株式会社ブラウザテスト');
		await form.fill('[name="name"]', '山田 花子');
		await form.fill('[name="email"]', 'hanako@example.co.jp');
		await Promise.all([form.waitForLoadState('load'), form.click('button[type="submit"]')]);
		// The test form's submitter reads a thank-you page, not the JSON other senders get.
		await form.getByText('送信ありがとうございました').waitFor({ timeout: 30_000 });

		// The sandbox page shows it without a reload.
		const message = sandbox.getByText('株式会社ブラウザテストの 山田 花子様の登録がありました', { exact: false });
		await message.waitFor({ timeout: 30_000 });
		await message.scrollIntoViewIfNeeded();
		expect(e2e.server.messages(1001).map((message) => message.body)).toEqual([
			expect.stringContaining('株式会社ブラウザテストの 山田 花子様の登録がありました。'),
		]);
		const file = screenshot('sandbox.png');
		if (file) await sandbox.screenshot({ path: file });
	});

	it('shows the workflow in the n8n editor after signing in with the demo login', async () => {
		const editor = await browser.newPage({ viewport: { width: 1400, height: 800 } });
		await editor.goto(`${e2e.n8n.baseUrl}/signin`);
		await editor.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(DEMO_OWNER.email);
		await editor.locator('input[type="password"]').first().fill(DEMO_OWNER.password);
		await editor.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
		await editor.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
		await editor.goto(`${e2e.n8n.baseUrl}/workflow/${workflow.id}`);
		await editor.getByText('SATORI Webhook Trigger').first().waitFor({ timeout: 60_000 });
		await editor.getByText('Chatwork', { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
		const file = screenshot('n8n-workflow.png');
		// The canvas fades its nodes in; a picture taken at once shows them half drawn.
		if (file) await editor.waitForTimeout(3_000).then(() => editor.screenshot({ path: file }));
	});
});
