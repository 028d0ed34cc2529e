// @ts-check
/** The n8n bench's table: one function per row (each returns no line when its row did not run), in print order. */
'use strict';

const os = require('node:os');

const {
	CW_TRIGGER_PACED,
	CW_TRIGGER_REQUESTS,
	FAST_TIME_SCALE,
	LATENCY_ROUNDS,
	MEMORY_ITEMS,
	N,
	PROBE_MS,
	QUEUE_EXECUTIONS,
	REPEAT,
	ROOM_COUNT,
	TEMPLATE_ITEMS,
	TIME_SCALE,
	TRIGGER_CONCURRENCY,
} = require('./settings');
const { median, percentile } = require('./measuring');
const { mark, mib, ms, s } = require('./format');

/** The least time Chatwork's limits allow for `count` posts over the rooms, in Chatwork ms. */
function theoreticalMinimumMs(/** @type {number} */ count) {
	const perRoom = Math.ceil(count / ROOM_COUNT);
	const roomBound = (Math.ceil(perRoom / 10) - 1) * 10_000;
	const tokenBound = (Math.ceil(count / 300) - 1) * 300_000;
	return Math.max(roomBound, tokenBound);
}

/** A side's answers as the table shows them: p50 and p99, with the statuses. */
const answerCell = (/** @type {{latencies: number[], statuses: Map<number, number>}} */ run) =>
	`${JSON.stringify([...run.statuses])}: p50 ${ms(percentile(run.latencies, 50))} ms, p99 ${ms(percentile(run.latencies, 99))} ms`;

/** /healthz latencies of a row: p99, p50, max and how many probes answered. */
const probeCell = (/** @type {number[]} */ latencies) =>
	`p99 ${ms(percentile(latencies, 99))} ms (p50 ${ms(percentile(latencies, 50))}, max ${ms(Math.max(...latencies))}; ${latencies.length} probes)`;

/** @typedef {string[]} Row */

/** Row 1. @param {any} r @returns {Row[]} */
function triggerRows(r) {
	if (!r.trigger) return [];
	const rate = (/** @type {any} */ side) => side.sent / (side.wallMs / 1000);
	const oursRate = rate(r.trigger.ours);
	const theirsRate = rate(r.trigger.theirs);
	const triggerCell = (/** @type {any} */ side) =>
		`${rate(side).toFixed(0)} req/s, p50 ${ms(percentile(side.latencies, 50))} ms, p99 ${ms(percentile(side.latencies, 99))} ms` +
		(side.unstarted > 0 ? `; n8n never started ${side.unstarted} executions (SQLite lock timeouts)` : '');
	const lost = r.trigger.ours.unstarted + r.trigger.theirs.unstarted;
	return [
		[
			'1',
			`trigger → NoOp, ${r.trigger.ours.sent} submissions at concurrency ${TRIGGER_CONCURRENCY} (10-field schema vs Webhook node)`,
			triggerCell(r.trigger.ours),
			triggerCell(r.trigger.theirs),
			`${(oursRate / theirsRate).toFixed(2)} (req/s)`,
			`≥ 0.95: ${mark(oursRate / theirsRate >= 0.95 && lost === 0)}${lost > 0 ? ' (executions never started)' : ''}`,
		],
	];
}

/** Rows 6a and 6b. @param {any} r @returns {Row[]} */
function chatworkTriggerRows(r) {
	if (!r.chatworkTrigger) return [];
	const { paced, signed, webhook, forged } = r.chatworkTrigger;
	return [
		[
			'6a',
			`Chatwork Trigger answer to Chatwork at Chatwork's pace: ${CW_TRIGGER_PACED} signed webhooks one at a time (→ NoOp)`,
			answerCell(paced),
			'-',
			'-',
			`p99 < 1000 ms: ${mark(percentile(paced.latencies, 99) < 1000)}`,
		],
		[
			'6b',
			`burst of ${CW_TRIGGER_REQUESTS} at concurrency ${TRIGGER_CONCURRENCY}: signed webhooks (→ NoOp) vs the same bodies to Webhook → NoOp; then ${CW_TRIGGER_REQUESTS} forged`,
			`signed ${answerCell(signed)} (${r.chatworkTrigger.executions} executions); forged ${answerCell(forged)} (${r.chatworkTrigger.forgedExecutions} executions)`,
			answerCell(webhook),
			`${(percentile(signed.latencies, 99) / percentile(webhook.latencies, 99)).toFixed(2)} (p99)`,
			`p99 ≤ 1.3 × (issue 25): ${mark(percentile(signed.latencies, 99) <= 1.3 * percentile(webhook.latencies, 99))}; forged: 0 executions: ${mark(r.chatworkTrigger.forgedExecutions === 0)}`,
		],
	];
}

/** Row 2. @param {any} r @returns {Row[]} */
function fastSendRows(r) {
	if (!r.fastRuns) return [];
	const oursMs = median(r.fastRuns.ours.map((/** @type {any} */ run) => run.senderMs));
	const httpMs = median(r.fastRuns.http.map((/** @type {any} */ run) => run.senderMs));
	const oursExec = median(r.fastRuns.ours.map((/** @type {any} */ run) => run.executionMs));
	const httpExec = median(r.fastRuns.http.map((/** @type {any} */ run) => run.executionMs));
	const delivered = (/** @type {any[]} */ runs) => runs.map((run) => run.delivered).join('/');
	return [
		[
			'2',
			`send ${N} items over ${ROOM_COUNT} rooms, server limits off: node time (execution), median of ${REPEAT}`,
			`${s(oursMs)} s (${s(oursExec)} s), delivered ${delivered(r.fastRuns.ours)}`,
			`${s(httpMs)} s (${s(httpExec)} s), delivered ${delivered(r.fastRuns.http)}`,
			`${(oursMs / httpMs).toFixed(2)} (node time)`,
			`≤ 1.00: ${mark(oursMs <= httpMs)}`,
		],
	];
}

/** Row 3. @param {any} r @returns {Row[]} */
function limitedSendRows(r) {
	if (!r.limitedOursRun) return [];
	const minimumReal = theoreticalMinimumMs(N) * TIME_SCALE;
	const lo = r.limitedOursRun;
	const lh = r.limitedHttpRun;
	const oursRatio = lo.senderMs / minimumReal;
	return [
		[
			'3',
			`same items under Chatwork's limits (1 Chatwork s = ${1000 * TIME_SCALE} ms; minimum ${s(minimumReal)} s): delivered, 429s, node time, ÷ minimum`,
			`${lo.delivered}/${N}, ${lo.tooMany} 429s, ${s(lo.senderMs)} s, ${oursRatio.toFixed(3)} × min, max ${lo.maxPostsIn10s} posts/10 s/room (${lo.status})`,
			`${lh.delivered}/${N}, ${lh.tooMany} 429s, ${s(lh.senderMs)} s, - (execution ${lh.status})`,
			`${(lo.delivered / Math.max(1, lh.delivered)).toFixed(1)} × delivered`,
			`100 % at ≤ 1.10 × min: ${mark(lo.delivered === N && oursRatio <= 1.1)}`,
		],
	];
}

/** Row 4a: /healthz during row 2. @param {any} r @returns {Row[]} */
function fastProbeRows(r) {
	if (!r.fastRuns) return [];
	const pooled = (/** @type {any[]} */ runs) => runs.flatMap((run) => run.probe.latencies);
	const fastOursProbe = pooled(r.fastRuns.ours);
	const fastHttpProbe = pooled(r.fastRuns.http);
	return [
		[
			'4a',
			`/healthz every ${PROBE_MS} ms during the ${N}-item executions of row 2 (limits off)`,
			probeCell(fastOursProbe),
			probeCell(fastHttpProbe),
			`${(percentile(fastOursProbe, 99) / percentile(fastHttpProbe, 99)).toFixed(2)} (p99)`,
			`< 100 ms: ${mark(percentile(fastOursProbe, 99) < 100)}`,
		],
	];
}

/** Row 4b: /healthz during row 3. @param {any} r @returns {Row[]} */
function limitedProbeRows(r) {
	if (!r.limitedOursRun) return [];
	const lo = r.limitedOursRun;
	const lh = r.limitedHttpRun;
	return [
		[
			'4b',
			`/healthz every ${PROBE_MS} ms during the executions of row 3 (limits on)`,
			probeCell(lo.probe.latencies),
			probeCell(lh.probe.latencies),
			`${(percentile(lo.probe.latencies, 99) / percentile(lh.probe.latencies, 99)).toFixed(2)} (p99)`,
			`< 100 ms: ${mark(percentile(lo.probe.latencies, 99) < 100)}`,
		],
	];
}

/** Row 5a. @param {any} r @returns {Row[]} */
function templateRows(r) {
	if (!r.template) return [];
	return [
		[
			'5a',
			`template, seed's message, notation safety on: µs per message over ${TEMPLATE_ITEMS.toLocaleString('en-US')} items (compiled once)`,
			`${r.template.usPerMessage.toFixed(2)} µs`,
			'-',
			'-',
			'-',
		],
	];
}

/** Row 5b. @param {any} r @returns {Row[]} */
function memoryRows(r) {
	if (!r.memoryOurs) return [];
	const mem = (/** @type {any} */ run) => {
		const peakKb = run.peakReset ? run.hwmKb : run.probe.peakRssKb;
		return {
			peakKb,
			cell: `peak RSS ${mib(peakKb)} MiB (${run.peakReset ? 'VmHWM' : 'sampled'}; ${mib(run.rssBeforeKb)} MiB before), node time ${s(run.senderMs)} s, delivered ${run.delivered}/${MEMORY_ITEMS}, healthz p99 ${ms(percentile(run.probe.latencies, 99))} ms`,
		};
	};
	const mo = mem(r.memoryOurs);
	const mh = mem(r.memoryHttp);
	return [
		[
			'5b',
			`n8n process during a ${MEMORY_ITEMS.toLocaleString('en-US')}-item execution (limits off)`,
			mo.cell,
			mh.cell,
			`${(mo.peakKb / mh.peakKb).toFixed(2)} (peak RSS)`,
			'-',
		],
	];
}

/** Row 7. @param {any} r @returns {Row[]} */
function queueRows(r) {
	if (!r.queue) return [];
	const minimumReal = theoreticalMinimumMs(N) * TIME_SCALE;
	const cell = (/** @type {any} */ run) =>
		`${run.delivered}/${N}, ${run.tooMany} 429s of ${run.requests} requests, ${s(run.wallMs)} s, ${(run.wallMs / minimumReal).toFixed(3)} × min, max ${run.maxPostsIn10s} posts/10 s/room` +
		`${run.byWorker.length > 0 ? `, executions per worker ${run.byWorker.join('/')}` : ''}`;
	return [
		[
			'7',
			`${N} items under the limits as ${QUEUE_EXECUTIONS} executions posted at once: queue mode, 2 workers (ours) vs one n8n process (right)`,
			cell(r.queue.queue),
			`${cell(r.queue.single)} (our node, single process)`,
			`${(r.queue.queue.wallMs / r.queue.single.wallMs).toFixed(2)} (time)`,
			`100 % delivered: ${mark(r.queue.queue.delivered === N && r.queue.single.delivered === N)}`,
		],
	];
}

/** Rows 8a–8c, once per settings variant. @param {any} r @returns {Row[]} */
function latencyRows(r) {
	return (r.latency ?? []).flatMap((/** @type {any} */ variant) => {
		const cell = (/** @type {string} */ key) => {
			const { stored, answered } = variant.samples[key];
			return `p50 ${ms(median(stored))} / p90 ${ms(percentile(stored, 90))} / max ${ms(Math.max(...stored))} ms (answered p50 ${ms(median(answered))} ms)`;
		};
		const ratio = (/** @type {string} */ key) => median(variant.samples[key].stored) / median(variant.samples.builtin.stored);
		const settings = Object.entries(variant.env).map(([key, value]) => `${key}=${value}`).join(' ') || 'no N8N_EXPRESSION_ENGINE* set';
		const recommended = variant.name === 'recommended';
		return [
			[
				'8a',
				`client POST → message stored at the look-alike, ${LATENCY_ROUNDS} rounds alternating; ${variant.name} (${settings}; n8n RSS ${mib(variant.rssKb)} MiB): SATORI Webhook Trigger → Chatwork vs Webhook → HTTP Request`,
				cell('ours'),
				cell('builtin'),
				`${ratio('ours').toFixed(2)} (p50)`,
				recommended ? `≤ 1.10: ${mark(ratio('ours') <= 1.1)}` : '-',
			],
			['8b', `  ${variant.name}, our trigger's half: SATORI Webhook Trigger → HTTP Request vs Webhook → HTTP Request`, cell('oursTrigger'), cell('builtin'), `${ratio('oursTrigger').toFixed(2)} (p50)`, '-'],
			['8c', `  ${variant.name}, our node's half: Webhook → Chatwork vs Webhook → HTTP Request`, cell('oursSender'), cell('builtin'), `${ratio('oursSender').toFixed(2)} (p50)`, '-'],
		];
	});
}

const ROW_PRINTERS = [
	triggerRows,
	chatworkTriggerRows,
	fastSendRows,
	limitedSendRows,
	fastProbeRows,
	limitedProbeRows,
	templateRows,
	memoryRows,
	queueRows,
	latencyRows,
];

/** @param {string[][]} rows */
function printMarkdown(rows) {
	for (const [index, row] of rows.entries()) {
		console.log(`| ${row.join(' | ')} |`);
		if (index === 0) console.log(`|${row.map(() => '---').join('|')}|`);
	}
}

/** @param {any} r */
function printReport(r) {
	const rows = [['#', 'measure', 'ours', "n8n's own nodes", 'ours / theirs', 'target'], ...ROW_PRINTERS.flatMap((rowsOf) => rowsOf(r))];
	console.log(`\nn8n ${'2.40.7'} side by side (${os.cpus().length} cores, launcher Node ${process.version}); bench took ${r.totalS.toFixed(0)} s\n`);
	printMarkdown(rows);
	console.log(`\nnode time: the sender node's executionTime in n8n's run data; execution: startedAt → stoppedAt (Webhook and Split Out included).`);
	console.log(`Rows 1, 2, 4a, 5b, 6 ran on an n8n with N8N_CHATWORK_TIME_SCALE=${FAST_TIME_SCALE}${process.env.BENCH_N8N_RECOMMENDED ? ' and the recommended production settings' : " and n8n's expression-engine defaults"}${process.env.BENCH_N8N_EXPRESSION_ENGINE ? ` (N8N_EXPRESSION_ENGINE=${process.env.BENCH_N8N_EXPRESSION_ENGINE})` : ''}; rows 3, 4b on one with ${TIME_SCALE}. Chatwork node: Delivery → Concurrent Rooms ${ROOM_COUNT}.`);
	if (r.limitedHttpRun?.errorMessage) console.log(`HTTP Request under limits: ${r.limitedHttpRun.errorMessage}`);
}

module.exports = { printReport };
