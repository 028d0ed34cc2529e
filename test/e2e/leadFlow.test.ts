/**
 * The lead flow in a real n8n 2.40.7 with this package installed as a community package: the
 * example workflow (SATORI Webhook Trigger → Chatwork, Success/Error branches) against the
 * Chatwork-compatible server as the credential's base URL, with Chatwork's limits on a clock
 * 100 times faster.
 */
import fs from 'node:fs';

import type { N8nInstance } from '../../scripts/n8n/harness';
import { startChatworkServer } from '../../sandbox';
import { exampleVariant } from '../support/exampleWorkflow';
import { useN8nWithChatwork } from './support/useN8nWithChatwork';

const TOKEN = 'e2e-secret-token-7f3a9c51d0b2';
const TIME_SCALE = 0.01;
const ROOM = 1001;
const GOOD = exampleVariant('LeadFlowGood0001', 'lead-e2e', 'cwE2eGood0000001');
const BAD_TOKEN = exampleVariant('LeadFlowBadTok01', 'lead-e2e-bad-token', 'cwE2eBadToken001');

const e2e = useN8nWithChatwork({
	chatwork: {
		accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }],
		rooms: [{ room_id: ROOM, name: '営業チーム' }],
		timeScale: TIME_SCALE,
	},
	n8n: (server) => ({
		name: 'lead-flow',
		credentials: [
			{ id: 'cwE2eGood0000001', name: 'cwE2eGood0000001', type: 'chatworkApi', data: { apiToken: TOKEN, baseUrl: server.url } },
			{ id: 'cwE2eBadToken001', name: 'cwE2eBadToken001', type: 'chatworkApi', data: { apiToken: 'not-the-token', baseUrl: server.url } },
		],
		workflows: [GOOD, BAD_TOKEN],
	}),
	// The last test searches the database for the token after stop().
	keepUserFolder: true,
	resetBeforeEach: true,
});

async function latestExecutionId(): Promise<string | undefined> {
	const executions = await e2e.n8n.listExecutions({ limit: 100 });
	return executions.map((execution) => execution.id).sort((a, b) => Number(b) - Number(a))[0];
}

function chatworkOutput(execution: Awaited<ReturnType<N8nInstance['getExecution']>>) {
	const [success = [], error = []] = e2e.n8n.nodeOutput(execution, 'Chatwork') ?? [];
	return { success, error };
}

describe('a form lead in a real n8n', () => {
	it('posts a JSON submission as exactly one message, byte-exact to the rendered template', async () => {
		const since = await latestExecutionId();
		const response = await fetch(e2e.n8n.webhookUrl('lead-e2e'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				company: '株式会社サンプル',
				name: '山田 太郎',
				email: 'taro@example.co.jp',
				customer_detail_url: 'https://app.satori.marketing/customers/abc123',
			}),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ ok: true, submissionId: expect.any(String) });

		const [execution] = await e2e.n8n.waitForExecutions({ workflowId: GOOD.id, since, count: 1 });
		expect(execution.status).toBe('success');
		expect(e2e.server.messages(ROOM).map((message) => message.body)).toEqual([
			'●●セミナーのお申込みフォームから株式会社サンプルの 山田 太郎様の登録がありました。SATORIのカスタマー詳細ページはhttps://app.satori.marketing/customers/abc123です。',
		]);
		expect(e2e.server.messages(ROOM)[0].self_unread).toBe(1);
		const { success, error } = chatworkOutput(execution);
		expect(error).toEqual([]);
		expect(success).toHaveLength(1);
		expect(success[0]).toMatchObject({ status: 'success', code: 200, roomId: ROOM, messageId: e2e.server.messages(ROOM)[0].message_id });
	});

	it('normalises a urlencoded submission with Japanese field names and posts it', async () => {
		const since = await latestExecutionId();
		const response = await fetch(e2e.n8n.webhookUrl('lead-e2e'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ 会社名: '合同会社テスト', 姓: '佐藤', 名: '花子', メールアドレス: 'hanako@example.jp' }),
		});
		expect(response.status).toBe(200);

		const [execution] = await e2e.n8n.waitForExecutions({ workflowId: GOOD.id, since, count: 1 });
		const [[submission]] = e2e.n8n.nodeOutput(execution, 'SATORI Webhook Trigger') ?? [[]];
		expect(submission).toMatchObject({ company: '合同会社テスト', name: '佐藤 花子', email: 'hanako@example.jp' });
		expect(e2e.server.messages(ROOM)).toHaveLength(1);
		expect(e2e.server.messages(ROOM)[0].body).toContain('合同会社テストの 佐藤 花子様の登録がありました。');
	});

	it('runs the workflow for a multipart submission with a file, the file as binary data', async () => {
		const since = await latestExecutionId();
		const form = new FormData();
		form.append('company', '株式会社ファイル');
		form.append('name', '鈴木 一郎');
		form.append('email', 'ichiro@example.jp');
		form.append('attachment', new Blob([Buffer.from('%PDF-1.4 見積書')], { type: 'application/pdf' }), '見積書.pdf');
		const response = await fetch(e2e.n8n.webhookUrl('lead-e2e'), { method: 'POST', body: form });
		expect(response.status).toBe(200);

		const [execution] = await e2e.n8n.waitForExecutions({ workflowId: GOOD.id, since, count: 1 });
		const triggerRun = execution.data.resultData.runData['SATORI Webhook Trigger'][0];
		const item = triggerRun.data.main[0][0];
		expect(item.json.attachment).toMatchObject({ fileName: '見積書.pdf', mimeType: 'application/pdf' });
		expect(item.binary?.attachment).toMatchObject({ fileName: '見積書.pdf', mimeType: 'application/pdf' });
		expect(e2e.server.messages(ROOM)).toHaveLength(1);
	});

	it('answers an invalid submission with 400 and the field errors, and runs nothing', async () => {
		const since = await latestExecutionId();
		const response = await fetch(e2e.n8n.webhookUrl('lead-e2e'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company: '株式会社サンプル', name: '山田 太郎', email: 'not-an-email' }),
		});
		expect(response.status).toBe(400);
		const answer = (await response.json()) as { ok: boolean; errors: unknown[] };
		expect(answer.ok).toBe(false);
		expect(answer.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email' })]));

		// Give n8n the time a run would take, then prove that none happened.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await latestExecutionId()).toBe(since);
		expect(e2e.server.requests).toEqual([]);
	});

	it('refuses to publish a trigger whose Field List it cannot read, says which line, and leaves its URL unanswered', async () => {
		const broken = exampleVariant('LeadFlowBadList1', 'lead-e2e-bad-list', 'cwE2eGood0000001');
		const trigger = broken.nodes.find((node: { type: string }) => node.type.endsWith('.satoriWebhookTrigger'));
		expect(trigger.parameters.fieldsInput).toBe('list');
		trigger.parameters.fieldList = 'company | 会社名 | required\nemail | メールアドレス | emial | required';
		await expect(e2e.n8n.addWorkflow(broken)).rejects.toThrow('Field List, line 2 ("email | メールアドレス | emial | required"): "emial" is not a type');
		const response = await fetch(e2e.n8n.webhookUrl('lead-e2e-bad-list'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company: '株式会社サンプル', email: 'taro@example.co.jp' }),
		});
		expect(response.status).toBe(404);
		expect(e2e.server.requests).toEqual([]);
	});

	it('Keep Submissions Until Sent: Publish refuses a wrong n8n API key; the kept lead is posted and its row deleted; with the table gone a lead gets 503 and starts nothing', async () => {
		// The example as a user imports it, with an API key made as a user makes one.
		const example = JSON.parse(fs.readFileSync(`${__dirname}/../../examples/satori-to-chatwork-keep-submissions.json`, 'utf8'));
		const trigger = example.nodes.find((node: { type: string }) => node.type.endsWith('.satoriWebhookTrigger'));
		trigger.parameters.path = 'lead-e2e-kept';
		example.nodes.find((node: { name: string }) => node.name === 'Chatwork').credentials.chatworkApi = { id: 'cwE2eGood0000001', name: 'cwE2eGood0000001' };
		const project = await e2e.n8n.api('GET', '/projects/personal');
		const table = await e2e.n8n.api('POST', `/projects/${project.id}/data-tables`, {
			body: { name: 'SATORI submissions', columns: [{ name: 'submissionId', type: 'string' }, { name: 'receivedAt', type: 'date' }, { name: 'submission', type: 'string' }] },
		});
		const scopes = await e2e.n8n.api('GET', '/api-keys/scopes');
		const apiKey = (await e2e.n8n.api('POST', '/api-keys', { body: { label: 'Keep submissions', expiresAt: null, scopes } })).rawApiKey as string;
		const credential = async (key: string) =>
			(await e2e.n8n.api('POST', '/credentials', { body: { name: `n8n API ${key.slice(-6)}`, type: 'satoriKeepSubmissionsApi', data: { apiKey: key, baseUrl: `${e2e.n8n.baseUrl}/api/v1` } } })).id as string;

		trigger.credentials.satoriKeepSubmissionsApi = { id: await credential('n8n-api-key-that-is-not-one'), name: 'wrong' };
		await expect(e2e.n8n.addWorkflow(example)).rejects.toThrow("Keep Submissions Until Sent: n8n's API did not list the Data Tables: HTTP 401");

		trigger.credentials.satoriKeepSubmissionsApi = { id: await credential(apiKey), name: 'right' };
		example.name = `${example.name} (right key)`;
		const workflowId = await e2e.n8n.addWorkflow(example);
		const submit = async (company: string) =>
			await fetch(e2e.n8n.webhookUrl('lead-e2e-kept'), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ company, name: '山田 太郎', email: 'taro@example.co.jp' }),
			});
		const rows = async () => (await e2e.n8n.api('GET', `/projects/${project.id}/data-tables/${table.id}/rows`, { query: { take: 10, skip: 0 } })).data;

		const since = await latestExecutionId();
		const kept = await submit('株式会社キープ');
		expect(kept.status).toBe(200);
		const [execution] = await e2e.n8n.waitForExecutions({ workflowId, since, count: 1 });
		expect(execution.status).toBe('success');
		expect(e2e.server.messages(ROOM).map((message) => message.body)).toEqual([expect.stringContaining('株式会社キープの 山田 太郎様')]);
		expect(e2e.n8n.nodeOutput(execution, 'Forget the row')?.[0]).toEqual([expect.objectContaining({ submissionId: ((await kept.json()) as { submissionId: string }).submissionId })]);
		expect(await rows()).toEqual([]);

		await e2e.n8n.api('DELETE', `/projects/${project.id}/data-tables/${table.id}`);
		const beforeRefusal = await latestExecutionId();
		const refused = await submit('株式会社ノーテーブル');
		expect(refused.status).toBe(503);
		expect(refused.headers.get('retry-after')).toBe('60');
		expect(await refused.json()).toMatchObject({ ok: false, code: 'not_stored', message: 'ただいま送信を受け付けられませんでした。しばらくしてからもう一度送信してください。' });
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await latestExecutionId()).toBe(beforeRefusal);
		expect(e2e.server.messages(ROOM)).toHaveLength(1);
		const log = fs.readFileSync(e2e.n8n.logPath, 'utf8');
		expect(log).toContain('could not be kept in the Data Table "SATORI submissions": no Data Table the API key\'s user can see is named "SATORI submissions"');
		expect(log.includes(apiKey)).toBe(false);
	});

	it('puts the item on the Error branch with 401 and Chatwork\'s text when the token is wrong', async () => {
		const since = await latestExecutionId();
		const response = await fetch(e2e.n8n.webhookUrl('lead-e2e-bad-token'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company: 'A社', name: '田中', email: 'tanaka@example.jp' }),
		});
		expect(response.status).toBe(200);

		const [execution] = await e2e.n8n.waitForExecutions({ workflowId: BAD_TOKEN.id, since, count: 1 });
		const { success, error } = chatworkOutput(execution);
		expect(success).toEqual([]);
		expect(error).toHaveLength(1);
		expect(error[0]).toMatchObject({
			status: 'error',
			code: 401,
			error: { errors: ['Invalid API token'], message: 'Chatwork answered 401: Invalid API token' },
		});
		expect(e2e.n8n.nodeOutput(execution, 'Failed')?.[0]).toHaveLength(1);
		expect(e2e.server.messages(ROOM)).toEqual([]);
	});

	it('posts once when a gateway answers 504 after Chatwork stored the lead, and confirms it by reading the room back', async () => {
		const since = await latestExecutionId();
		e2e.server.script({ method: 'POST', path: '/rooms/{room_id}/messages', times: 1, statusAfterStore: 504 });
		const response = await fetch(e2e.n8n.webhookUrl('lead-e2e'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company: 'ゲートウェイ社', name: '遅延', email: 'gw@example.jp' }),
		});
		expect(response.status).toBe(200);

		const [execution] = await e2e.n8n.waitForExecutions({ workflowId: GOOD.id, since, count: 1 });
		const { success, error } = chatworkOutput(execution);
		expect(error).toEqual([]);
		expect(success).toHaveLength(1);
		expect(success[0]).toMatchObject({ status: 'success', attempts: 1, delivery: 'confirmed', messageId: e2e.server.messages(ROOM)[0].message_id });
		expect(e2e.server.messages(ROOM)).toHaveLength(1);
	});

	it('does not follow a 307 to another host, so the token never arrives there', async () => {
		const elsewhere = await startChatworkServer({ accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }], rooms: [{ room_id: ROOM, name: '罠' }] });
		try {
			const since = await latestExecutionId();
			e2e.server.script({ method: 'POST', times: 1, redirectTo: elsewhere.url });
			await fetch(e2e.n8n.webhookUrl('lead-e2e'), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ company: 'リダイレクト社', name: '転送', email: 'redirect@example.jp' }),
			});

			const [execution] = await e2e.n8n.waitForExecutions({ workflowId: GOOD.id, since, count: 1 });
			const { error } = chatworkOutput(execution);
			expect(error[0]).toMatchObject({ code: 307, error: { delivery: 'failed' } });
			expect(error[0].error.message).toContain(elsewhere.origin);
			expect(elsewhere.requests).toEqual([]);
			expect(e2e.server.messages(ROOM)).toEqual([]);
		} finally {
			await elsewhere.close();
		}
	});

	it('turns 50 concurrent submissions into 50 executions and 50 messages, none lost or doubled', async () => {
		const since = await latestExecutionId();
		const responses = await Promise.all(
			Array.from({ length: 50 }, (_, n) =>
				fetch(e2e.n8n.webhookUrl('lead-e2e'), {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ company: `会社${n}`, name: `担当${n}`, email: `lead${n}@example.jp` }),
				}),
			),
		);
		expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));

		const executions = await e2e.n8n.waitForExecutions({ workflowId: GOOD.id, since, count: 50, timeoutMs: 180_000 });
		expect(executions.filter((execution) => execution.status === 'success')).toHaveLength(50);
		const bodies = e2e.server.messages(ROOM).map((message) => message.body);
		expect(bodies).toHaveLength(50);
		for (let n = 0; n < 50; n++) {
			expect(bodies.filter((body) => body.includes(`会社${n}の 担当${n}様`))).toHaveLength(1);
		}
		expect(e2e.server.maxPostsInWindow(ROOM, 10_000)).toBeLessThanOrEqual(10);
	});

	it("the credentials' Test buttons: a working key or token passes, a wrong one says so, and a Base URL that redirects elsewhere sends nothing there", async () => {
		const test = async (credential: { id: string; name: string; type: string; data: Record<string, unknown> }) =>
			(await e2e.n8n.api('POST', '/credentials/test', { body: { credentials: credential } })) as { status: string; message?: string };
		const elsewhere = await startChatworkServer({ accounts: [{ token: TOKEN, account_id: 666, name: '罠' }], rooms: [] });
		try {
			// Chatwork API (GET /me), as the editor's Test button asks n8n.
			const chatwork = { id: 'cwE2eGood0000001', name: 'cwE2eGood0000001', type: 'chatworkApi', data: { apiToken: TOKEN, baseUrl: e2e.server.url } };
			expect(await test(chatwork)).toMatchObject({ status: 'OK' });
			expect(await test({ ...chatwork, id: 'cwE2eBadToken001', data: { ...chatwork.data, apiToken: 'not-the-token' } })).toMatchObject({ status: 'Error' });
			e2e.server.script({ method: 'GET', times: 1, redirectTo: elsewhere.url });
			expect(await test(chatwork)).toMatchObject({ status: 'Error' });

			// SATORI Keep Submissions API (GET /data-tables of n8n's public API).
			const scopes = await e2e.n8n.api('GET', '/api-keys/scopes');
			const apiKey = (await e2e.n8n.api('POST', '/api-keys', { body: { label: 'Credential test', expiresAt: null, scopes } })).rawApiKey as string;
			const data = { apiKey, baseUrl: `${e2e.n8n.baseUrl}/api/v1` };
			const id = (await e2e.n8n.api('POST', '/credentials', { body: { name: 'n8n API (test)', type: 'satoriKeepSubmissionsApi', data } })).id as string;
			const keep = { id, name: 'n8n API (test)', type: 'satoriKeepSubmissionsApi', data };
			expect(await test(keep)).toMatchObject({ status: 'OK' });
			expect(await test({ ...keep, data: { ...data, apiKey: 'n8n-api-key-that-is-not-one' } })).toMatchObject({ status: 'Error' });
			// The look-alike answers this GET with 307 to the other server, whatever its path.
			e2e.server.script({ method: 'GET', times: 1, redirectTo: elsewhere.url });
			expect(await test({ ...keep, data: { ...data, baseUrl: e2e.server.url } })).toMatchObject({ status: 'Error' });
			expect(e2e.server.requests.filter((request) => request.status === 307)).toHaveLength(2);
			expect(elsewhere.requests).toEqual([]);
		} finally {
			await elsewhere.close();
		}
	});

	it('leaves the API token nowhere in n8n\'s database or log', async () => {
		await e2e.n8n.stop();
		const files = [e2e.n8n.dbPath, `${e2e.n8n.dbPath}-wal`, e2e.n8n.logPath].filter((file) => fs.existsSync(file));
		expect(files).toContain(e2e.n8n.dbPath);
		for (const file of files) {
			expect({ file, hasToken: fs.readFileSync(file).includes(TOKEN) }).toEqual({ file, hasToken: false });
		}
	});
});
