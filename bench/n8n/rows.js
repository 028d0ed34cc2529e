// @ts-check
/** Rows 1, 2, 3, 5, 6 and 7 of the n8n bench: each runs its measurement and returns its results for the report. */
'use strict';

const { startQueue } = require('../../scripts/n8n/queue');
const {
	CW_FORGER_TOKEN,
	CW_TRIGGER_PACED,
	CW_TRIGGER_REQUESTS,
	CW_WEBHOOK_TOKEN,
	MEMORY_ITEMS,
	N,
	QUEUE_EXECUTIONS,
	REPEAT,
	SEED_TEMPLATE,
	TEMPLATE_ITEMS,
	TIME_SCALE,
	TRIGGER_CONCURRENCY,
	TRIGGER_REQUESTS,
} = require('./settings');
const { sendWorkflow, oursSender } = require('./workflows');
const { chatworkWebhookRequest, leadItems } = require('./inputs');
const { finishedCount, hammer, latestExecutionId, percentile, runSend, timeRequests, waitFinished, waitSettled } = require('./measuring');
const { brief, mib, ms, s } = require('./format');

/** Row 5a: the template engine alone, compiled once, rendering many items (this process). */
function templateCost() {
	const { compileTemplate } = require('../../dist/nodes/Chatwork/template');
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

/**
 * Row 1: A B B A in halves, after a warm-up, waiting for the executions between phases.
 * @param {import('../../scripts/n8n/harness').N8nInstance} fast
 * @param {{ours: any, theirs: any}} triggers
 * @param {(line: string) => void} progress
 */
async function triggerRow(fast, triggers, progress) {
	const triggerUrl = { ours: fast.webhookUrl('bench-satori'), theirs: fast.webhookUrl('bench-webhook') };
	const triggerFlowId = { ours: triggers.ours.id, theirs: triggers.theirs.id };
	/** @type {Record<'ours' | 'theirs', {latencies: number[], wallMs: number, statuses: Map<number, number>, sent: number, unstarted: number}>} */
	const trigger = {
		ours: { latencies: [], wallMs: 0, statuses: new Map(), sent: 0, unstarted: 0 },
		theirs: { latencies: [], wallMs: 0, statuses: new Map(), sent: 0, unstarted: 0 },
	};
	/** @type {Record<'ours' | 'theirs', number>} */
	const expected = { ours: 0, theirs: 0 };
	const phase = async (/** @type {'ours' | 'theirs'} */ side, /** @type {number} */ count, record = true) => {
		const result = await hammer(triggerUrl[side], count, TRIGGER_CONCURRENCY, expected[side]);
		expected[side] += count;
		const ok = result.statuses.get(200) ?? 0;
		if (ok !== count) throw new Error(`${side}: ${ok}/${count} submissions answered 200 (${JSON.stringify([...result.statuses])})`);
		// Executions n8n left unstarted (SQLite lock timeouts) are counted, not waited for forever.
		const settled = await waitSettled(fast, triggerFlowId[side], expected[side]);
		const unstartedBefore = trigger[side].unstarted;
		trigger[side].unstarted = settled.unstarted;
		if (settled.unstarted > unstartedBefore) progress(`  ${side}: n8n left ${settled.unstarted - unstartedBefore} of ${count} executions unstarted (status new)`);
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
 * @param {import('../../scripts/n8n/harness').N8nInstance} fast
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

/** The four send workflows' webhook paths and sender nodes, on the two instances. @typedef {{id: string, path: string, sender: string}} SendFlow */

/**
 * Rows 2 and 4a (limits off): a small warm-up of each, then alternating runs.
 * @param {import('../../scripts/n8n/harness').N8nInstance} fast
 * @param {{fastOurs: SendFlow, fastHttp: SendFlow}} send
 * @param {{reset: () => Promise<any>, stats: () => Promise<any>}} server
 * @param {(line: string) => void} progress
 */
async function fastSendRow(fast, send, server, progress) {
	const items = leadItems(N);
	progress('rows 2 and 4, limits off…');
	await runSend(fast, send.fastOurs, leadItems(20), server, { probe: false, peak: false });
	await runSend(fast, send.fastHttp, leadItems(20), server, { probe: false, peak: false });
	/** @type {{ours: any[], http: any[]}} */
	const fastRuns = { ours: [], http: [] };
	for (let r = 0; r < REPEAT; r++) {
		fastRuns.ours.push(await runSend(fast, send.fastOurs, items, server));
		progress(`  Chatwork node: ${brief(fastRuns.ours[r])}`);
		fastRuns.http.push(await runSend(fast, send.fastHttp, items, server));
		progress(`  HTTP Request: ${brief(fastRuns.http[r])}`);
	}
	return fastRuns;
}

/**
 * Rows 3 and 4b (limits on): once each, on the other instance.
 * @param {import('../../scripts/n8n/harness').N8nInstance} limited
 * @param {{limitedOurs: SendFlow, limitedHttp: SendFlow}} send
 * @param {{reset: () => Promise<any>, stats: () => Promise<any>}} server
 * @param {(line: string) => void} progress
 */
async function limitedSendRow(limited, send, server, progress) {
	const items = leadItems(N);
	progress(`rows 3 and 4, Chatwork's limits at time scale ${TIME_SCALE}…`);
	const limitedOursRun = await runSend(limited, send.limitedOurs, items, server);
	progress(`  Chatwork node: ${brief(limitedOursRun)}`);
	const limitedHttpRun = await runSend(limited, send.limitedHttp, items, server);
	progress(`  HTTP Request: ${brief(limitedHttpRun)}`);
	return { limitedOursRun, limitedHttpRun };
}

/**
 * Row 5b: peak RSS of the n8n process during a 10,000-item execution of each (limits off).
 * @param {import('../../scripts/n8n/harness').N8nInstance} fast
 * @param {{fastOurs: SendFlow, fastHttp: SendFlow}} send
 * @param {{reset: () => Promise<any>, stats: () => Promise<any>}} server
 * @param {(line: string) => void} progress
 */
async function memoryRow(fast, send, server, progress) {
	progress(`row 5, ${MEMORY_ITEMS} items…`);
	const bigItems = leadItems(MEMORY_ITEMS);
	const memoryOurs = await runSend(fast, send.fastOurs, bigItems, server, { probe: true, peak: true });
	progress(`  Chatwork node: ${brief(memoryOurs)}, VmHWM ${mib(memoryOurs.hwmKb)} MiB`);
	const memoryHttp = await runSend(fast, send.fastHttp, bigItems, server, { probe: true, peak: true });
	progress(`  HTTP Request: ${brief(memoryHttp)}, VmHWM ${mib(memoryHttp.hwmKb)} MiB`);
	return { memoryOurs, memoryHttp };
}

/**
 * One measurement of row 7: N items in QUEUE_EXECUTIONS executions posted at once (each spans every
 * room, so whichever processes run them post to the same rooms), from the first post to the last stop.
 * @param {import('../../scripts/n8n/harness').N8nInstance} main  where the executions are listed
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
 * @param {import('../../scripts/n8n/harness').N8nInstance} single
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

module.exports = { templateCost, triggerRow, chatworkTriggerRow, fastSendRow, limitedSendRow, memoryRow, queueRow };
