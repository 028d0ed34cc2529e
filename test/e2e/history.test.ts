/**
 * Webhook history and redelivery in a real n8n 2.40.7: the history example stores flat history
 * items through n8n's own Data Table node while the Chatwork look-alike answers 500; the scheduled
 * redelivery example (its Schedule Trigger swapped for a webhook, to run it once on demand) resends
 * them through Message → Resend and updates the rows; a second run posts nothing. The
 * duplicate-lead example runs as it is. The Data tables page shows the rows in headless Chromium
 * (SCREENSHOT_DIR keeps the picture in docs/images).
 */
import fs from 'node:fs';
import path from 'node:path';


import { DEMO_OWNER, startN8n, type N8nInstance } from '../../scripts/n8n/harness';
import type { ChatworkServer } from '../support/chatwork-server';
import { startChatworkServer } from '../support/chatwork-server';
import { launchChromium } from './support/chromium';

const TOKEN = 'e2e-history-token-2b7d90c4e1';
const TIME_SCALE = 0.01;
const ROOM = 1001;
const CREDENTIAL = { id: 'cwE2eHistory0001', name: 'Chatwork (e2e history)' };
const LEADS = 10;

interface ExampleNode {
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}
interface Example {
	id: string;
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, unknown>;
}

function example(file: string): Example {
	return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8'));
}

function withCredential(workflow: Example): Example {
	for (const node of workflow.nodes) if (node.credentials?.chatworkApi) node.credentials.chatworkApi = CREDENTIAL;
	return workflow;
}

const HISTORY = withCredential(example('satori-to-chatwork-with-history.json'));
const REDELIVERY = withCredential(example('chatwork-scheduled-redelivery.json'));
REDELIVERY.id = 'ChatworkRedelivE';
const schedule = REDELIVERY.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger')!;
Object.assign(schedule, {
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: 'chatwork-redeliver-now-e2e',
	parameters: { httpMethod: 'POST', path: 'redeliver-now', options: {} },
});
const DEDUPE = withCredential(example('satori-to-chatwork-dedupe-leads.json'));
const historyPath = HISTORY.nodes.find((node) => node.type.endsWith('.satoriWebhookTrigger'))!.parameters.path as string;

const COLUMNS = [
	...['historyId', 'status', 'delivery', 'messageId', 'message', 'responseBody', 'errorMessage', 'sentAt'].map((name) => ({ name, type: 'string' })),
	...['workflowId', 'executionId', 'submissionId', 'redeliveryOf', 'emptyVariables'].map((name) => ({ name, type: 'string' })),
	...['code', 'roomId', 'attempts', 'durationMs'].map((name) => ({ name, type: 'number' })),
];

let server: ChatworkServer;
let n8n: N8nInstance;
let tableUrl: string;
let tablePage: string;

beforeAll(async () => {
	server = await startChatworkServer({
		accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }],
		rooms: [{ room_id: ROOM, name: '営業チーム' }],
		timeScale: TIME_SCALE,
	});
	n8n = await startN8n({
		name: 'history',
		env: { N8N_CHATWORK_TIME_SCALE: String(TIME_SCALE) },
		credentials: [{ ...CREDENTIAL, type: 'chatworkApi', data: { apiToken: TOKEN, baseUrl: server.url } }],
		workflows: [HISTORY, REDELIVERY, DEDUPE],
	});
	const project = await n8n.api('GET', '/projects/personal');
	const table = await n8n.api('POST', `/projects/${project.id}/data-tables`, { body: { name: 'Chatwork history', columns: COLUMNS } });
	tableUrl = `/projects/${project.id}/data-tables/${table.id}`;
	tablePage = `/projects/${project.id}/datatables/${table.id}`;
}, 45 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await server?.close();
});

async function rows(): Promise<Array<Record<string, unknown>>> {
	const page = await n8n.api('GET', `${tableUrl}/rows`, { query: { take: 100, skip: 0 } });
	return page.data;
}

async function lastExecutionId(): Promise<string> {
	const executions = await n8n.listExecutions({ limit: 100 });
	return executions.map((execution) => execution.id).sort((a, b) => Number(b) - Number(a))[0] ?? '0';
}

async function redeliverOnce() {
	const since = await lastExecutionId();
	const response = await fetch(n8n.webhookUrl('redeliver-now'), { method: 'POST' });
	expect(response.status).toBe(200);
	const [execution] = await n8n.waitForExecutions({ workflowId: REDELIVERY.id, since, count: 1, timeoutMs: 120_000 });
	expect(execution.status).toBe('success');
	return execution;
}

it('stores failed deliveries in a Data Table, resends them once with the original text, and updates the rows', async () => {
	const down = server.script({ method: 'POST', path: '/rooms/{room_id}/messages', status: 500 });
	const since = await lastExecutionId();
	for (let n = 0; n < LEADS; n++) {
		const response = await fetch(n8n.webhookUrl(historyPath), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company: `株式会社${n}`, name: `山田 ${n}郎`, email: `lead${n}@example.co.jp` }),
		});
		expect(response.status).toBe(200);
	}
	const executions = await n8n.waitForExecutions({ workflowId: HISTORY.id, since, count: LEADS, timeoutMs: 120_000 });
	const rendered = executions.map((execution) => n8n.nodeOutput(execution, 'Chatwork')?.[1]?.[0]?.message).sort();
	expect(rendered.every((text) => typeof text === 'string' && text.includes('様の登録がありました'))).toBe(true);

	const stored = await rows();
	expect(stored).toHaveLength(LEADS);
	expect(stored.every((row) => row.status === 'error' && row.code === 500 && row.roomId === ROOM && typeof row.submissionId === 'string')).toBe(true);
	expect(stored.map((row) => row.message).sort()).toEqual(rendered);

	// A row whose request left without an answer: not resent while Include Unknown Deliveries is off.
	await n8n.api('POST', `${tableUrl}/insert`, {
		body: {
			data: [{ historyId: 'unknown-row', status: 'error', delivery: 'unknown', code: null, roomId: ROOM, message: 'maybe posted', sentAt: new Date().toISOString() }],
			returnType: 'count',
		},
	});

	down.cancel();
	const first = await redeliverOnce();
	expect(server.messages(ROOM).map((message) => message.body).sort()).toEqual(rendered);
	const [resent = [], refused = []] = n8n.nodeOutput(first, 'Resend') ?? [];
	expect(resent).toHaveLength(LEADS);
	expect(refused.map((item) => item.redeliveryOf)).toEqual(['unknown-row']);
	expect(refused[0].errorMessage).toContain('delivery is unknown');

	const after = await rows();
	expect(after.filter((row) => row.status === 'success' && row.code === 200 && typeof row.messageId === 'string' && String(row.responseBody).includes('message_id'))).toHaveLength(LEADS);
	expect(after.find((row) => row.historyId === 'unknown-row')).toMatchObject({ status: 'error', errorMessage: expect.stringContaining('delivery is unknown') });

	await redeliverOnce();
	expect(server.messages(ROOM)).toHaveLength(LEADS);
});

it('the Data tables page of n8n shows the history rows', async () => {
	const browser = await launchChromium();
	try {
		const page = await browser.newPage({ viewport: { width: 1600, height: 800 } });
		await page.goto(`${n8n.baseUrl}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(DEMO_OWNER.email);
		await page.locator('input[type="password"]').first().fill(DEMO_OWNER.password);
		await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
		await page.goto(`${n8n.baseUrl}${tablePage}`);
		await page.getByText('株式会社0', { exact: false }).first().waitFor({ timeout: 60_000 });
		const dir = process.env.SCREENSHOT_DIR;
		if (dir) {
			fs.mkdirSync(dir, { recursive: true });
			await page.screenshot({ path: path.join(dir, 'n8n-data-table-history.png') });
		}
		// The redelivered rows read "success" in the grid.
		await expect(page.getByText('success', { exact: true }).first().isVisible()).resolves.toBe(true);
	} finally {
		await browser.close();
	}
});

it('the duplicate-lead example notifies once per e-mail', async () => {
	server.reset();
	const dedupePath = DEDUPE.nodes.find((node) => node.type.endsWith('.satoriWebhookTrigger'))!.parameters.path as string;
	const since = await lastExecutionId();
	for (const email of ['same@example.co.jp', 'SAME@example.co.jp ', 'other@example.co.jp']) {
		const response = await fetch(n8n.webhookUrl(dedupePath), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company: '株式会社重複', name: '重複 太郎', email }),
		});
		expect(response.status).toBe(200);
		await n8n.waitForExecutions({ workflowId: DEDUPE.id, since, count: 1, timeoutMs: 120_000 });
	}
	await n8n.waitForExecutions({ workflowId: DEDUPE.id, since, count: 3, timeoutMs: 120_000 });
	expect(server.messages(ROOM)).toHaveLength(2);
});
