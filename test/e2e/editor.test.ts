/**
 * The editor as a new user meets it, in a real n8n and headless Chromium: SATORI's template pasted
 * into the Message, an input field dragged in, a misspelt variable typed, a form submission run
 * through the published workflow; the nodes panel search; the trigger panel; and every combination
 * of n8n's Settings → On Error with Delivery → If an Item Fails. Set SCREENSHOT_DIR to keep the
 * screenshots in docs/images.
 */
import fs from 'node:fs';
import path from 'node:path';

import { selectors, type Browser, type Page } from 'playwright-core';

import { DEMO_OWNER } from '../../scripts/n8n/harness';
import { DEFAULT_TOKEN } from '../../sandbox';
import { launchChromium } from './support/chromium';
import { useN8nWithChatwork } from './support/useN8nWithChatwork';
import { SEED_TEMPLATE } from '../fixtures/seed';

const ROOM = 1001;
const credential = { id: 'EditorCwCred0001', name: 'Chatwork sandbox' };

const trigger = (pathName: string, parameters: Record<string, unknown> = {}) => ({
	id: `trigger-${pathName}`,
	name: 'SATORI Webhook Trigger',
	type: 'n8n-nodes-satori-chatwork.satoriWebhookTrigger',
	typeVersion: 2,
	position: [0, 0],
	webhookId: `webhook-${pathName}`,
	parameters: { path: pathName, ...parameters },
});
const chatwork = (parameters: Record<string, unknown>, settings: Record<string, unknown> = {}) => ({
	id: 'chatwork-node',
	name: 'Chatwork',
	type: 'n8n-nodes-satori-chatwork.chatwork',
	typeVersion: 1,
	position: [300, 0],
	credentials: { chatworkApi: credential },
	parameters: { resource: 'message', operation: 'send', roomId: { __rl: true, mode: 'id', value: String(ROOM) }, ...parameters },
	...settings,
});
const connect = { 'SATORI Webhook Trigger': { main: [[{ node: 'Chatwork', type: 'main', index: 0 }]] } };

const editorWorkflow = {
	id: 'EditorLeadFlow01',
	name: 'Editor lead',
	nodes: [
		trigger('editor-lead', {
			fields: {
				field: [
					{ key: 'company', label: '会社名', type: 'text', required: true, maxLength: 200 },
					{ key: 'name', label: '氏名', type: 'text', required: true },
					{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
				],
			},
			options: { testFormPage: true, customerDetailUrlTemplate: 'https://app.satori.marketing/customers?email={{email}}' },
		}),
		chatwork({ text: 'x' }),
	],
	connections: connect,
	pinData: {
		'SATORI Webhook Trigger': [
			{
				json: {
					submissionId: 'pinned-1',
					company: '株式会社ピン留め',
					name: '山田 花子',
					email: 'hanako@example.co.jp',
					customer_detail_url: 'https://app.satori.marketing/customers?email=hanako%40example.co.jp',
				},
			},
		],
	},
	settings: {},
};

/** n8n's Settings → On Error × our Delivery → If an Item Fails × what fails. */
const combinations = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'].flatMap((n8nOnError) =>
	[
		{ failure: 'item', delivery: 'output' },
		{ failure: 'item', delivery: 'stop' },
		{ failure: 'node', delivery: 'output' },
	].map(({ failure, delivery }) => ({ n8nOnError, failure, delivery, path: `combo-${n8nOnError}-${failure}-${delivery}` })),
);
const comboWorkflows = combinations.map((combo, index) => ({
	id: `EditorCombo${String(index).padStart(5, '0')}`,
	name: combo.path,
	nodes: [
		trigger(combo.path),
		// An item without company renders an empty message (an item failure); an unclosed block cannot compile (the node fails).
		chatwork({ text: combo.failure === 'item' ? '{{company}}' : '{{#if company}}', delivery: { onError: combo.delivery } }, { onError: combo.n8nOnError }),
	],
	connections: connect,
	settings: {},
}));

/** The seed example's six fields, declared as a list (Define Fields → As a List). */
const SIX_FIELDS = ['company | 会社名 | required | 200', 'name | 氏名 | required | 100', 'email | メールアドレス | email | required', 'phone | 電話番号 | phone', 'memo | お問い合わせ内容 | 2000', 'attachment | 資料 | file'];
const fieldListWorkflow = {
	id: 'EditorFieldList1',
	name: 'Editor field list',
	nodes: [trigger('editor-field-list', { fieldsInput: 'list', fieldList: SIX_FIELDS.join('\n') })],
	connections: {},
	settings: {},
};

/** A Chatwork Trigger as a newcomer adds it: default events, the loop guard on, no credential chosen yet. */
const chatworkTriggerWorkflow = {
	id: 'EditorCwTrigger1',
	name: 'Editor Chatwork Trigger',
	nodes: [
		{
			id: 'chatwork-trigger-node',
			name: 'Chatwork Trigger',
			type: 'n8n-nodes-satori-chatwork.chatworkTrigger',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'webhook-editor-chatwork-events',
			parameters: { path: 'editor-chatwork-events' },
		},
	],
	connections: {},
	settings: {},
};

const e2e = useN8nWithChatwork({
	n8n: (server) => ({
		name: 'editor',
		workflows: [editorWorkflow, chatworkTriggerWorkflow, fieldListWorkflow, ...comboWorkflows],
		// The Chatwork Trigger stays unpublished: a newcomer has not chosen its credentials yet.
		publish: [editorWorkflow, ...comboWorkflows].map((workflow) => workflow.id),
		credentials: [{ ...credential, type: 'chatworkApi', data: { apiToken: DEFAULT_TOKEN, baseUrl: server.url } }],
	}),
});
let browser: Browser;
let page: Page;

function screenshot(name: string): string | undefined {
	const dir = process.env.SCREENSHOT_DIR;
	if (!dir) return undefined;
	fs.mkdirSync(dir, { recursive: true });
	return path.join(dir, name);
}

async function closeNode() {
	const close = page.getByTestId('ndv-close-button');
	if (await close.isVisible()) await close.click();
}

async function openNode(name: string) {
	await closeNode();
	await page.locator('[data-test-id="canvas-node"]').filter({ hasText: name }).first().dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.getByTestId('node-execute-button').first().waitFor({ timeout: 60_000 });
	return ndv;
}

beforeAll(async () => {
	selectors.setTestIdAttribute('data-test-id');
	browser = await launchChromium();
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
	page = await context.newPage();
	await page.goto(`${e2e.n8n.baseUrl}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(DEMO_OWNER.email);
	await page.locator('input[type="password"]').first().fill(DEMO_OWNER.password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
	await page.goto(`${e2e.n8n.baseUrl}/workflow/${editorWorkflow.id}`);
	await page.getByText('SATORI Webhook Trigger').first().waitFor({ timeout: 60_000 });
}, 45 * 60_000);

afterAll(async () => {
	await browser?.close();
});

describe('the Message field in the n8n editor', () => {
	it('renders a pasted template with a dragged-in field, lists a misspelt variable, and carries a form submission into Chatwork', async () => {
		const ndv = await openNode('Chatwork');
		const message = ndv.getByTestId('parameter-input-text');
		await message.getByTestId('parameter-input-field').fill('');
		// Runs in the page: the browser's clipboard, so Control+V pastes as a user's paste does.
		await page.evaluate('navigator.clipboard.writeText(' + JSON.stringify(SEED_TEMPLATE) + ')');
		await message.getByTestId('parameter-input-field').focus();
		await page.keyboard.press('Control+V');
		// n8n switches a pasted {{…}} to Expression mode: the case that used to post blanks.
		const expression = message.locator('.cm-content');
		await expression.waitFor();

		await ndv.getByTestId('run-data-schema-item').filter({ hasText: 'email' }).first().locator('span').first().hover();
		await page.mouse.down();
		const box = (await message.boundingBox())!;
		await page.mouse.move(box.x + 40, box.y + 20, { steps: 10 });
		await page.mouse.move(box.x + box.width - 20, box.y + box.height - 10, { steps: 10 });
		await page.mouse.up();
		// The drop lands after the mouse is up: wait for the editor to show it rather than read it once.
		await expression.filter({ hasText: '{{ $json.email }}' }).waitFor({ timeout: 15_000 });
		await expression.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.insertText(' {{compnay}}');
		// The editor hands a field's text to the workflow after a pause in typing: leave the field and let it.
		await ndv.getByTestId('parameter-input-roomId').first().click({ position: { x: 2, y: 2 } }).catch(() => undefined);
		await page.waitForTimeout(1500);

		await ndv.getByTestId('node-execute-button').first().click();
		const output = ndv.getByTestId('output-panel');
		await output.getByText('emptyVariables').first().waitFor({ timeout: 60_000 }).catch(async () => {
			await output.getByTestId('radio-button-json').click();
			await output.getByText('emptyVariables').first().waitFor({ timeout: 30_000 });
		});
		await output.getByTestId('radio-button-json').click();
		expect(e2e.server.messages(ROOM).map((posted) => posted.body)).toEqual([
			'●●セミナーのお申込みフォームから株式会社ピン留めの 山田 花子様の登録がありました。SATORIのカスタマー詳細ページはhttps://app.satori.marketing/customers?email=hanako%40example.co.jpです。hanako@example.co.jp ',
		]);
		// The JSON view renders only some lines; the item's emptyVariables are checked in the execution data below.
		await output.getByText('emptyVariables').first().waitFor({ timeout: 15_000 });
		const file = screenshot('editor-message.png');
		if (file) await page.screenshot({ path: file });

		await closeNode();
		await page.keyboard.press('Control+s');
		let saved: { versionId: string; nodes: Array<{ name: string; parameters: { text?: string } }> };
		for (;;) {
			saved = await e2e.n8n.api('GET', `/workflows/${editorWorkflow.id}`);
			if (saved.nodes.find((node) => node.name === 'Chatwork')?.parameters.text?.includes('compnay')) break;
			await page.waitForTimeout(250);
		}
		expect(saved.nodes.find((node) => node.name === 'Chatwork')?.parameters.text).toMatch(/^=●●.*\{\{ \$json\.email \}\} \{\{compnay\}\}$/s);
		await e2e.n8n.api('POST', `/workflows/${editorWorkflow.id}/activate`, { body: { versionId: saved.versionId } });
		await e2e.n8n.waitForPublished([editorWorkflow.id]);

		// The editor's own run above is an execution of this workflow too: count only what the form starts.
		const before = await e2e.n8n.listExecutions({ workflowId: editorWorkflow.id });
		const since = before.reduce((highest, execution) => (Number(execution.id) > Number(highest) ? execution.id : highest), '0');
		const form = await browser.newPage();
		await form.goto(e2e.n8n.webhookUrl('editor-lead'));
		await form.fill('[name="company"]', '株式会社フォーム送信');
		await form.fill('[name="name"]', '佐藤 一郎');
		await form.fill('[name="email"]', 'ichiro@example.co.jp');
		await form.click('button[type="submit"]');
		// The test form's submitter reads a thank-you page, not raw JSON.
		await form.getByText('送信ありがとうございました').waitFor({ timeout: 30_000 });
		await form.close();
		const [execution] = await e2e.n8n.waitForExecutions({ workflowId: editorWorkflow.id, since, count: 1, timeoutMs: 60_000 });
		const [success] = e2e.n8n.nodeOutput(execution, 'Chatwork')!;
		expect(success[0]).toMatchObject({
			status: 'success',
			emptyVariables: ['compnay'],
			input: { company: '株式会社フォーム送信', name: '佐藤 一郎', email: 'ichiro@example.co.jp' },
		});
		// The misspelt {{compnay}} renders empty after its space, and is named in emptyVariables above.
		expect(e2e.server.messages(ROOM).at(-1)?.body).toBe(
			'●●セミナーのお申込みフォームから株式会社フォーム送信の 佐藤 一郎様の登録がありました。SATORIのカスタマー詳細ページはhttps://app.satori.marketing/customers?email=ichiro%40example.co.jpです。ichiro@example.co.jp ',
		);
	});
});

describe('the nodes panel search', () => {
	// n8n lists a trigger under its app when the app also has an action node: the Chatwork Trigger
	// shows as the "Chatwork" app, whose codex carries the trigger's words (before: nothing was shown).
	it.each([
		['チャットワーク', ['Chatwork']],
		['通知', ['Chatwork']],
		['フォーム', ['SATORI Webhook Trigger']],
		['form', ['SATORI Webhook Trigger']],
		['lead', ['SATORI Webhook Trigger']],
		['webhook', ['SATORI Webhook Trigger']],
		['リード', ['SATORI Webhook Trigger']],
		['mention', ['Chatwork Trigger', 'Chatwork']],
		['メンション', ['Chatwork Trigger', 'Chatwork']],
		['返信', ['Chatwork Trigger', 'Chatwork']],
	])('finds the node for "%s"', async (word, names) => {
		await closeNode();
		if (!(await page.getByTestId('node-creator').isVisible())) await page.getByTestId('node-creator-plus-button').click();
		const search = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
		await search.fill(word);
		const found = page.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^(${names.join('|')})$`) }).first();
		await found.waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
			const shown = await page.getByTestId('node-creator-item-name').allTextContents();
			throw new Error(`"${word}" showed ${JSON.stringify(shown)}: ${String(error)}`);
		});
	});
});

describe('the SATORI Webhook Trigger panel', () => {
	it('says where the URL goes, uses an e.g. placeholder for Path, and shows field settings only where they apply', async () => {
		await page.keyboard.press('Escape');
		const ndv = await openNode('SATORI Webhook Trigger');
		await ndv.getByText('Webhook URLs').first().click();
		await ndv.getByText('Send a form submission to the Test URL').waitFor();
		await expect(ndv.getByTestId('parameter-input-path').locator('input').getAttribute('placeholder')).resolves.toBe('e.g. satori-lead');
		// Three text-like fields: Max Length on each, Allowed Values (Choice only) on none.
		await ndv.getByText('Max Length', { exact: true }).nth(2).waitFor({ timeout: 15_000 });
		await expect(ndv.getByText('Max Length', { exact: true }).count()).resolves.toBe(3);
		await expect(ndv.getByText('Allowed Values', { exact: true }).count()).resolves.toBe(0);
		const file = screenshot('trigger-panel.png');
		if (file) await page.screenshot({ path: file });
		await page.getByTestId('ndv-close-button').click();
	});
});

describe('the SATORI Webhook Trigger with its fields as a list', () => {
	it('shows the six fields of the seed example in six lines, on the first screen of the panel, without the per-field groups', async () => {
		await closeNode();
		await page.goto(`${e2e.n8n.baseUrl}/workflow/${fieldListWorkflow.id}`);
		const ndv = await openNode('SATORI Webhook Trigger');
		const list = ndv.getByTestId('parameter-input-fieldList').locator('textarea').first();
		await list.waitFor({ timeout: 15_000 });
		await expect(list.inputValue()).resolves.toBe(SIX_FIELDS.join('\n'));
		const box = (await list.boundingBox())!;
		expect(box.y + box.height).toBeLessThan(900);
		await ndv.getByText('Define Fields', { exact: true }).first().waitFor({ timeout: 15_000 });
		await expect(ndv.getByText('Max Length', { exact: true }).count()).resolves.toBe(0);
		await expect(ndv.getByText('Define Fields', { exact: true }).count()).resolves.toBe(1);
		const file = screenshot('trigger-field-list.png');
		if (file) await page.screenshot({ path: file });
		await page.getByTestId('ndv-close-button').click();
	});
});

describe('the Chatwork Trigger as a newcomer meets it', () => {
	it('names its events on the canvas and labels its two credential pickers by what they hold', async () => {
		await closeNode();
		await page.goto(`${e2e.n8n.baseUrl}/workflow/${chatworkTriggerWorkflow.id}`);
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Chatwork Trigger' }).first().waitFor({ timeout: 60_000 });
		await page.getByText('Message Created, Mention to Me').first().waitFor({ timeout: 15_000 });
		const ndv = await openNode('Chatwork Trigger');
		await ndv.getByText('Webhook Token (from the webhook in Chatwork)', { exact: true }).first().waitFor({ timeout: 15_000 });
		await ndv.getByText('API Token (whose messages to ignore)', { exact: true }).first().waitFor({ timeout: 15_000 });
		await expect(ndv.getByText('Credential for Chatwork API', { exact: true }).count()).resolves.toBe(0);
		await page.getByTestId('ndv-close-button').click();
	});
});

describe("n8n's Settings → On Error with Delivery → If an Item Fails", () => {
	const expected: Record<string, { status: string; error: number }> = {
		'stopWorkflow-item-output': { status: 'success', error: 1 },
		'stopWorkflow-item-stop': { status: 'error', error: 0 },
		'stopWorkflow-node-output': { status: 'error', error: 0 },
		'continueRegularOutput-item-output': { status: 'success', error: 1 },
		'continueRegularOutput-item-stop': { status: 'success', error: 1 },
		'continueRegularOutput-node-output': { status: 'success', error: 1 },
		'continueErrorOutput-item-output': { status: 'success', error: 1 },
		'continueErrorOutput-item-stop': { status: 'success', error: 1 },
		'continueErrorOutput-node-output': { status: 'success', error: 1 },
	};

	it.each(combinations.map((combo, index) => [combo.path, combo, comboWorkflows[index].id] as const))(
		'%s',
		async (_name, combo, workflowId) => {
			const response = await fetch(e2e.n8n.webhookUrl(combo.path), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: '山田 太郎' }),
			});
			expect(response.status).toBe(200);
			const [execution] = await e2e.n8n.waitForExecutions({ workflowId, count: 1, timeoutMs: 60_000 });
			const want = expected[`${combo.n8nOnError}-${combo.failure}-${combo.delivery}`];
			expect(execution.status).toBe(want.status);
			const outputs = e2e.n8n.nodeOutput(execution, 'Chatwork') ?? [];
			// Nothing ever reaches Success; n8n's extra error output (Continue (using error output)) stays empty.
			expect(outputs[0] ?? []).toEqual([]);
			expect((outputs[1] ?? []).length).toBe(want.error);
			expect(outputs[2] ?? []).toEqual([]);
			for (const item of outputs[1] ?? []) expect(item).toMatchObject({ status: 'error', error: { delivery: 'not_sent' }, input: { name: '山田 太郎' } });
		},
	);
});
