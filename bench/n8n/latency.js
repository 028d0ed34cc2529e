// @ts-check
/** Row 8: end-to-end latency of one lead, client POST → message stored at the look-alike. */
'use strict';

const { startN8n } = require('../../scripts/n8n/harness');
const { PRODUCTION_SETTINGS } = require('../../scripts/n8n/productionSettings');
const { startServerProcess } = require('../support/chatworkServerProcess');
const { FAST_TIME_SCALE, LATENCY_GAP_MS, LATENCY_ROUNDS, LATENCY_WARMUP, TOKEN } = require('./settings');
const { LATENCY_FLOWS, latencyWorkflow } = require('./workflows');
const { median, memory, n8nPid, nowMs, sleep } = require('./measuring');
const { mib, ms } = require('./format');

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
	/** @type {import('../../scripts/n8n/harness').N8nInstance | undefined} */
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

module.exports = { latencyRow };
