// @ts-check
/** How the n8n bench measures: load generators, n8n's executions and process, /healthz probes, percentiles. */
'use strict';

const fs = require('node:fs');

const { PROBE_MS } = require('./settings');
const { submission } = require('./inputs');

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

/** @param {number[]} values @param {number} p 0..100 */
function percentile(values, p) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The n8n process itself: the guard's child (`n8n start`), not the guard. */
function n8nPid(/** @type {import('../../scripts/n8n/harness').N8nInstance} */ instance) {
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
function startProbe(/** @type {import('../../scripts/n8n/harness').N8nInstance} */ instance, /** @type {number | undefined} */ pid) {
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
async function latestExecutionId(/** @type {import('../../scripts/n8n/harness').N8nInstance} */ instance) {
	const [latest] = await retry(() => instance.listExecutions({ limit: 1 }));
	return latest?.id ?? '0';
}

/** How many executions of a workflow have finished (any final status). */
async function finishedCount(/** @type {import('../../scripts/n8n/harness').N8nInstance} */ instance, /** @type {string} */ workflowId) {
	const page = await retry(() =>
		instance.api('GET', '/executions', {
			query: { filter: { workflowId, status: ['success', 'error', 'crashed', 'canceled'] }, limit: 1 },
		}),
	);
	return Number(page.count ?? 0);
}

/** Executions of the workflow n8n created but never started (status new): their start failed inside n8n. */
async function unstartedCount(/** @type {import('../../scripts/n8n/harness').N8nInstance} */ instance, /** @type {string} */ workflowId) {
	const page = await retry(() => instance.api('GET', '/executions', { query: { filter: { workflowId, status: ['new'] }, limit: 1 } }));
	return Number(page.count ?? 0);
}

/**
 * Like waitFinished, but returns instead of waiting out its timeout when the only executions left are
 * ones n8n never started and nothing has finished for `stillMs`: under a burst, n8n 2.40.7 with
 * SQLite can fail to mark an execution running (LockAcquireTimeoutError in setRunning), and such an
 * execution stays `new` for good. Returns how many finished and how many n8n left unstarted.
 */
async function waitSettled(
	/** @type {import('../../scripts/n8n/harness').N8nInstance} */ instance,
	/** @type {string} */ workflowId,
	/** @type {number} */ target,
	timeoutMs = 600_000,
	stillMs = 20_000,
) {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let lastChange = Date.now();
	for (;;) {
		const finished = await finishedCount(instance, workflowId);
		if (finished >= target) return { finished, unstarted: 0 };
		if (finished !== last) [last, lastChange] = [finished, Date.now()];
		if (Date.now() - lastChange > stillMs) {
			const unstarted = await unstartedCount(instance, workflowId);
			if (finished + unstarted >= target) return { finished, unstarted };
		}
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: ${finished}/${target} executions finished in time`);
		await sleep(500);
	}
}

/** Waits until `target` executions of the workflow have finished. */
async function waitFinished(
	/** @type {import('../../scripts/n8n/harness').N8nInstance} */ instance,
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
	/** @type {import('../../scripts/n8n/harness').N8nInstance} */ instance,
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
	/** @type {import('../../scripts/n8n/harness').ExecutionSummary | undefined} */
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

const median = (/** @type {number[]} */ values) => percentile(values, 50);

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

module.exports = {
	sleep,
	retry,
	percentile,
	median,
	nowMs,
	n8nPid,
	memory,
	resetPeak,
	startProbe,
	latestExecutionId,
	finishedCount,
	waitFinished,
	waitSettled,
	hammer,
	timeRequests,
	runSend,
};
