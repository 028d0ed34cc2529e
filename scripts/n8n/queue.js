// @ts-check
/**
 * n8n's queue mode on this machine: PostgreSQL and Redis (services.js), a main process
 * (`n8n start`, EXECUTIONS_MODE=queue) that owns the editor, the REST API and the published
 * workflows, a webhook processor (`n8n webhook`) that takes the production webhook calls and
 * enqueues them, and workers (`n8n worker`) that run the executions. Every process has its own user
 * folder with this package installed in it, as n8n's docs ask for queue mode, and all share one
 * N8N_ENCRYPTION_KEY, database and Redis.
 *
 *   const { startQueue } = require('./scripts/n8n/queue');
 *   const queue = await startQueue({ workflows: [wf], credentials: [cred], workers: 2 });
 *   await fetch(queue.webhookUrl('satori-lead'), { method: 'POST', body: '…' });
 *   const executions = await queue.main.waitForExecutions({ workflowId: wf.id, count: 1 });
 *   queue.workerOf(executions[0].id);   // 0 or 1: which worker ran it (from the workers' logs)
 *   await queue.stop();
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');

const { startN8n } = require('./harness');
const { startPostgres, startRedis } = require('./services');

/**
 * @typedef {object} QueueOptions
 * @property {number} [workers]                 how many `n8n worker` processes (default 2)
 * @property {number} [workerConcurrency]       jobs each worker runs at once (n8n's default 10)
 * @property {import('./harness').WorkflowJson[]} [workflows]      imported and published by the main process
 * @property {import('./harness').CredentialJson[]} [credentials]
 * @property {Record<string, string | undefined>} [env]  extra environment for every n8n process
 * @property {string} [name]                    label of the folders and logs (default "queue")
 * @property {number} [port]                    the main process's port (default: a free one)
 * @property {number} [webhookPort]             the webhook processor's port (default: a free one)
 * @property {boolean} [keep]                   keep the n8n user folders after stop()
 * @property {(line: string) => void} [onProgress]
 */

/**
 * The pid of the n8n process a guard runs (the guard's only child).
 * @param {number | undefined} guardPid
 */
function n8nPidOf(guardPid) {
	if (!guardPid) return undefined;
	try {
		const children = fs.readFileSync(`/proc/${guardPid}/task/${guardPid}/children`, 'utf8').trim().split(/\s+/);
		return children[0] ? Number(children[0]) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Starts the whole queue-mode topology; resolves once every process is ready and the workflows
 * are published. On failure everything started so far is stopped.
 * @param {QueueOptions} [options]
 */
async function startQueue(options = {}) {
	const name = options.name ?? 'queue';
	const t0 = Date.now();
	const log =
		options.onProgress ??
		((/** @type {string} */ line) => {
			if (process.env.N8N_HARNESS_QUEUE_QUIET !== '1' && process.env.N8N_HARNESS_QUIET !== '1') {
				process.stderr.write(`[n8n-queue ${name} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}\n`);
			}
		});
	/** @type {Array<{stop: () => Promise<void>}>} */
	const services = [];
	/** @type {Array<{stop: () => Promise<void>}>} */
	const started = [];
	const stopAll = async () => {
		// n8n processes first (workers finish their jobs), then Redis and PostgreSQL.
		await Promise.all(started.map((s) => s.stop().catch(() => {})));
		await Promise.all(services.map((s) => s.stop().catch(() => {})));
	};
	try {
		const [pgResult, redisResult] = await Promise.allSettled([startPostgres({ log }), startRedis({ log })]);
		for (const result of [pgResult, redisResult]) if (result.status === 'fulfilled') services.push(result.value);
		if (pgResult.status === 'rejected') throw pgResult.reason;
		if (redisResult.status === 'rejected') throw redisResult.reason;
		const [postgres, redis] = [pgResult.value, redisResult.value];
		const env = {
			...postgres.env,
			...redis.env,
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			// Manual runs from the editor go to the workers too, as production runs do.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			// With n8n's defaults (2 connections, 5 s ping) a burst of webhook calls queues the database
			// ping behind them; one late ping makes the webhook processor answer every call with 503
			// "Database is not ready!" for the next 2 s, and those leads are lost.
			DB_POSTGRESDB_POOL_SIZE: '20',
			DB_PING_TIMEOUT_MS: '30000',
			...options.env,
		};
		const common = { keep: options.keep, onProgress: log };
		const main = await startN8n({
			...common,
			name: `${name}-main`,
			port: options.port,
			env,
			workflows: options.workflows,
			credentials: options.credentials,
		});
		started.push(main);
		const concurrency = options.workerConcurrency ? { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(options.workerConcurrency) } : {};
		const settled = await Promise.allSettled([
			startN8n({ ...common, name: `${name}-webhook`, command: 'webhook', port: options.webhookPort, env }),
			...Array.from({ length: options.workers ?? 2 }, (_, index) =>
				startN8n({ ...common, name: `${name}-worker${index + 1}`, command: 'worker', env: { ...env, ...concurrency } }),
			),
		]);
		for (const result of settled) if (result.status === 'fulfilled') started.push(result.value);
		const failed = settled.find((result) => result.status === 'rejected');
		if (failed) throw /** @type {PromiseRejectedResult} */ (failed).reason;
		const [webhook, ...workers] = settled.map((result) => /** @type {PromiseFulfilledResult<import('./harness').N8nInstance>} */ (result).value);
		log(`queue mode ready after ${((Date.now() - t0) / 1000).toFixed(1)}s: main ${main.baseUrl}, webhook ${webhook.baseUrl}, ${workers.length} workers`);
		const all = [main, webhook, ...workers];
		return {
			main,
			webhook,
			workers,
			postgres,
			redis,
			/** Production webhook URL on the webhook processor. */
			webhookUrl: (/** @type {string} */ webhookPath) => webhook.webhookUrl(webhookPath),
			/**
			 * Which worker ran an execution (index into `workers`), from the line each worker logs when
			 * it starts one ("Worker started execution <id>"); undefined if none did.
			 * @param {string} executionId
			 */
			workerOf(executionId) {
				const line = new RegExp(`Worker started execution ${executionId} \\(`);
				const index = workers.findIndex((worker) => line.test(worker.readLog()));
				return index === -1 ? undefined : index;
			},
			/**
			 * SIGKILLs a worker's n8n process, as a crash or an OOM kill would end it.
			 * @param {number} index
			 */
			async killWorker(index) {
				const worker = workers[index];
				const pid = n8nPidOf(worker.pid);
				if (!pid) throw new Error(`worker ${index + 1} is not running`);
				process.kill(pid, 'SIGKILL');
				await worker.exited;
			},
			/** Every process's log, concatenated (colour codes removed). */
			readLogs: () => all.map((instance) => instance.readLog()).join('\n'),
			logPaths: () => all.map((instance) => instance.logPath),
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

module.exports = { startQueue };
