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


import { DEMO_OWNER } from '../../scripts/n8n/harness';
import { launchChromium } from './support/chromium';
import { useN8nWithChatwork } from './support/useN8nWithChatwork';

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
	...['workflowId', 'executionId', 'submissionId', 'redeliveryOf', 'parts', 'signature', 'emptyVariables'].map((name) => ({ name, type: 'string' })),
	...['code', 'roomId', 'attempts', 'durationMs', 'readBacks'].map((name) => ({ name, type: 'number' })),
];

const e2e = useN8nWithChatwork({
	chatwork: {
		accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }],
		rooms: [{ room_id: ROOM, name: '営業チーム' }],
		timeScale: TIME_SCALE,
	},
	n8n: (server) => ({
		name: 'history',
		credentials: [{ ...CREDENTIAL, type: 'chatworkApi', data: { apiToken: TOKEN, baseUrl: server.url } }],
		workflows: [HISTORY, REDELIVERY, DEDUPE],
	}),
});
let tableUrl: string;
let tablePage: string;

beforeAll(async () => {
	const project = await e2e.n8n.api('GET', '/projects/personal');
	const table = await e2e.n8n.api('POST', `/projects/${project.id}/data-tables`, { body: { name: 'Chatwork history', columns: COLUMNS } });
	tableUrl = `/projects/${project.id}/data-tables/${table.id}`;
	tablePage = `/projects/${project.id}/datatables/${table.id}`;
});

async function rows(): Promise<Array<Record<string, unknown>>> {
	const page = await e2e.n8n.api('GET', `${tableUrl}/rows`, { query: { take: 100, skip: 0 } });
	return page.data;
}

async function lastExecutionId(): Promise<string> {
	const executions = await e2e.n8n.listExecutions({ limit: 100 });
	return executions.map((execution) => execution.id).sort((a, b) => Number(b) - Number(a))[0] ?? '0';
}

async function redeliverOnce() {
	const since = await lastExecutionId();
	const response = await fetch(e2e.n8n.webhookUrl('redeliver-now'), { method: 'POST' });
	expect(response.status).toBe(200);
	const [execution] = await e2e.n8n.waitForExecutions({ workflowId: REDELIVERY.id, since, count: 1, timeoutMs: 120_000 });
	expect(execution.status).toBe('success');
	return execution;
}

it('stores failed deliveries in a Data Table, resends them once with the original text, and updates the rows', async () => {
	const down = e2e.server.script({ method: 'POST', path: '/rooms/{room_id}/messages', status: 500 });
	const since = await lastExecutionId();
	for (let n = 0; n < LEADS; n++) {
		const response = await fetch(e2e.n8n.webhookUrl(historyPath), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company: `株式会社${n}`, name: `山田 ${n}郎`, email: `lead${n}@example.co.jp` }),
		});
		expect(response.status).toBe(200);
	}
	const executions = await e2e.n8n.waitForExecutions({ workflowId: HISTORY.id, since, count: LEADS, timeoutMs: 120_000 });
	const rendered = executions.map((execution) => e2e.n8n.nodeOutput(execution, 'Chatwork')?.[1]?.[0]?.message).sort();
	expect(rendered.every((text) => typeof text === 'string' && text.includes('様の登録がありました'))).toBe(true);

	const stored = await rows();
	expect(stored).toHaveLength(LEADS);
	expect(stored.every((row) => row.status === 'error' && row.code === 500 && row.roomId === ROOM && typeof row.submissionId === 'string')).toBe(true);
	expect(stored.map((row) => row.message).sort()).toEqual(rendered);

	// A forged row (not written by the node) and an edited copy of a real one: never posted.
	const forged = { historyId: 'forged-row', status: 'error', delivery: 'unknown', code: 500, roomId: ROOM, message: '[toall] [info]forged[/info]', sentAt: new Date().toISOString() };
	const real = Object.fromEntries(Object.entries(stored[0]).filter(([column]) => !['id', 'createdAt', 'updatedAt'].includes(column)));
	const edited = { ...real, historyId: 'edited-row', message: '[toall] edited' };
	await e2e.n8n.api('POST', `${tableUrl}/insert`, { body: { data: [forged, edited], returnType: 'count' } });

	down.cancel();
	const first = await redeliverOnce();
	expect(e2e.server.messages(ROOM).map((message) => message.body).sort()).toEqual(rendered);
	const [resent = [], refused = []] = e2e.n8n.nodeOutput(first, 'Resend') ?? [];
	expect(resent).toHaveLength(LEADS);
	expect(refused.map((item) => item.redeliveryOf).sort()).toEqual(['edited-row', 'forged-row']);
	for (const item of refused) expect(item.errorMessage).toContain('edited or not written by this node');

	const after = await rows();
	expect(after.filter((row) => row.status === 'success' && row.code === 200 && typeof row.messageId === 'string' && String(row.responseBody).includes('message_id'))).toHaveLength(LEADS);
	expect(after.find((row) => row.historyId === 'forged-row')).toMatchObject({ status: 'error', errorMessage: expect.stringContaining('edited or not written by this node') });

	await redeliverOnce();
	expect(e2e.server.messages(ROOM)).toHaveLength(LEADS);
});

it.each([
	['stored, then 500', { statusAfterStore: 500 }],
	['stored, then 504', { statusAfterStore: 504 }],
	['stored, then the connection is reset', { resetAfterStore: true }],
] as const)('%s: one copy after Send (confirmed by reading back), and still one after the room was unreadable and Resend ran', async (name, fault) => {
	e2e.server.reset();
	const submit = async (company: string) => {
		const since = await lastExecutionId();
		const response = await fetch(e2e.n8n.webhookUrl(historyPath), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company, name: '一回 太郎', email: 'once@example.co.jp' }),
		});
		expect(response.status).toBe(200);
		const [execution] = await e2e.n8n.waitForExecutions({ workflowId: HISTORY.id, since, count: 1, timeoutMs: 120_000 });
		return execution;
	};
	const copies = (company: string) => e2e.server.messages(ROOM).filter((message) => message.body.includes(company)).length;

	e2e.server.script({ method: 'POST', path: '/rooms/{room_id}/messages', times: 1, ...fault });
	const confirmed = await submit(`確認 ${name}`);
	expect(e2e.n8n.nodeOutput(confirmed, 'Chatwork')?.[0]?.[0]).toMatchObject({ status: 'success', delivery: 'confirmed' });
	expect(copies(`確認 ${name}`)).toBe(1);

	// The room cannot be read during the Send: the row says unknown and why; the Resend reads it back later.
	e2e.server.script({ method: 'POST', path: '/rooms/{room_id}/messages', times: 1, ...fault });
	const unreadable = e2e.server.script({ method: 'GET', path: '/rooms/{room_id}/messages', status: 403, body: { errors: ['You don\'t have permission to get messages in this room'] } });
	const held = await submit(`保留 ${name}`);
	expect(e2e.n8n.nodeOutput(held, 'Chatwork')?.[1]?.[0]).toMatchObject({ status: 'error', delivery: 'unknown' });
	unreadable.cancel();
	const redelivery = await redeliverOnce();
	const [resent = []] = e2e.n8n.nodeOutput(redelivery, 'Resend') ?? [];
	expect(resent.find((item) => String(item.message).includes(`保留 ${name}`))).toMatchObject({ status: 'success', delivery: 'confirmed' });
	expect(copies(`保留 ${name}`)).toBe(1);
	await redeliverOnce();
	expect(copies(`保留 ${name}`)).toBe(1);
});

it('the Data tables page of n8n shows the history rows', async () => {
	const browser = await launchChromium();
	try {
		const page = await browser.newPage({ viewport: { width: 1600, height: 800 } });
		await page.goto(`${e2e.n8n.baseUrl}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(DEMO_OWNER.email);
		await page.locator('input[type="password"]').first().fill(DEMO_OWNER.password);
		await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
		await page.goto(`${e2e.n8n.baseUrl}${tablePage}`);
		await page.getByText('株式会社0', { exact: false }).first().waitFor({ timeout: 60_000 });
		const dir = process.env.SCREENSHOT_DIR;
		if (dir) {
			fs.mkdirSync(dir, { recursive: true });
			await page.screenshot({ path: path.join(dir, 'n8n-data-table-history.png') });
		}
		// The redelivered rows read "success" in the grid.
		await page.getByText('success', { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
	} finally {
		await browser.close();
	}
});

it('the duplicate-lead example notifies once per e-mail', async () => {
	e2e.server.reset();
	const dedupePath = DEDUPE.nodes.find((node) => node.type.endsWith('.satoriWebhookTrigger'))!.parameters.path as string;
	const since = await lastExecutionId();
	for (const email of ['same@example.co.jp', 'SAME@example.co.jp ', 'other@example.co.jp']) {
		const response = await fetch(e2e.n8n.webhookUrl(dedupePath), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company: '株式会社重複', name: '重複 太郎', email }),
		});
		expect(response.status).toBe(200);
		await e2e.n8n.waitForExecutions({ workflowId: DEDUPE.id, since, count: 1, timeoutMs: 120_000 });
	}
	await e2e.n8n.waitForExecutions({ workflowId: DEDUPE.id, since, count: 3, timeoutMs: 120_000 });
	expect(e2e.server.messages(ROOM)).toHaveLength(2);
});
