/**
 * The Chatwork Trigger in a real n8n 2.40.7 with this package installed as a community package.
 * The Chatwork look-alike plays Chatwork: every message stored in it (API, addMessage, the sandbox
 * page) is sent, signed, to the trigger's production URL, as Chatwork's outgoing webhooks are.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import type { N8nInstance } from '../../scripts/n8n/harness';
import { useN8nWithChatwork } from './support/useN8nWithChatwork';

const API_TOKEN = 'e2e-cw-trigger-api-token-5be1c0';
/** Two webhook tokens in Chatwork's form (base64 of 32 bytes). */
const EVENTS_TOKEN = Buffer.alloc(32, 7).toString('base64');
const REPLY_TOKEN = Buffer.alloc(32, 9).toString('base64');
const BOT = 101;
const COLLEAGUE = 102;
const LEAD_ROOM = 1001;
const EVENTS_ROOM = 1002;
const TIME_SCALE = 0.01;

const root = path.join(__dirname, '..', '..');
const readExample = (file: string) => JSON.parse(fs.readFileSync(path.join(root, 'examples', file), 'utf8'));

/** The second example as shipped, with the test's credentials. */
const REPLY_FLOW = readExample('chatwork-reply-to-confirmation.json');
/** The first example (form → Chatwork), posting the lead notification the colleague replies to. */
const LEAD_FLOW = readExample('satori-to-chatwork.json');

/**
 * A bare trigger → NoOp on its own room, every event type, the loop guard by typed account ID, in the
 * version a new node gets (2: n8n parses the body, keeping its bytes; no expression isolate per request).
 */
function eventsFlow(id: string, typeVersion: number, webhookPath: string) {
	return {
		id,
		name: `Chatwork Trigger v${typeVersion} → NoOp`,
		nodes: [
			{
				id: `c3d4e5f6-0001-4000-8000-00000000000${typeVersion}`,
				name: 'Chatwork Trigger',
				type: 'n8n-nodes-satori-chatwork.chatworkTrigger',
				typeVersion,
				position: [0, 0],
				webhookId: `c3d4e5f6-cw-events-hook-v${typeVersion}`,
				parameters: {
					path: webhookPath,
					events: ['message_created', 'message_updated', 'mention_to_me'],
					ignoreOwnMessages: true,
					ownAccountFrom: 'accountIds',
					ownAccountIds: String(BOT),
				},
				credentials: { chatworkWebhookApi: { id: 'cwWebhookEvents01', name: 'events' } },
			},
			{ id: `c3d4e5f6-0002-4000-8000-00000000000${typeVersion}`, name: 'NoOp', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [300, 0], parameters: {} },
		],
		connections: { 'Chatwork Trigger': { main: [[{ node: 'NoOp', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}
const EVENTS_FLOW = eventsFlow('CwTriggerEvents1', 2, 'cw-events');
/** The same as a workflow saved before version 2 holds it: n8n hands version 1 the body unparsed. */
const SAVED_V1_FLOW = eventsFlow('CwTriggerEventsV1', 1, 'cw-events-v1');

const e2e = useN8nWithChatwork({
	chatwork: {
		accounts: [
			{ token: API_TOKEN, account_id: BOT, name: 'Lead Bot' },
			{ account_id: COLLEAGUE, name: '山田 太郎' },
		],
		rooms: [
			{ room_id: LEAD_ROOM, name: '営業チーム' },
			{ room_id: EVENTS_ROOM, name: 'イベント' },
		],
		timeScale: TIME_SCALE,
		// Chatwork gives up sooner; on a CI machine shared by many jobs n8n may answer late, and this file counts lost runs, not speed (bench/n8n.js row 6 does).
		webhookTimeoutMs: 120_000,
	},
	n8n: (server) => ({
		name: 'chatwork-trigger',
		credentials: [
			{ id: 'cwSandbox0000001', name: 'Chatwork (sandbox)', type: 'chatworkApi', data: { apiToken: API_TOKEN, baseUrl: server.url } },
			{ id: 'cwWebhook0000001', name: 'Chatwork webhook (sandbox)', type: 'chatworkWebhookApi', data: { webhookToken: REPLY_TOKEN } },
			{ id: 'cwWebhookEvents01', name: 'events', type: 'chatworkWebhookApi', data: { webhookToken: EVENTS_TOKEN } },
		],
		workflows: [REPLY_FLOW, LEAD_FLOW, EVENTS_FLOW, SAVED_V1_FLOW],
	}),
	resetBeforeEach: true,
});
let eventsUrl: string;

beforeAll(() => {
	eventsUrl = e2e.n8n.webhookUrl('cw-events');
	// As set up in Chatwork's UI: a room webhook per room, pointing at each trigger's production URL.
	e2e.server.addWebhook({ url: eventsUrl, token: EVENTS_TOKEN, roomId: EVENTS_ROOM, events: ['message_created', 'message_updated'] });
	e2e.server.addWebhook({ url: eventsUrl, token: EVENTS_TOKEN, accountId: BOT, signatureIn: 'query' });
	e2e.server.addWebhook({ url: e2e.n8n.webhookUrl('chatwork-reply'), token: REPLY_TOKEN, roomId: LEAD_ROOM });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** n8n answers its REST API with 503 while a ping of its database is late (a loaded machine); ask again. */
async function whenDatabaseAnswers<T>(ask: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await ask();
		} catch (error) {
			if ((error as { status?: number }).status !== 503 || attempt >= 10) throw error;
			await sleep(1000 * attempt);
		}
	}
}

const listExecutions = (filter: Parameters<N8nInstance['listExecutions']>[0]) =>
	whenDatabaseAnswers(() => e2e.n8n.listExecutions(filter));
const waitForExecutions = (options: Parameters<N8nInstance['waitForExecutions']>[0]) =>
	whenDatabaseAnswers(() => e2e.n8n.waitForExecutions(options));

/** The newest execution id once earlier runs have finished (a minute at most), so no test counts another's late runs. */
async function latestExecutionId(): Promise<string> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const recent = await listExecutions({ limit: 100 });
		const busy = recent.some((execution) => ['new', 'running', 'waiting'].includes(execution.status));
		if (!busy || Date.now() > deadline) return recent[0]?.id ?? '0';
		await sleep(500);
	}
}

/** Executions started after `since`, once n8n has had the time a run would take. */
async function executionsSince(since: string, workflowId?: string) {
	await sleep(1500);
	return await listExecutions({ since, workflowId });
}

const sign = (token: string, body: Buffer | string) =>
	createHmac('sha256', Buffer.from(token, 'base64')).update(body).digest('base64');

function eventBody(overrides: Record<string, unknown> = {}) {
	return JSON.stringify({
		webhook_setting_id: '1',
		webhook_event_type: 'message_created',
		webhook_event_time: Math.floor(Date.now() / 1000),
		webhook_event: {
			message_id: '1900000000000000999',
			room_id: EVENTS_ROOM,
			account_id: COLLEAGUE,
			body: 'hello',
			send_time: 1_764_300_000,
			update_time: 0,
		},
		...overrides,
	});
}

describe('Chatwork Trigger in a real n8n', () => {
	it('turns a message_created webhook into one execution with the parsed item', async () => {
		const since = await latestExecutionId();
		const stored = e2e.server.addMessage(EVENTS_ROOM, {
			account_id: COLLEAGUE,
			body: '[To:103]佐藤さん\n[info][title]見積もり[/title]株式会社サンプル 様[/info]\n[qt][qtmeta aid=103 time=1764300000]前回の件[/qt]\nよろしくお願いします',
		});
		await e2e.server.webhooksSettled();
		expect(e2e.server.webhookDeliveries().map((d) => [d.eventType, d.status])).toEqual([['message_created', 200]]);

		const [execution] = await waitForExecutions({ workflowId: EVENTS_FLOW.id, since, count: 1 });
		const [[item]] = e2e.n8n.nodeOutput(execution, 'Chatwork Trigger') ?? [[]];
		expect(item).toMatchObject({
			webhook_event_type: 'message_created',
			webhook_event: { message_id: stored.message_id, room_id: EVENTS_ROOM, account_id: COLLEAGUE, body: stored.body },
			eventType: 'message_created',
			roomId: EVENTS_ROOM,
			messageId: stored.message_id,
			senderAccountId: COLLEAGUE,
			text: '佐藤さん\n見積もり\n株式会社サンプル 様\nよろしくお願いします',
			mentions: [103],
			toAll: false,
			reply: null,
			quotes: [{ accountId: 103, time: '2025-11-28T03:20:00.000Z', text: '前回の件' }],
		});
		expect(item.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
		expect(await executionsSince(since, EVENTS_FLOW.id)).toHaveLength(1);
	});

	it('starts a run for mention_to_me (an account webhook signed in the query string)', async () => {
		const since = await latestExecutionId();
		e2e.server.addMessage(LEAD_ROOM, { account_id: COLLEAGUE, body: '[To:101]Lead Botさん 資料をお願いします' });
		await e2e.server.webhooksSettled();
		const mention = e2e.server.webhookDeliveries().find((d) => d.eventType === 'mention_to_me');
		expect(mention?.status).toBe(200);
		const [execution] = await waitForExecutions({ workflowId: EVENTS_FLOW.id, since, count: 1 });
		const [[item]] = e2e.n8n.nodeOutput(execution, 'Chatwork Trigger') ?? [[]];
		expect(item).toMatchObject({ eventType: 'mention_to_me', senderAccountId: COLLEAGUE, toAccountId: BOT, mentions: [BOT] });
		// The room webhook of the reply flow got the same message and let it pass no filter.
		expect(e2e.server.webhookDeliveries().find((d) => d.url.endsWith('/chatwork-reply'))?.response).toBe('{"ok":true,"ignored":"text"}');
	});

	it('answers a bad signature with 401 and runs nothing', async () => {
		const since = await latestExecutionId();
		const body = eventBody();
		const forged = await fetch(eventsUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': sign(REPLY_TOKEN, body) },
			body,
		});
		expect(forged.status).toBe(401);
		expect(await forged.json()).toEqual({ ok: false, error: 'invalid_signature' });
		const unsigned = await fetch(eventsUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
		expect(unsigned.status).toBe(401);
		expect(await executionsSince(since)).toEqual([]);
	});

	it('answers broken JSON with n8n\'s 422 (version 2 lets n8n parse the body first) and a body over 1 MiB with 413, and runs nothing', async () => {
		const since = await latestExecutionId();
		const broken = '{"webhook_event_type": "message_created",';
		const post = (body: string, signature: string | undefined) =>
			fetch(eventsUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', ...(signature === undefined ? {} : { 'X-ChatWorkWebhookSignature': signature }) },
				body,
			});
		for (const signature of [sign(EVENTS_TOKEN, broken), undefined]) {
			const response = await post(broken, signature);
			expect([response.status, ((await response.json()) as { message?: string }).message]).toEqual([422, 'Failed to parse request body']);
		}
		const huge = eventBody({ padding: 'x'.repeat(1024 * 1024) });
		const tooLarge = await post(huge, sign(EVENTS_TOKEN, huge));
		expect([tooLarge.status, await tooLarge.json()]).toEqual([413, { ok: false, error: 'payload_too_large' }]);
		expect(await executionsSince(since)).toEqual([]);
	});

	it('leaves a body over n8n\'s N8N_PAYLOAD_SIZE_MAX (16 MiB) to n8n in version 2: n8n\'s own 500, as for its Webhook node; version 1 answers 413; nothing runs', async () => {
		const since = await latestExecutionId();
		const huge = Buffer.from(eventBody({ padding: 'x'.repeat(17 * 1024 * 1024) }));
		const post = (url: string) =>
			fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': sign(EVENTS_TOKEN, huge) }, body: huge });
		// n8n 2.40.7 reads a version-2 body before the node runs and turns its own size refusal into a 500
		// (parseRequestBody → readRawBody); the node cannot answer first. Upstream, like n8n's Webhook node.
		const v2 = await post(eventsUrl);
		expect([v2.status, ((await v2.json()) as { message?: string }).message]).toEqual([500, 'There was a problem executing the workflow']);
		const v1 = await post(e2e.n8n.webhookUrl('cw-events-v1'));
		expect([v1.status, await v1.json()]).toEqual([413, { ok: false, error: 'payload_too_large' }]);
		// The next webhook is answered as ever.
		const body = eventBody({ webhook_event: { message_id: '1900000000000003101', room_id: EVENTS_ROOM, account_id: COLLEAGUE, body: 'after', send_time: 1, update_time: 0 } });
		const next = await fetch(eventsUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': sign(EVENTS_TOKEN, body) }, body });
		expect([next.status, await next.json()]).toEqual([200, { ok: true }]);
		await waitForExecutions({ workflowId: EVENTS_FLOW.id, since, count: 1 });
		expect(await executionsSince(since)).toHaveLength(1);
	});

	it('keeps a saved version-1 trigger working as before: an event runs once, broken JSON gets the node\'s 400, a forged one 401', async () => {
		const since = await latestExecutionId();
		const url = e2e.n8n.webhookUrl('cw-events-v1');
		const post = (body: string, signature: string) =>
			fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': signature }, body });
		const event = eventBody({ webhook_event: { message_id: '1900000000000003001', room_id: EVENTS_ROOM, account_id: COLLEAGUE, body: '[toall]v1', send_time: 1, update_time: 0 } });
		const accepted = await post(event, sign(EVENTS_TOKEN, event));
		expect([accepted.status, await accepted.json()]).toEqual([200, { ok: true }]);
		const broken = '{"webhook_event_type": "message_created",';
		const refused = await post(broken, sign(EVENTS_TOKEN, broken));
		expect([refused.status, await refused.json()]).toEqual([400, { ok: false, error: 'malformed_json' }]);
		const forged = await post(event, sign(REPLY_TOKEN, event));
		expect([forged.status, await forged.json()]).toEqual([401, { ok: false, error: 'invalid_signature' }]);

		const [execution] = await waitForExecutions({ workflowId: SAVED_V1_FLOW.id, since, count: 1 });
		const [[item]] = e2e.n8n.nodeOutput(execution, 'Chatwork Trigger') ?? [[]];
		expect(item).toMatchObject({ messageId: '1900000000000003001', text: 'v1', toAll: true });
		expect(await executionsSince(since)).toHaveLength(1);
	});

	it('starts one execution for a signed event posted three times, and none for a signed event from 2017', async () => {
		const since = await latestExecutionId();
		const body = eventBody({ webhook_event: { message_id: '1900000000000002501', room_id: EVENTS_ROOM, account_id: COLLEAGUE, body: 'replayed', send_time: 1, update_time: 0 } });
		const answers: Array<[number, unknown]> = [];
		for (let copy = 0; copy < 3; copy++) {
			const response = await fetch(eventsUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': sign(EVENTS_TOKEN, body) },
				body,
			});
			answers.push([response.status, await response.json()]);
		}
		expect(answers).toEqual([
			[200, { ok: true }],
			[200, { ok: true, ignored: 'duplicate' }],
			[200, { ok: true, ignored: 'duplicate' }],
		]);
		const old = eventBody({ webhook_event_time: 1_500_000_000 });
		const stale = await fetch(eventsUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': sign(EVENTS_TOKEN, old) },
			body: old,
		});
		expect([stale.status, await stale.json()]).toEqual([400, { ok: false, error: 'stale_event' }]);
		const runs = await executionsSince(since, EVENTS_FLOW.id);
		expect(runs).toHaveLength(1);
	});

	it('ignores the messages of its own account: answered 200, no execution', async () => {
		const since = await latestExecutionId();
		e2e.server.addMessage(EVENTS_ROOM, { account_id: BOT, body: '自動投稿です' });
		await e2e.server.webhooksSettled();
		expect(e2e.server.webhookDeliveries().map((d) => [d.status, d.response])).toEqual([[200, '{"ok":true,"ignored":"own_message"}']]);
		expect(await executionsSince(since)).toEqual([]);
	});

	it('turns 100 webhooks sent within 10 s into 100 executions, none lost', async () => {
		const since = await latestExecutionId();
		const ids: string[] = [];
		// One message every 80 ms from the start, so the hundredth leaves about 8 s after the first.
		const start = Date.now();
		for (let n = 0; n < 100; n++) {
			await sleep(Math.max(0, start + n * 80 - Date.now()));
			ids.push(e2e.server.addMessage(EVENTS_ROOM, { account_id: COLLEAGUE, body: `リード ${n}` }).message_id);
		}
		await e2e.server.webhooksSettled();
		const deliveries = e2e.server.webhookDeliveries();
		expect(deliveries.map((d) => d.status ?? d.error)).toEqual(Array(100).fill(200));
		expect(deliveries[99].sentAt - deliveries[0].sentAt).toBeLessThan(10_000);

		const executions = await waitForExecutions({ workflowId: EVENTS_FLOW.id, since, count: 100, timeoutMs: 180_000 });
		const seen = executions.map((execution) => e2e.n8n.nodeOutput(execution, 'Chatwork Trigger')?.[0]?.[0]?.messageId);
		expect(new Set(seen)).toEqual(new Set(ids));
		expect(await executionsSince(since)).toHaveLength(100);
	});

	it('answers 200+ generated forged or malformed requests with a 4xx and never runs the workflow', async () => {
		const since = await latestExecutionId();
		const headerName = fc.constantFrom('X-ChatWorkWebhookSignature', 'x-chatworkwebhooksignature', 'X-Signature');
		const signature = fc.oneof(
			fc.string(),
			fc.base64String({ minLength: 0, maxLength: 60 }),
			fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64')),
			fc.constant(sign(REPLY_TOKEN, eventBody())),
		);
		const body = fc.oneof(fc.constant(eventBody()), fc.string(), fc.json(), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)));
		const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', '');
		const requests = fc.sample(fc.tuple(headerName, signature, body, contentType, fc.boolean()), 200);
		// Eight at a time, as a prober would; each answer is checked, the statuses kept for the report.
		const statuses: number[] = [];
		let next = 0;
		const worker = async () => {
			while (next < requests.length) {
				const [name, sig, payload, type, inQuery] = requests[next++];
				const headers: Record<string, string> = {};
				if (type) headers['Content-Type'] = type;
				if (!inQuery && /^[\x21-\x7e]*$/.test(sig)) headers[name] = sig;
				const url = inQuery ? `${eventsUrl}?chatwork_webhook_signature=${encodeURIComponent(sig)}` : eventsUrl;
				const response = await fetch(url, { method: 'POST', headers, body: payload });
				await response.arrayBuffer();
				statuses.push(response.status);
			}
		};
		await Promise.all(Array.from({ length: 8 }, worker));
		expect(statuses.filter((status) => status < 400 || status >= 500)).toEqual([]);
		expect(statuses.length).toBeGreaterThanOrEqual(200);
		expect(await executionsSince(since)).toEqual([]);
	});

	it('runs the reply flow: lead notification → colleague replies 「対応済み」 → one confirmation, and its own posts start nothing', async () => {
		const since = await latestExecutionId();
		const lead = await fetch(e2e.n8n.webhookUrl('satori-lead'), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ company: '株式会社サンプル', name: '山田 花子', email: 'hanako@example.co.jp' }),
		});
		expect(lead.status).toBe(200);
		await waitForExecutions({ workflowId: LEAD_FLOW.id, since, count: 1 });
		await e2e.server.webhooksSettled();
		const [notification] = e2e.server.messages(LEAD_ROOM);
		expect(notification.account_id).toBe(BOT);

		// The colleague replies on the sandbox page, as in Chatwork's UI.
		const posted = await fetch(`${e2e.server.origin}/sandbox/messages`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				room_id: LEAD_ROOM,
				account_id: COLLEAGUE,
				body: `[rp aid=${BOT} to=${LEAD_ROOM}-${notification.message_id}]Lead Botさん\n対応済み`,
			}),
		});
		expect(posted.status).toBe(200);
		const { message_id: replyId } = (await posted.json()) as { message_id: string };

		const [run] = await waitForExecutions({ workflowId: REPLY_FLOW.id, since, count: 1 });
		expect(run.status).toBe('success');
		const [[item]] = e2e.n8n.nodeOutput(run, 'Chatwork Trigger') ?? [[]];
		expect(item).toMatchObject({
			text: 'Lead Botさん\n対応済み',
			reply: { accountId: BOT, roomId: LEAD_ROOM, messageId: notification.message_id },
			senderAccountId: COLLEAGUE,
		});
		await e2e.server.webhooksSettled();
		const bodies = e2e.server.messages(LEAD_ROOM).map((message) => message.body);
		expect(bodies).toHaveLength(3);
		expect(bodies[2]).toBe(`[rp aid=${COLLEAGUE} to=${LEAD_ROOM}-${replyId}]対応済みとして記録しました。ありがとうございます！`);

		// The notification and the confirmation reached the trigger too, and were ignored as its own.
		const answers = e2e.server.webhookDeliveries().filter((d) => d.url.endsWith('/chatwork-reply'));
		expect(answers.map((d) => [d.messageId, d.status, d.response])).toEqual([
			[notification.message_id, 200, '{"ok":true,"ignored":"own_message"}'],
			[replyId, 200, '{"ok":true}'],
			[e2e.server.messages(LEAD_ROOM)[2].message_id, 200, '{"ok":true,"ignored":"own_message"}'],
		]);
		expect(await executionsSince(since, REPLY_FLOW.id)).toHaveLength(1);
	});
});
