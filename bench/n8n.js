// @ts-check
/**
 * Issue 7: our nodes against what users would build from n8n's own nodes, in a real n8n 2.40.7
 * (scripts/n8n/harness.js), side by side in one run, one table:
 *   1. trigger throughput: SATORI Webhook Trigger (10-field schema) → NoOp vs Webhook → NoOp;
 *   2. 1,000 items over 10 rooms, server limits off: Chatwork node vs HTTP Request node (seed recipe);
 *   3. the same under Chatwork's real limits on a time-scaled server;
 *   4. n8n's /healthz p99, probed every 50 ms, while those 1,000-item executions run;
 *   5. template µs per message (100,000 items, compiled once) and the n8n process's peak RSS during
 *      a 10,000-item execution;
 *   6. how fast the Chatwork Trigger answers Chatwork: signed webhooks (→ NoOp) one at a time as
 *      Chatwork sends them, then a burst of signed ones beside n8n's Webhook node, and forged ones (401).
 *   8. (issue 14) end-to-end latency of one lead, client POST → message stored at the look-alike:
 *      SATORI Webhook Trigger → Chatwork vs Webhook → HTTP Request, and the two crossed pairs that
 *      point a regression at its half, alternating in one n8n; once with n8n's defaults and once
 *      with the settings docs/performance.md → Production settings recommends, each on its own n8n.
 *      BENCH_LATENCY_ROUNDS (50), BENCH_LATENCY_WARMUP (5), BENCH_LATENCY_GAP_MS (300),
 *      BENCH_LATENCY_VARIANTS adds settings to compare (see latencyVariants).
 * Two n8n instances, started side by side and measured one after the other: `N8N_CHATWORK_TIME_SCALE`
 * is read by the n8n process, and rows 2/5 (limits off) want the node's own per-room pacing to be
 * negligible while row 3 wants a clock where the theoretical minimum lasts a few tens of seconds.
 *
 * Sizes are configurable: BENCH_TRIGGER_REQUESTS (2000), BENCH_TRIGGER_CONCURRENCY (20),
 * BENCH_N8N_MESSAGES (1000), BENCH_N8N_REPEAT (2), BENCH_N8N_TIME_SCALE (0.03),
 * BENCH_N8N_FAST_TIME_SCALE (0.001), BENCH_TEMPLATE_ITEMS (100000), BENCH_MEMORY_ITEMS (10000),
 * BENCH_CW_TRIGGER_REQUESTS (500), BENCH_CW_TRIGGER_PACED (200).
 * BENCH_N8N_ROWS (e.g. "2" or "2,3") runs only some rows (row 4 comes with rows 2 and 3); the
 * table then shows only those. BENCH_N8N_RECOMMENDED=1 runs the limits-off n8n (rows 1, 2, 5, 6) with the
 * settings docs/performance.md → Production settings recommends instead of n8n's defaults. BENCH_N8N_NODE_OPTIONS is handed to the limits-off n8n as NODE_OPTIONS
 * (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it).
 * BENCH_N8N_QUEUE=1 adds row 7 (several minutes more): the same 1,000 messages under the limits as
 * 10 executions of 100 posted at once, in n8n's queue mode with 2 workers (scripts/n8n/queue.js)
 * and, beside it, on the single process of row 3.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startN8n } = require('../scripts/n8n/harness');
const { startQueue } = require('../scripts/n8n/queue');
const { PRODUCTION_SETTINGS } = require('../scripts/n8n/productionSettings');
const { startServerProcess } = require('./support/chatworkServerProcess');

const int = (/** @type {string} */ name, /** @type {number} */ fallback) => Number(process.env[name] ?? fallback);
const TRIGGER_REQUESTS = int('BENCH_TRIGGER_REQUESTS', 2000);
const TRIGGER_CONCURRENCY = int('BENCH_TRIGGER_CONCURRENCY', 20);
const N = int('BENCH_N8N_MESSAGES', 1000);
const REPEAT = int('BENCH_N8N_REPEAT', 2);
// 1 Chatwork second = 30 ms: the 900 s minimum of 1,000 posts lasts 27 s.
const TIME_SCALE = int('BENCH_N8N_TIME_SCALE', 0.03);
// Limits off: the node still keeps 10 posts / 10 s per room by itself; at 1 Chatwork s = 1 ms that
// costs 90 ms for 100 posts per room, so the row measures the work per item, not the pacing.
const FAST_TIME_SCALE = int('BENCH_N8N_FAST_TIME_SCALE', 0.001);
const TEMPLATE_ITEMS = int('BENCH_TEMPLATE_ITEMS', 100_000);
const MEMORY_ITEMS = int('BENCH_MEMORY_ITEMS', 10_000);
const ROOM_COUNT = 10;
const CW_TRIGGER_REQUESTS = int('BENCH_CW_TRIGGER_REQUESTS', 500);
const CW_TRIGGER_PACED = int('BENCH_CW_TRIGGER_PACED', 200);
/** The Chatwork Trigger's webhook token (base64 of 32 bytes, as Chatwork shows one) and a forger's. */
const CW_WEBHOOK_TOKEN = Buffer.alloc(32, 5).toString('base64');
const CW_FORGER_TOKEN = Buffer.alloc(32, 6).toString('base64');
const ROWS = new Set((process.env.BENCH_N8N_ROWS ?? '1,2,3,5,6,8').split(',').map((row) => row.trim()));
if (process.env.BENCH_N8N_QUEUE === '1') ROWS.add('7');
const QUEUE_EXECUTIONS = 10;
const PROBE_MS = 50;
const TOKEN = 'bench-n8n-token-4d1c9a07e2';
const SEED_TEMPLATE =
	'●●セミナーのお申込みフォームから{{company}}の {{name}}様の登録がありました。SATORIのカスタマー詳細ページは{{customer_detail_url}}です。';
/** The same message as an n8n expression, the way the seed's HTTP Request recipe builds the body. */
const SEED_EXPRESSION =
	'=●●セミナーのお申込みフォームから{{ $json.company }}の {{ $json.name }}様の登録がありました。SATORIのカスタマー詳細ページは{{ $json.customer_detail_url }}です。';
const rooms = Array.from({ length: ROOM_COUNT }, (_, index) => ({ room_id: 5001 + index, name: `Room ${index + 1}` }));

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls n8n's REST API again after a connection error: while a big execution blocks n8n's event
 * loop, a kept-alive socket can be closed under a request (ECONNRESET); that is not a result.
 * @template T @param {() => Promise<T>} call @returns {Promise<T>}
 */
async function retry(call, attempts = 5) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			const text = String(/** @type {any} */ (error)?.cause?.code ?? /** @type {any} */ (error)?.message);
			if (attempt >= attempts || !/ECONNRESET|fetch failed|UND_ERR|EPIPE|socket/i.test(text)) throw error;
			await sleep(500 * attempt);
		}
	}
}

// ------------------------------------------------------------------ workflows

let nodeCounter = 0;
/** @param {string} name @param {string} type @param {number} typeVersion @param {object} parameters @param {object} [extra] */
function node(name, type, typeVersion, parameters, extra = {}) {
	nodeCounter++;
	return {
		id: crypto.randomUUID(),
		name,
		type,
		typeVersion,
		position: [nodeCounter * 220, 0],
		parameters,
		...extra,
	};
}

/** @param {Array<[string, string, number?]>} links  [from, to, output index] */
function connect(links) {
	/** @type {Record<string, {main: any[][]}>} */
	const connections = {};
	for (const [from, to, output = 0] of links) {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output].push({ node: to, type: 'main', index: 0 });
	}
	return connections;
}

/** @param {string} name @param {any[]} nodes @param {Array<[string, string, number?]>} links */
function workflow(name, nodes, links) {
	return { id: randomId(), name, nodes, connections: connect(links), settings: { executionOrder: 'v1' }, pinData: {} };
}

function randomId() {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(crypto.randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

/** A 10-field form: the seed's fields and more, all the field types a form typically has. */
const TRIGGER_FIELDS = [
	{ key: 'company', label: '会社名', type: 'text', required: true, maxLength: 200 },
	{ key: 'name', label: '氏名', type: 'text', required: true, maxLength: 100 },
	{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
	{ key: 'phone', label: '電話番号', type: 'phone', required: false },
	{ key: 'department', label: '部署', type: 'text', required: false, maxLength: 100 },
	{ key: 'position', label: '役職', type: 'text', required: false, maxLength: 100 },
	{ key: 'website', label: 'Webサイト', type: 'url', required: false },
	{ key: 'employees', label: '従業員数', type: 'number', required: false },
	{ key: 'newsletter', label: 'メールマガジン', type: 'boolean', required: false },
	{ key: 'memo', label: 'お問い合わせ内容', type: 'text', required: false, maxLength: 2000 },
];

/** @param {number} n */
function submission(n) {
	return {
		company: `株式会社ベンチ${n}`,
		name: `担当 太郎${n}`,
		email: `lead${n}@example.co.jp`,
		phone: '03-1234-5678',
		department: '営業部',
		position: '課長',
		website: 'https://www.example.co.jp/',
		employees: 120,
		newsletter: true,
		memo: 'セミナーの資料を送ってください。',
	};
}

function triggerWorkflows() {
	const ours = workflow(
		'bench: SATORI Webhook Trigger → NoOp',
		[
			node(
				'SATORI Webhook Trigger',
				'n8n-nodes-satori-chatwork.satoriWebhookTrigger',
				1,
				{
					httpMethod: 'POST',
					path: 'bench-satori',
					fields: { field: TRIGGER_FIELDS },
					unknownFields: 'keep',
					answer: 'json',
					language: 'ja',
					options: {},
				},
				{ webhookId: crypto.randomUUID() },
			),
			node('NoOp', 'n8n-nodes-base.noOp', 1, {}),
		],
		[['SATORI Webhook Trigger', 'NoOp']],
	);
	const theirs = workflow(
		'bench: Webhook → NoOp',
		[
			node('Webhook', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path: 'bench-webhook', options: {} }, { webhookId: crypto.randomUUID() }),
			node('NoOp', 'n8n-nodes-base.noOp', 1, {}),
		],
		[['Webhook', 'NoOp']],
	);
	return { ours, theirs };
}

/** Row 6: Chatwork Trigger → NoOp, the loop guard on (by account ID, so no GET /me in the way). */
function chatworkTriggerWorkflow() {
	return workflow(
		'bench: Chatwork Trigger → NoOp',
		[
			node(
				'Chatwork Trigger',
				'n8n-nodes-satori-chatwork.chatworkTrigger',
				1,
				{ path: 'bench-chatwork', events: ['message_created'], ignoreOwnMessages: true, ownAccountFrom: 'accountIds', ownAccountIds: '1', filters: {} },
				{ webhookId: crypto.randomUUID(), credentials: { chatworkWebhookApi: { id: 'cwBenchWebhook01', name: 'cwBenchWebhook01' } } },
			),
			node('NoOp', 'n8n-nodes-base.noOp', 1, {}),
		],
		[['Chatwork Trigger', 'NoOp']],
	);
}

/** One webhook as Chatwork sends it, signed with `token` over the exact bytes. */
function chatworkWebhookRequest(/** @type {number} */ n, /** @type {string} */ token) {
	const body = JSON.stringify({
		webhook_setting_id: '1',
		webhook_event_type: 'message_created',
		webhook_event_time: 1764300000 + n,
		webhook_event: { message_id: String(1900000000000000000n + BigInt(n)), room_id: 5001, account_id: 2, body: `[rp aid=1 to=5001-1900000000000000000]Benchさん\n対応済み ${n}`, send_time: 1764300000 + n, update_time: 0 },
	});
	const signature = crypto.createHmac('sha256', Buffer.from(token, 'base64')).update(body).digest('base64');
	return { method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': 'ChatWork-Webhook/1.0.0', 'X-ChatWorkWebhookSignature': signature }, body };
}

/** A Webhook that receives {items: [...]} and a Split Out that makes one item each, in front of `sender`. */
function sendWorkflow(/** @type {string} */ name, /** @type {string} */ webhookPath, /** @type {any} */ sender, /** @type {boolean} */ twoOutputs) {
	return workflow(
		name,
		[
			node('Webhook', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path: webhookPath, options: {} }, { webhookId: crypto.randomUUID() }),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} }),
			sender,
			node('Delivered', 'n8n-nodes-base.noOp', 1, {}),
			...(twoOutputs ? [node('Failed', 'n8n-nodes-base.noOp', 1, {})] : []),
		],
		[
			['Webhook', 'Split Out'],
			['Split Out', sender.name],
			[sender.name, 'Delivered', 0],
			...(twoOutputs ? /** @type {Array<[string, string, number]>} */ ([[sender.name, 'Failed', 1]]) : []),
		],
	);
}

/** Our Chatwork node: Message → Send with the seed's template, the room from the item. */
function oursSender(/** @type {string} */ credentialId) {
	return node(
		'Chatwork',
		'n8n-nodes-satori-chatwork.chatwork',
		1,
		{
			resource: 'message',
			operation: 'send',
			roomId: { __rl: true, mode: 'id', value: '={{ $json.room }}' },
			text: SEED_TEMPLATE,
			selfUnread: true,
			options: {},
			delivery: { concurrentRooms: ROOM_COUNT },
		},
		{ credentials: { chatworkApi: { id: credentialId, name: credentialId } } },
	);
}

/**
 * n8n's HTTP Request node as the seed's recipe sets it up (form-urlencoded, token header, body by
 * expression); by default the room comes from the item.
 */
function httpSender(
	/** @type {string} */ baseUrl,
	{ name = 'HTTP Request', url = `={{ "${baseUrl}/rooms/" + $json.room + "/messages" }}`, body = SEED_EXPRESSION } = {},
) {
	return node(name, 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url,
		sendHeaders: true,
		specifyHeaders: 'keypair',
		headerParameters: { parameters: [{ name: 'X-ChatWorkToken', value: TOKEN }] },
		sendBody: true,
		contentType: 'form-urlencoded',
		specifyBody: 'keypair',
		bodyParameters: {
			parameters: [
				{ name: 'body', value: body },
				{ name: 'self_unread', value: '1' },
			],
		},
		options: {},
	});
}

/** @param {number} count @param {number} [offset] */
function leadItems(count, offset = 0) {
	return Array.from({ length: count }, (_, index) => {
		const n = index + offset;
		return {
			company: `株式会社ベンチ${n}`,
			name: `担当者${n}`,
			customer_detail_url: `https://app.satori.marketing/customers/${n}`,
			room: rooms[n % ROOM_COUNT].room_id,
		};
	});
}

// ------------------------------------------------------------------ measuring

/** @param {number[]} values @param {number} p 0..100 */
function percentile(values, p) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The n8n process itself: the guard's child (`n8n start`), not the guard. */
function n8nPid(/** @type {import('../scripts/n8n/harness').N8nInstance} */ instance) {
	const guard = instance.pid;
	if (!guard) return undefined;
	try {
		const children = fs.readFileSync(`/proc/${guard}/task/${guard}/children`, 'utf8').trim().split(/\s+/).map(Number);
		return children.find((pid) => {
			try {
				return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('n8n');
			} catch {
				return false;
			}
		});
	} catch {
		return undefined;
	}
}

/** @param {number | undefined} pid @returns {{rssKb: number, hwmKb: number}} */
function memory(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const read = (/** @type {string} */ key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
		return { rssKb: read('VmRSS'), hwmKb: read('VmHWM') };
	} catch {
		return { rssKb: NaN, hwmKb: NaN };
	}
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0); false when not allowed. */
function resetPeak(/** @type {number | undefined} */ pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/**
 * GET /healthz every 50 ms, each probe on its own (a stalled event loop shows as long latencies,
 * not as fewer probes); also samples the n8n process's RSS.
 */
function startProbe(/** @type {import('../scripts/n8n/harness').N8nInstance} */ instance, /** @type {number | undefined} */ pid) {
	/** @type {number[]} */
	const latencies = [];
	/** @type {Promise<void>[]} */
	const pending = [];
	let failures = 0;
	let peakRssKb = 0;
	const timer = setInterval(() => {
		const started = performance.now();
		pending.push(
			fetch(`${instance.baseUrl}/healthz`).then(
				async (response) => {
					await response.arrayBuffer();
					if (response.ok) latencies.push(performance.now() - started);
					else failures++;
				},
				() => {
					failures++;
				},
			),
		);
		peakRssKb = Math.max(peakRssKb, memory(pid).rssKb || 0);
	}, PROBE_MS);
	return async () => {
		clearInterval(timer);
		await Promise.all(pending);
		return { latencies, failures, peakRssKb };
	};
}

/** The newest execution id of the instance ('0' when none). */
async function latestExecutionId(/** @type {import('../scripts/n8n/harness').N8nInstance} */ instance) {
	const [latest] = await retry(() => instance.listExecutions({ limit: 1 }));
	return latest?.id ?? '0';
}

/** How many executions of a workflow have finished (any final status). */
async function finishedCount(/** @type {import('../scripts/n8n/harness').N8nInstance} */ instance, /** @type {string} */ workflowId) {
	const page = await retry(() =>
		instance.api('GET', '/executions', {
			query: { filter: { workflowId, status: ['success', 'error', 'crashed', 'canceled'] }, limit: 1 },
		}),
	);
	return Number(page.count ?? 0);
}

/** Waits until `target` executions of the workflow have finished. */
async function waitFinished(
	/** @type {import('../scripts/n8n/harness').N8nInstance} */ instance,
	/** @type {string} */ workflowId,
	/** @type {number} */ target,
	timeoutMs = 600_000,
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const count = await finishedCount(instance, workflowId);
		if (count >= target) return count;
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: ${count}/${target} executions finished in time`);
		await sleep(500);
	}
}

/** Posts `total` submissions with `concurrency` in flight; latency per request, from send to the whole answer. */
async function hammer(/** @type {string} */ url, /** @type {number} */ total, /** @type {number} */ concurrency, offset = 0) {
	/** @type {number[]} */
	const latencies = [];
	const statuses = new Map();
	let next = 0;
	const started = performance.now();
	const worker = async () => {
		while (next < total) {
			const n = offset + next++;
			const t0 = performance.now();
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(submission(n)),
			});
			await response.arrayBuffer();
			latencies.push(performance.now() - t0);
			statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { latencies, wallMs: performance.now() - started, statuses };
}

/** Sends `total` requests made by `requestFor(n)` with `concurrency` in flight; latency of each whole answer, and the statuses. */
async function timeRequests(/** @type {string} */ url, /** @type {number} */ total, /** @type {number} */ concurrency, /** @type {(n: number) => RequestInit} */ requestFor) {
	/** @type {number[]} */
	const latencies = [];
	const statuses = new Map();
	let next = 0;
	const worker = async () => {
		while (next < total) {
			const n = next++;
			const t0 = performance.now();
			const response = await fetch(url, requestFor(n));
			await response.arrayBuffer();
			latencies.push(performance.now() - t0);
			statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { latencies, statuses };
}

/**
 * One execution of a send workflow: POST the items to its Webhook, wait for the execution, probe
 * /healthz all the while. Returns the execution's and the sender node's times and the probe.
 */
async function runSend(
	/** @type {import('../scripts/n8n/harness').N8nInstance} */ instance,
	/** @type {{id: string, path: string, sender: string}} */ flow,
	/** @type {any[]} */ items,
	/** @type {{reset: () => Promise<any>, stats: () => Promise<any>}} */ server,
	options = { probe: true, peak: false },
) {
	await server.reset();
	const since = await latestExecutionId(instance);
	const pid = n8nPid(instance);
	const peakReset = options.peak ? resetPeak(pid) : false;
	const before = memory(pid);
	const stopProbe = options.probe ? startProbe(instance, pid) : async () => ({ latencies: [], failures: 0, peakRssKb: 0 });
	const started = performance.now();
	const response = await fetch(instance.webhookUrl(flow.path), {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ items }),
	});
	await response.arrayBuffer();
	if (!response.ok) throw new Error(`${flow.path}: webhook answered ${response.status}`);
	/** @type {import('../scripts/n8n/harness').ExecutionSummary | undefined} */
	let summary;
	const deadline = Date.now() + 900_000;
	for (;;) {
		const list = await retry(() => instance.listExecutions({ workflowId: flow.id, since, limit: 5 }));
		summary = list.find((execution) => ['success', 'error', 'crashed', 'canceled'].includes(execution.status));
		if (summary) break;
		if (Date.now() > deadline) throw new Error(`${flow.path}: no finished execution in time`);
		await sleep(200);
	}
	const observedMs = performance.now() - started;
	const probe = await stopProbe();
	const after = memory(pid);
	const report = await server.stats();
	const execution = await retry(() => instance.getExecution(/** @type {any} */ (summary).id));
	const runs = execution.data?.resultData?.runData ?? {};
	const senderRun = runs[flow.sender]?.[0];
	const [success = [], failed = []] = instance.nodeOutput(execution, flow.sender) ?? [];
	return {
		status: execution.status,
		errorMessage: execution.data?.resultData?.error?.message,
		executionMs: Date.parse(String(execution.stoppedAt)) - Date.parse(execution.startedAt),
		senderMs: senderRun?.executionTime ?? NaN,
		observedMs,
		success: success.length,
		failed: failed.length,
		delivered: report.rooms.reduce((/** @type {number} */ sum, /** @type {any} */ room) => sum + room.stored, 0),
		tooMany: report.stats.tooMany.room + report.stats.tooMany.token,
		requests: report.stats.requests,
		maxPostsIn10s: Math.max(...report.rooms.map((/** @type {any} */ room) => room.maxPostsIn10s)),
		probe,
		peakReset,
		rssBeforeKb: before.rssKb,
		hwmKb: after.hwmKb,
	};
}

// ------------------------------------------------------------------ rows

/** Row 5a: the template engine alone, compiled once, rendering many items (this process). */
function templateCost() {
	const { compileTemplate } = require('../dist/nodes/Chatwork/template');
	const render = compileTemplate(SEED_TEMPLATE, { notationSafety: true });
	const data = Array.from({ length: TEMPLATE_ITEMS }, (_, n) => ({
		company: n % 10 === 0 ? `株式会社[toall]ベンチ${n}` : `株式会社ベンチ${n}`,
		name: n % 10 === 5 ? `担当者${n}[To:1234]` : `担当者${n}`,
		customer_detail_url: `https://app.satori.marketing/customers/${n}`,
	}));
	let length = 0;
	for (let n = 0; n < Math.min(10_000, TEMPLATE_ITEMS); n++) length += render(data[n]).length; // warm-up
	const started = process.hrtime.bigint();
	for (const item of data) length += render(item).length;
	const ns = Number(process.hrtime.bigint() - started);
	const inert = render(data[0]);
	if (inert.includes('[toall]')) throw new Error(`notation safety is off: ${inert}`);
	return { usPerMessage: ns / 1000 / TEMPLATE_ITEMS, length };
}

async function main() {
	const benchStarted = performance.now();
	const progress = (/** @type {string} */ line) =>
		console.log(`n8n [${((performance.now() - benchStarted) / 1000).toFixed(0)} s]: ${line}`);
	const template = ROWS.has('5') ? templateCost() : undefined;
	// Row 8 first, on its own n8n instances, while no other n8n runs on the machine.
	const latency = ROWS.has('8') ? await latencyRow(progress) : undefined;
	const needsFast = ['1', '2', '5', '6'].some((row) => ROWS.has(row));

	const fastServer = await startServerProcess({
		accounts: [{ token: TOKEN, account_id: 1, name: 'Bench' }],
		rooms,
		limits: false,
		timeScale: FAST_TIME_SCALE,
	});
	const limitedServer = await startServerProcess({
		accounts: [{ token: TOKEN, account_id: 1, name: 'Bench' }],
		rooms,
		timeScale: TIME_SCALE,
	});
	const credential = (/** @type {string} */ id, /** @type {string} */ baseUrl) => ({
		id,
		name: id,
		type: 'chatworkApi',
		data: { apiToken: TOKEN, baseUrl },
	});

	const triggers = triggerWorkflows();
	const chatworkTrigger = chatworkTriggerWorkflow();
	const fastOurs = sendWorkflow('bench: Chatwork node, limits off', 'bench-send-ours', oursSender('cwBenchFast00001'), true);
	const fastHttp = sendWorkflow('bench: HTTP Request node, limits off', 'bench-send-http', httpSender(fastServer.url), false);
	const limitedOurs = sendWorkflow('bench: Chatwork node, limits on', 'bench-send-ours', oursSender('cwBenchLimited01'), true);
	const limitedHttp = sendWorkflow('bench: HTTP Request node, limits on', 'bench-send-http', httpSender(limitedServer.url), false);

	console.log(`\nn8n: starting the n8n instances (N8N_CHATWORK_TIME_SCALE ${FAST_TIME_SCALE} and ${TIME_SCALE})…`);
	const quiet = { onProgress: () => {} };
	/** @type {import('../scripts/n8n/harness').N8nInstance[]} */
	const instances = [];
	try {
		const [fastStarted, limited] = await Promise.all([
			needsFast
				? startN8n({
						name: 'bench-fast',
						...quiet,
						env: { N8N_CHATWORK_TIME_SCALE: String(FAST_TIME_SCALE), NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS, ...(process.env.BENCH_N8N_RECOMMENDED ? PRODUCTION_SETTINGS : {}) },
						credentials: [
							credential('cwBenchFast00001', fastServer.url),
							{ id: 'cwBenchWebhook01', name: 'cwBenchWebhook01', type: 'chatworkWebhookApi', data: { webhookToken: CW_WEBHOOK_TOKEN } },
						],
						workflows: [triggers.ours, triggers.theirs, fastOurs, fastHttp, chatworkTrigger],
					}).then((instance) => (instances.push(instance), instance))
				: undefined,
			ROWS.has('3') || ROWS.has('7')
				? startN8n({
						name: 'bench-limited',
						...quiet,
						env: { N8N_CHATWORK_TIME_SCALE: String(TIME_SCALE) },
						credentials: [credential('cwBenchLimited01', limitedServer.url)],
						workflows: [limitedOurs, limitedHttp],
					}).then((instance) => (instances.push(instance), instance))
				: undefined,
		]);
		const fast = /** @type {import('../scripts/n8n/harness').N8nInstance} */ (fastStarted);
		const send = {
			fastOurs: { id: fastOurs.id, path: 'bench-send-ours', sender: 'Chatwork' },
			fastHttp: { id: fastHttp.id, path: 'bench-send-http', sender: 'HTTP Request' },
			limitedOurs: { id: limitedOurs.id, path: 'bench-send-ours', sender: 'Chatwork' },
			limitedHttp: { id: limitedHttp.id, path: 'bench-send-http', sender: 'HTTP Request' },
		};
		progress('both ready');

		/** @type {Record<string, any>} */
		const result = { template, latency };
		if (ROWS.has('1')) result.trigger = await triggerRow(fast, triggers, progress);
		if (ROWS.has('6')) result.chatworkTrigger = await chatworkTriggerRow(fast, chatworkTrigger.id, triggers.theirs.id, progress);

		// Rows 2 and 4 (limits off): a small warm-up of each, then alternating runs.
		const items = leadItems(N);
		if (ROWS.has('2')) {
			progress('rows 2 and 4, limits off…');
			await runSend(fast, send.fastOurs, leadItems(20), fastServer, { probe: false, peak: false });
			await runSend(fast, send.fastHttp, leadItems(20), fastServer, { probe: false, peak: false });
			result.fastRuns = { ours: [], http: [] };
			for (let r = 0; r < REPEAT; r++) {
				result.fastRuns.ours.push(await runSend(fast, send.fastOurs, items, fastServer));
				progress(`  Chatwork node: ${brief(result.fastRuns.ours[r])}`);
				result.fastRuns.http.push(await runSend(fast, send.fastHttp, items, fastServer));
				progress(`  HTTP Request: ${brief(result.fastRuns.http[r])}`);
			}
		}

		// Rows 3 and 4 (limits on): once each, on the other instance.
		if (ROWS.has('3')) {
			progress(`rows 3 and 4, Chatwork's limits at time scale ${TIME_SCALE}…`);
			result.limitedOursRun = await runSend(/** @type {any} */ (limited), send.limitedOurs, items, limitedServer);
			progress(`  Chatwork node: ${brief(result.limitedOursRun)}`);
			result.limitedHttpRun = await runSend(/** @type {any} */ (limited), send.limitedHttp, items, limitedServer);
			progress(`  HTTP Request: ${brief(result.limitedHttpRun)}`);
		}

		// Row 5b: peak RSS of the n8n process during a 10,000-item execution of each (limits off).
		if (ROWS.has('5')) {
			progress(`row 5, ${MEMORY_ITEMS} items…`);
			const bigItems = leadItems(MEMORY_ITEMS);
			result.memoryOurs = await runSend(fast, send.fastOurs, bigItems, fastServer, { probe: true, peak: true });
			progress(`  Chatwork node: ${brief(result.memoryOurs)}, VmHWM ${mib(result.memoryOurs.hwmKb)} MiB`);
			result.memoryHttp = await runSend(fast, send.fastHttp, bigItems, fastServer, { probe: true, peak: true });
			progress(`  HTTP Request: ${brief(result.memoryHttp)}, VmHWM ${mib(result.memoryHttp.hwmKb)} MiB`);
		}

		if (ROWS.has('7')) {
			result.queue = await queueRow(/** @type {any} */ (limited), send.limitedOurs, limitedServer, credential, progress);
		}

		result.totalS = (performance.now() - benchStarted) / 1000;
		printReport(result);
		return result;
	} finally {
		await Promise.all(instances.map((instance) => instance.stop()));
		fastServer.close();
		limitedServer.close();
	}
}

/**
 * Row 1: A B B A in halves, after a warm-up, waiting for the executions between phases.
 * @param {import('../scripts/n8n/harness').N8nInstance} fast
 * @param {{ours: any, theirs: any}} triggers
 * @param {(line: string) => void} progress
 */
async function triggerRow(fast, triggers, progress) {
	const triggerUrl = { ours: fast.webhookUrl('bench-satori'), theirs: fast.webhookUrl('bench-webhook') };
	const triggerFlowId = { ours: triggers.ours.id, theirs: triggers.theirs.id };
	/** @type {Record<'ours' | 'theirs', {latencies: number[], wallMs: number, statuses: Map<number, number>, sent: number}>} */
	const trigger = {
		ours: { latencies: [], wallMs: 0, statuses: new Map(), sent: 0 },
		theirs: { latencies: [], wallMs: 0, statuses: new Map(), sent: 0 },
	};
	/** @type {Record<'ours' | 'theirs', number>} */
	const expected = { ours: 0, theirs: 0 };
	const phase = async (/** @type {'ours' | 'theirs'} */ side, /** @type {number} */ count, record = true) => {
		const result = await hammer(triggerUrl[side], count, TRIGGER_CONCURRENCY, expected[side]);
		expected[side] += count;
		const ok = result.statuses.get(200) ?? 0;
		if (ok !== count) throw new Error(`${side}: ${ok}/${count} submissions answered 200 (${JSON.stringify([...result.statuses])})`);
		await waitFinished(fast, triggerFlowId[side], expected[side]);
		if (!record) return;
		trigger[side].latencies.push(...result.latencies);
		trigger[side].wallMs += result.wallMs;
		trigger[side].sent += count;
	};
	progress('row 1, trigger throughput…');
	await phase('ours', 100, false);
	await phase('theirs', 100, false);
	const half = Math.floor(TRIGGER_REQUESTS / 2);
	for (const side of /** @type {const} */ (['ours', 'theirs', 'theirs', 'ours'])) await phase(side, half);
	for (const side of /** @type {const} */ (['ours', 'theirs'])) {
		const t = trigger[side];
		progress(`  ${side}: ${(t.sent / (t.wallMs / 1000)).toFixed(1)} req/s, p50 ${ms(percentile(t.latencies, 50))} ms`);
	}
	return trigger;
}

/**
 * Row 6: how the Chatwork Trigger answers Chatwork. First at Chatwork's own pace (one webhook per
 * posted message, one at a time), then a burst at TRIGGER_CONCURRENCY: signed webhooks (each starts
 * an execution), the same bodies to n8n's Webhook → NoOp (what n8n itself does with that load), and
 * forged ones (401). Each phase after a warm-up, waiting for the executions so that each sees an idle n8n.
 * @param {import('../scripts/n8n/harness').N8nInstance} fast
 * @param {string} workflowId
 * @param {string} webhookWorkflowId  row 1's Webhook → NoOp
 * @param {(line: string) => void} progress
 */
async function chatworkTriggerRow(fast, workflowId, webhookWorkflowId, progress) {
	progress('row 6, Chatwork Trigger answers…');
	const url = fast.webhookUrl('bench-chatwork');
	const webhookUrl = fast.webhookUrl('bench-webhook');
	let sent = 0;
	const signedBatch = async (/** @type {number} */ count, /** @type {number} */ concurrency) => {
		const result = await timeRequests(url, count, concurrency, (n) => chatworkWebhookRequest(sent + n, CW_WEBHOOK_TOKEN));
		sent += result.statuses.get(200) ?? 0;
		// n8n itself answers 503 while its database is busy; such a webhook starts nothing, and the row says so.
		await waitFinished(fast, workflowId, sent, 120_000).catch(() => undefined);
		return result;
	};
	const warmUp = 50;
	await signedBatch(warmUp, TRIGGER_CONCURRENCY);
	const paced = await signedBatch(CW_TRIGGER_PACED, 1);
	const before = await finishedCount(fast, workflowId);
	const signed = await signedBatch(CW_TRIGGER_REQUESTS, TRIGGER_CONCURRENCY);
	const executions = (await finishedCount(fast, workflowId)) - before;
	const webhookBefore = await finishedCount(fast, webhookWorkflowId);
	const webhook = await timeRequests(webhookUrl, CW_TRIGGER_REQUESTS, TRIGGER_CONCURRENCY, (n) => chatworkWebhookRequest(n, CW_WEBHOOK_TOKEN));
	await waitFinished(fast, webhookWorkflowId, webhookBefore + (webhook.statuses.get(200) ?? 0), 120_000).catch(() => undefined);
	const afterSigned = await finishedCount(fast, workflowId);
	const forged = await timeRequests(url, CW_TRIGGER_REQUESTS, TRIGGER_CONCURRENCY, (n) => chatworkWebhookRequest(n, CW_FORGER_TOKEN));
	const after = await finishedCount(fast, workflowId);
	const brief = (/** @type {{latencies: number[], statuses: Map<number, number>}} */ r) =>
		`p50 ${ms(percentile(r.latencies, 50))} ms, p99 ${ms(percentile(r.latencies, 99))} ms (${JSON.stringify([...r.statuses])})`;
	progress(`  one at a time ${brief(paced)}; burst: signed ${brief(signed)}, Webhook node ${brief(webhook)}, forged ${brief(forged)}`);
	return { paced, signed, webhook, forged, executions, forgedExecutions: after - afterSigned };
}

/**
 * One measurement of row 7: N items in QUEUE_EXECUTIONS executions posted at once (each spans every
 * room, so whichever processes run them post to the same rooms), from the first post to the last stop.
 * @param {import('../scripts/n8n/harness').N8nInstance} main  where the executions are listed
 * @param {string} webhookUrl
 * @param {string} workflowId
 * @param {{reset: () => Promise<any>, stats: () => Promise<any>}} server
 * @param {(executionId: string) => number | undefined} [workerOf]
 */
async function runSplit(main, webhookUrl, workflowId, server, workerOf) {
	await server.reset();
	const since = await latestExecutionId(main);
	const size = Math.ceil(N / QUEUE_EXECUTIONS);
	const started = Date.now();
	await Promise.all(
		Array.from({ length: QUEUE_EXECUTIONS }, async (_, part) => {
			const response = await fetch(webhookUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ items: leadItems(size, part * size) }),
			});
			await response.arrayBuffer();
			if (!response.ok) throw new Error(`${webhookUrl}: webhook answered ${response.status}`);
		}),
	);
	const executions = await main.waitForExecutions({ workflowId, since, count: QUEUE_EXECUTIONS, timeoutMs: 900_000 });
	const stoppedAt = Math.max(...executions.map((execution) => Date.parse(String(execution.stoppedAt))));
	const report = await server.stats();
	const byWorker = new Map();
	for (const execution of executions) {
		const worker = workerOf?.(execution.id);
		byWorker.set(worker, (byWorker.get(worker) ?? 0) + 1);
	}
	return {
		wallMs: stoppedAt - started,
		statuses: executions.map((execution) => execution.status),
		delivered: report.rooms.reduce((/** @type {number} */ sum, /** @type {any} */ room) => sum + room.stored, 0),
		tooMany: report.stats.tooMany.room + report.stats.tooMany.token,
		requests: report.stats.requests,
		maxPostsIn10s: Math.max(...report.rooms.map((/** @type {any} */ room) => room.maxPostsIn10s)),
		byWorker: [...byWorker.entries()].filter(([worker]) => worker !== undefined).map(([, count]) => count),
	};
}

/**
 * Row 7: the split run on the single process of row 3, then in queue mode (2 workers) started now.
 * @param {import('../scripts/n8n/harness').N8nInstance} single
 * @param {{id: string, path: string}} flow
 * @param {{url: string, reset: () => Promise<any>, stats: () => Promise<any>}} server
 * @param {(id: string, baseUrl: string) => any} credential
 * @param {(line: string) => void} progress
 */
async function queueRow(single, flow, server, credential, progress) {
	progress(`row 7, ${N} items as ${QUEUE_EXECUTIONS} executions: single process…`);
	const singleRun = await runSplit(single, single.webhookUrl(flow.path), flow.id, server);
	progress(`  single: ${s(singleRun.wallMs)} s, delivered ${singleRun.delivered}, 429s ${singleRun.tooMany}`);
	progress('  starting queue mode (PostgreSQL, Redis, main, webhook processor, 2 workers)…');
	const workflow = sendWorkflow('bench: Chatwork node, queue mode', flow.path, oursSender('cwBenchQueue0001'), true);
	const queue = await startQueue({
		name: 'bench-queue',
		onProgress: () => {},
		env: { N8N_CHATWORK_TIME_SCALE: String(TIME_SCALE) },
		credentials: [credential('cwBenchQueue0001', server.url)],
		workflows: [workflow],
	});
	try {
		const queueRun = await runSplit(queue.main, queue.webhookUrl(flow.path), workflow.id, server, (id) => queue.workerOf(id));
		progress(`  queue: ${s(queueRun.wallMs)} s, delivered ${queueRun.delivered}, 429s ${queueRun.tooMany}, per worker ${queueRun.byWorker.join('/')}`);
		return { single: singleRun, queue: queueRun };
	} finally {
		await queue.stop();
	}
}

// ------------------------------------------------------------------ row 8: end-to-end latency

const LATENCY_ROUNDS = int('BENCH_LATENCY_ROUNDS', 50);
const LATENCY_WARMUP = int('BENCH_LATENCY_WARMUP', 5);
// Leads arrive seconds apart in real life: each one is measured on an n8n that has finished the last.
const LATENCY_GAP_MS = int('BENCH_LATENCY_GAP_MS', 300);
/**
 * The settings row 8 compares: n8n's defaults, the recommended ones, and any given as
 * BENCH_LATENCY_VARIANTS="pool 2:N8N_EXPRESSION_ENGINE_POOL_SIZE=2;legacy:N8N_EXPRESSION_ENGINE=legacy".
 * @returns {Array<{name: string, env: Record<string, string>}>}
 */
function latencyVariants() {
	const extra = (process.env.BENCH_LATENCY_VARIANTS ?? '')
		.split(';')
		.filter((entry) => entry.includes(':'))
		.map((entry) => {
			const [name, assignments] = entry.split(/:(.*)/s);
			const env = Object.fromEntries(assignments.split(',').map((pair) => pair.split(/=(.*)/s).slice(0, 2).map((part) => part.trim())));
			return { name: name.trim(), env };
		});
	return [{ name: "n8n's defaults", env: {} }, { name: 'recommended', env: { ...PRODUCTION_SETTINGS } }, ...extra];
}

/** The trigger/sender pairs of row 8, each posting to its own room of the look-alike. */
const LATENCY_FLOWS = /** @type {const} */ ([
	{ key: 'ours', trigger: 'satori', sender: 'chatwork', room: 6001, label: 'SATORI Webhook Trigger → Chatwork' },
	{ key: 'builtin', trigger: 'webhook', sender: 'http', room: 6002, label: 'Webhook → HTTP Request' },
	{ key: 'oursTrigger', trigger: 'satori', sender: 'http', room: 6003, label: 'SATORI Webhook Trigger → HTTP Request' },
	{ key: 'oursSender', trigger: 'webhook', sender: 'chatwork', room: 6004, label: 'Webhook → Chatwork' },
]);

/**
 * One workflow per pair, set up the way a user would: the room picked once (no expression), the
 * message from the lead — our template, or the seed's n8n expression in HTTP Request.
 * @param {(typeof LATENCY_FLOWS)[number]} flow @param {string} baseUrl @param {string} credentialId
 */
function latencyWorkflow(flow, baseUrl, credentialId) {
	const webhookPath = `bench-latency-${flow.key}`;
	const trigger =
		flow.trigger === 'satori'
			? node(
					'Trigger',
					'n8n-nodes-satori-chatwork.satoriWebhookTrigger',
					1,
					{
						httpMethod: 'POST',
						path: webhookPath,
						fields: { field: TRIGGER_FIELDS.slice(0, 3) },
						unknownFields: 'keep',
						answer: 'json',
						language: 'ja',
						options: {},
					},
					{ webhookId: crypto.randomUUID() },
				)
			: node('Trigger', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path: webhookPath, options: {} }, { webhookId: crypto.randomUUID() });
	// The Webhook node nests the form under `body`; our trigger puts the fields at the top.
	const prefix = flow.trigger === 'webhook' ? 'body.' : '';
	const sender =
		flow.sender === 'chatwork'
			? node(
					'Send',
					'n8n-nodes-satori-chatwork.chatwork',
					1,
					{
						resource: 'message',
						operation: 'send',
						roomId: { __rl: true, mode: 'id', value: String(flow.room) },
						text: SEED_TEMPLATE.replace(/\{\{(\w+)\}\}/g, `{{${prefix}$1}}`),
						selfUnread: true,
						options: {},
					},
					{ credentials: { chatworkApi: { id: credentialId, name: credentialId } } },
				)
			: httpSender(baseUrl, {
					name: 'Send',
					url: `${baseUrl}/rooms/${flow.room}/messages`,
					body: SEED_EXPRESSION.replace(/\$json\./g, `$json.${prefix}`),
				});
	return { flow, path: webhookPath, workflow: workflow(`bench: ${flow.label}`, [trigger, sender], [['Trigger', 'Send']]) };
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * One n8n with the given settings: a warm-up, then rounds that each send one lead through every
 * pair (the order rotating per round), timing client POST → message stored at the look-alike.
 * @param {{name: string, env: Record<string, string>}} variant
 * @param {(line: string) => void} progress
 */
async function measureLatency(variant, progress) {
	const server = await startServerProcess({
		accounts: [{ token: TOKEN, account_id: 1, name: 'Bench' }],
		rooms: LATENCY_FLOWS.map((flow) => ({ room_id: flow.room, name: flow.label })),
		limits: false,
	});
	/** @type {Map<string, (at: number) => void>} */
	const waiting = new Map();
	await server.watch((stored) => {
		const marker = /株式会社レイテンシ(\d+)/.exec(stored.body)?.[1];
		waiting.get(`${stored.roomId}:${marker}`)?.(stored.at);
	});
	const credentialId = 'cwBenchLatency01';
	const flows = LATENCY_FLOWS.map((flow) => latencyWorkflow(flow, server.url, credentialId));
	/** @type {import('../scripts/n8n/harness').N8nInstance | undefined} */
	let instance;
	try {
		instance = await startN8n({
			name: 'bench-latency',
			onProgress: () => {},
			env: { N8N_CHATWORK_TIME_SCALE: String(FAST_TIME_SCALE), ...variant.env, NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS },
			credentials: [{ id: credentialId, name: credentialId, type: 'chatworkApi', data: { apiToken: TOKEN, baseUrl: server.url } }],
			workflows: flows.map((entry) => entry.workflow),
		});
		const n8n = instance;
		let leadNumber = 0;
		const lead = async (/** @type {(typeof flows)[number]} */ entry) => {
			const n = ++leadNumber;
			const stored = new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`${entry.flow.label}: lead ${n} not stored within 60 s`)), 60_000);
				waiting.set(`${entry.flow.room}:${n}`, (at) => {
					clearTimeout(timer);
					resolve(at);
				});
			});
			const started = nowMs();
			const response = await fetch(n8n.webhookUrl(entry.path), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({
					company: `株式会社レイテンシ${n}`,
					name: `担当 太郎${n}`,
					email: `lead${n}@example.co.jp`,
					customer_detail_url: `https://app.satori.marketing/customers/${n}`,
				}),
			});
			await response.arrayBuffer();
			const answeredMs = nowMs() - started;
			if (!response.ok) throw new Error(`${entry.flow.label}: answered ${response.status}`);
			const storedMs = /** @type {number} */ (await stored) - started;
			waiting.delete(`${entry.flow.room}:${n}`);
			await sleep(LATENCY_GAP_MS);
			return { answeredMs, storedMs };
		};
		progress(`row 8, ${variant.name}: warm-up…`);
		for (let round = 0; round < LATENCY_WARMUP; round++) for (const entry of flows) await lead(entry);
		const rssKb = memory(n8nPid(n8n)).rssKb;
		/** @type {Record<string, {answered: number[], stored: number[]}>} */
		const samples = Object.fromEntries(flows.map((entry) => [entry.flow.key, { answered: [], stored: [] }]));
		for (let round = 0; round < LATENCY_ROUNDS; round++) {
			for (let step = 0; step < flows.length; step++) {
				const entry = flows[(round + step) % flows.length];
				const { answeredMs, storedMs } = await lead(entry);
				samples[entry.flow.key].answered.push(answeredMs);
				samples[entry.flow.key].stored.push(storedMs);
			}
		}
		const summary = (/** @type {string} */ key) => `p50 ${ms(median(samples[key].stored))} ms`;
		progress(`  ${variant.name}: ours ${summary('ours')}, built-in ${summary('builtin')}, RSS ${mib(rssKb)} MiB`);
		return { name: variant.name, env: variant.env, samples, rssKb };
	} finally {
		await instance?.stop();
		server.close();
	}
}

/** Row 8: every settings variant, one n8n after the other. @param {(line: string) => void} progress */
async function latencyRow(progress) {
	const results = [];
	for (const variant of latencyVariants()) results.push(await measureLatency(variant, progress));
	return results;
}

// ------------------------------------------------------------------ report

/** @param {any} run */
function brief(run) {
	return `${run.status}, node ${s(run.senderMs)} s, execution ${s(run.executionMs)} s, delivered ${run.delivered}, 429s ${run.tooMany}, healthz p99 ${ms(percentile(run.probe.latencies, 99))} ms`;
}

/** The least time Chatwork's limits allow for `count` posts over the rooms, in Chatwork ms. */
function theoreticalMinimumMs(/** @type {number} */ count) {
	const perRoom = Math.ceil(count / ROOM_COUNT);
	const roomBound = (Math.ceil(perRoom / 10) - 1) * 10_000;
	const tokenBound = (Math.ceil(count / 300) - 1) * 300_000;
	return Math.max(roomBound, tokenBound);
}

const median = (/** @type {number[]} */ values) => percentile(values, 50);
const s = (/** @type {number} */ ms) => (ms / 1000).toFixed(2);
const ms = (/** @type {number} */ value) => value.toFixed(1);
const mib = (/** @type {number} */ kb) => (kb / 1024).toFixed(0);
const mark = (/** @type {boolean} */ ok) => (ok ? 'met' : 'MISSED');

/** @param {any} r */
function printReport(r) {
	const rows = [['#', 'measure', 'ours', "n8n's own nodes", 'ours / theirs', 'target']];

	if (r.trigger) {
		const rate = (/** @type {any} */ side) => side.sent / (side.wallMs / 1000);
		const oursRate = rate(r.trigger.ours);
		const theirsRate = rate(r.trigger.theirs);
		const triggerCell = (/** @type {any} */ side) =>
			`${rate(side).toFixed(0)} req/s, p50 ${ms(percentile(side.latencies, 50))} ms, p99 ${ms(percentile(side.latencies, 99))} ms`;
		rows.push([
			'1',
			`trigger → NoOp, ${r.trigger.ours.sent} submissions at concurrency ${TRIGGER_CONCURRENCY} (10-field schema vs Webhook node)`,
			triggerCell(r.trigger.ours),
			triggerCell(r.trigger.theirs),
			`${(oursRate / theirsRate).toFixed(2)} (req/s)`,
			`≥ 0.95: ${mark(oursRate / theirsRate >= 0.95)}`,
		]);
	}
	if (r.chatworkTrigger) {
		const { paced, signed, webhook, forged } = r.chatworkTrigger;
		const cell = (/** @type {{latencies: number[], statuses: Map<number, number>}} */ run) =>
			`${JSON.stringify([...run.statuses])}: p50 ${ms(percentile(run.latencies, 50))} ms, p99 ${ms(percentile(run.latencies, 99))} ms`;
		rows.push([
			'6a',
			`Chatwork Trigger answer to Chatwork at Chatwork's pace: ${CW_TRIGGER_PACED} signed webhooks one at a time (→ NoOp)`,
			cell(paced),
			'-',
			'-',
			`p99 < 1000 ms: ${mark(percentile(paced.latencies, 99) < 1000)}`,
		]);
		rows.push([
			'6b',
			`burst of ${CW_TRIGGER_REQUESTS} at concurrency ${TRIGGER_CONCURRENCY}: signed webhooks (→ NoOp) vs the same bodies to Webhook → NoOp; then ${CW_TRIGGER_REQUESTS} forged`,
			`signed ${cell(signed)} (${r.chatworkTrigger.executions} executions); forged ${cell(forged)} (${r.chatworkTrigger.forgedExecutions} executions)`,
			cell(webhook),
			`${(percentile(signed.latencies, 99) / percentile(webhook.latencies, 99)).toFixed(2)} (p99)`,
			`forged: 0 executions: ${mark(r.chatworkTrigger.forgedExecutions === 0)}`,
		]);
	}
	if (r.fastRuns) {
		const oursMs = median(r.fastRuns.ours.map((/** @type {any} */ run) => run.senderMs));
		const httpMs = median(r.fastRuns.http.map((/** @type {any} */ run) => run.senderMs));
		const oursExec = median(r.fastRuns.ours.map((/** @type {any} */ run) => run.executionMs));
		const httpExec = median(r.fastRuns.http.map((/** @type {any} */ run) => run.executionMs));
		const delivered = (/** @type {any[]} */ runs) => runs.map((run) => run.delivered).join('/');
		rows.push([
			'2',
			`send ${N} items over ${ROOM_COUNT} rooms, server limits off: node time (execution), median of ${REPEAT}`,
			`${s(oursMs)} s (${s(oursExec)} s), delivered ${delivered(r.fastRuns.ours)}`,
			`${s(httpMs)} s (${s(httpExec)} s), delivered ${delivered(r.fastRuns.http)}`,
			`${(oursMs / httpMs).toFixed(2)} (node time)`,
			`≤ 1.00: ${mark(oursMs <= httpMs)}`,
		]);
	}
	if (r.limitedOursRun) {
		const minimumReal = theoreticalMinimumMs(N) * TIME_SCALE;
		const lo = r.limitedOursRun;
		const lh = r.limitedHttpRun;
		const oursRatio = lo.senderMs / minimumReal;
		rows.push([
			'3',
			`same items under Chatwork's limits (1 Chatwork s = ${1000 * TIME_SCALE} ms; minimum ${s(minimumReal)} s): delivered, 429s, node time, ÷ minimum`,
			`${lo.delivered}/${N}, ${lo.tooMany} 429s, ${s(lo.senderMs)} s, ${oursRatio.toFixed(3)} × min, max ${lo.maxPostsIn10s} posts/10 s/room (${lo.status})`,
			`${lh.delivered}/${N}, ${lh.tooMany} 429s, ${s(lh.senderMs)} s, - (execution ${lh.status})`,
			`${(lo.delivered / Math.max(1, lh.delivered)).toFixed(1)} × delivered`,
			`100 % at ≤ 1.10 × min: ${mark(lo.delivered === N && oursRatio <= 1.1)}`,
		]);
	}
	const pooled = (/** @type {any[]} */ runs) => runs.flatMap((run) => run.probe.latencies);
	const probeCell = (/** @type {number[]} */ latencies) =>
		`p99 ${ms(percentile(latencies, 99))} ms (p50 ${ms(percentile(latencies, 50))}, max ${ms(Math.max(...latencies))}; ${latencies.length} probes)`;
	if (r.fastRuns) {
		const fastOursProbe = pooled(r.fastRuns.ours);
		const fastHttpProbe = pooled(r.fastRuns.http);
		rows.push([
			'4a',
			`/healthz every ${PROBE_MS} ms during the ${N}-item executions of row 2 (limits off)`,
			probeCell(fastOursProbe),
			probeCell(fastHttpProbe),
			`${(percentile(fastOursProbe, 99) / percentile(fastHttpProbe, 99)).toFixed(2)} (p99)`,
			`< 100 ms: ${mark(percentile(fastOursProbe, 99) < 100)}`,
		]);
	}
	if (r.limitedOursRun) {
		const lo = r.limitedOursRun;
		const lh = r.limitedHttpRun;
		rows.push([
			'4b',
			`/healthz every ${PROBE_MS} ms during the executions of row 3 (limits on)`,
			probeCell(lo.probe.latencies),
			probeCell(lh.probe.latencies),
			`${(percentile(lo.probe.latencies, 99) / percentile(lh.probe.latencies, 99)).toFixed(2)} (p99)`,
			`< 100 ms: ${mark(percentile(lo.probe.latencies, 99) < 100)}`,
		]);
	}
	if (r.template) {
		rows.push([
			'5a',
			`template, seed's message, notation safety on: µs per message over ${TEMPLATE_ITEMS.toLocaleString('en-US')} items (compiled once)`,
			`${r.template.usPerMessage.toFixed(2)} µs`,
			'-',
			'-',
			'-',
		]);
	}
	if (r.memoryOurs) {
		const mem = (/** @type {any} */ run) => {
			const peakKb = run.peakReset ? run.hwmKb : run.probe.peakRssKb;
			return {
				peakKb,
				cell: `peak RSS ${mib(peakKb)} MiB (${run.peakReset ? 'VmHWM' : 'sampled'}; ${mib(run.rssBeforeKb)} MiB before), node time ${s(run.senderMs)} s, delivered ${run.delivered}/${MEMORY_ITEMS}, healthz p99 ${ms(percentile(run.probe.latencies, 99))} ms`,
			};
		};
		const mo = mem(r.memoryOurs);
		const mh = mem(r.memoryHttp);
		rows.push([
			'5b',
			`n8n process during a ${MEMORY_ITEMS.toLocaleString('en-US')}-item execution (limits off)`,
			mo.cell,
			mh.cell,
			`${(mo.peakKb / mh.peakKb).toFixed(2)} (peak RSS)`,
			'-',
		]);
	}

	if (r.queue) {
		const minimumReal = theoreticalMinimumMs(N) * TIME_SCALE;
		const cell = (/** @type {any} */ run) =>
			`${run.delivered}/${N}, ${run.tooMany} 429s of ${run.requests} requests, ${s(run.wallMs)} s, ${(run.wallMs / minimumReal).toFixed(3)} × min, max ${run.maxPostsIn10s} posts/10 s/room` +
			`${run.byWorker.length > 0 ? `, executions per worker ${run.byWorker.join('/')}` : ''}`;
		rows.push([
			'7',
			`${N} items under the limits as ${QUEUE_EXECUTIONS} executions posted at once: queue mode, 2 workers (ours) vs one n8n process (right)`,
			cell(r.queue.queue),
			`${cell(r.queue.single)} (our node, single process)`,
			`${(r.queue.queue.wallMs / r.queue.single.wallMs).toFixed(2)} (time)`,
			`100 % delivered: ${mark(r.queue.queue.delivered === N && r.queue.single.delivered === N)}`,
		]);
	}
	for (const variant of r.latency ?? []) {
		const cell = (/** @type {string} */ key) => {
			const { stored, answered } = variant.samples[key];
			return `p50 ${ms(median(stored))} / p90 ${ms(percentile(stored, 90))} / max ${ms(Math.max(...stored))} ms (answered p50 ${ms(median(answered))} ms)`;
		};
		const ratio = (/** @type {string} */ key) => median(variant.samples[key].stored) / median(variant.samples.builtin.stored);
		const settings = Object.entries(variant.env).map(([key, value]) => `${key}=${value}`).join(' ') || 'no N8N_EXPRESSION_ENGINE* set';
		const recommended = variant.name === 'recommended';
		rows.push([
			'8a',
			`client POST → message stored at the look-alike, ${LATENCY_ROUNDS} rounds alternating; ${variant.name} (${settings}; n8n RSS ${mib(variant.rssKb)} MiB): SATORI Webhook Trigger → Chatwork vs Webhook → HTTP Request`,
			cell('ours'),
			cell('builtin'),
			`${ratio('ours').toFixed(2)} (p50)`,
			recommended ? `≤ 1.10: ${mark(ratio('ours') <= 1.1)}` : '-',
		]);
		rows.push(['8b', `  ${variant.name}, our trigger's half: SATORI Webhook Trigger → HTTP Request vs Webhook → HTTP Request`, cell('oursTrigger'), cell('builtin'), `${ratio('oursTrigger').toFixed(2)} (p50)`, '-']);
		rows.push(['8c', `  ${variant.name}, our node's half: Webhook → Chatwork vs Webhook → HTTP Request`, cell('oursSender'), cell('builtin'), `${ratio('oursSender').toFixed(2)} (p50)`, '-']);
	}

	console.log(`\nn8n ${'2.40.7'} side by side (${os.cpus().length} cores, launcher Node ${process.version}); bench took ${r.totalS.toFixed(0)} s\n`);
	printMarkdown(rows);
	console.log(`\nnode time: the sender node's executionTime in n8n's run data; execution: startedAt → stoppedAt (Webhook and Split Out included).`);
	console.log(`Rows 1, 2, 4a, 5b, 6 ran on an n8n with N8N_CHATWORK_TIME_SCALE=${FAST_TIME_SCALE}${process.env.BENCH_N8N_RECOMMENDED ? ' and the recommended production settings' : " and n8n's expression-engine defaults"}; rows 3, 4b on one with ${TIME_SCALE}. Chatwork node: Delivery → Concurrent Rooms ${ROOM_COUNT}.`);
	if (r.limitedHttpRun?.errorMessage) console.log(`HTTP Request under limits: ${r.limitedHttpRun.errorMessage}`);
}

/** @param {string[][]} rows */
function printMarkdown(rows) {
	for (const [index, row] of rows.entries()) {
		console.log(`| ${row.join(' | ')} |`);
		if (index === 0) console.log(`|${row.map(() => '---').join('|')}|`);
	}
}

module.exports = { main };
if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
