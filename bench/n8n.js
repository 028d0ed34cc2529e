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
 * Its parts are in bench/n8n/: settings (sizes), workflows, inputs, measuring, rows, latency (row 8), report.
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
 * BENCH_N8N_EXPRESSION_ENGINE=legacy runs that n8n without expression isolates, to show which part
 * of a trigger's latency is n8n's webhook-phase isolate (docs/performance.md, row 6b).
 * BENCH_CW_TRIGGER_VERSION=1 measures row 6 with the Chatwork Trigger's version 1 (default 2).
 * BENCH_SATORI_VERSION=1 measures rows 1 and 8 with the SATORI Webhook Trigger's version 1 (default 2).
 * BENCH_N8N_QUEUE=1 adds row 7 (several minutes more): the same 1,000 messages under the limits as
 * 10 executions of 100 posted at once, in n8n's queue mode with 2 workers (scripts/n8n/queue.js)
 * and, beside it, on the single process of row 3.
 */
'use strict';

const { startN8n } = require('../scripts/n8n/harness');
const { PRODUCTION_SETTINGS } = require('../scripts/n8n/productionSettings');
const { startServerProcess } = require('./support/chatworkServerProcess');
const { CW_WEBHOOK_TOKEN, FAST_TIME_SCALE, ROWS, TIME_SCALE, TOKEN, rooms } = require('./n8n/settings');
const { chatworkTriggerWorkflow, httpSender, oursSender, sendWorkflow, triggerWorkflows } = require('./n8n/workflows');
const { chatworkTriggerRow, fastSendRow, limitedSendRow, memoryRow, queueRow, templateCost, triggerRow } = require('./n8n/rows');
const { latencyRow } = require('./n8n/latency');
const { printReport } = require('./n8n/report');

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
						env: {
							N8N_CHATWORK_TIME_SCALE: String(FAST_TIME_SCALE),
							NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS,
							...(process.env.BENCH_N8N_RECOMMENDED ? PRODUCTION_SETTINGS : {}),
							...(process.env.BENCH_N8N_EXPRESSION_ENGINE ? { N8N_EXPRESSION_ENGINE: process.env.BENCH_N8N_EXPRESSION_ENGINE } : {}),
						},
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
		if (ROWS.has('2')) result.fastRuns = await fastSendRow(fast, send, fastServer, progress);
		if (ROWS.has('3')) Object.assign(result, await limitedSendRow(/** @type {any} */ (limited), send, limitedServer, progress));
		if (ROWS.has('5')) Object.assign(result, await memoryRow(fast, send, fastServer, progress));
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

module.exports = { main };
if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
