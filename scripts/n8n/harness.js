// @ts-check
/**
 * Starts a real n8n (the cached install from prepare.js, on Node 24) with this package installed the
 * way n8n's "Community nodes" screen installs it, for e2e tests, the demo and benchmarks.
 *
 *   const { startN8n } = require('./scripts/n8n/harness');
 *   const n8n = await startN8n({ workflows: [wf], credentials: [cred], env: { N8N_CHATWORK_TIME_SCALE: '0.01' } });
 *   await fetch(n8n.webhookUrl('satori-lead'), { method: 'POST', body: '…' });
 *   const [execution] = await n8n.waitForExecutions({ workflowId: wf.id, count: 1 });
 *   n8n.nodeOutput(execution, 'Chatwork');   // [[...success items], [...error items]]
 *   await n8n.stop();
 *
 * The caller builds first (`npm run build`); the harness packs the built project with `npm pack`.
 * Each instance gets its own ports and user folder under a temp dir, so several can run side by side.
 * n8n runs in its own process group under guard.js, which stops it when stop() is called or when
 * this process goes away for any reason (even SIGKILL).
 *
 * The jobs live in their own files: processes.js (commands, pids, ports), packageInstall.js (the package
 * installed as n8n's Community nodes screen does), importData.js (credentials and workflows),
 * instance.js (start and stop one n8n), rest.js (n8n's REST API).
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const { importCredentials, importWorkflows } = require('./importData');
const { N8nInstance, stopAll } = require('./instance');
const { checkBuilt, installTemplate, preparePackageTemplate } = require('./packageInstall');
const { prepareN8n, childEnv } = require('./prepare');
const { getFreePort, isAlive, sleep, tail } = require('./processes');
const { DEMO_OWNER, N8nApiError, nodeOutput } = require('./rest');

const PROJECT_DIR = path.resolve(__dirname, '..', '..');

/** The types callers name through this file (`import('./scripts/n8n/harness').WorkflowJson`). */
/** @typedef {import('./importData').WorkflowJson} WorkflowJson */
/** @typedef {import('./importData').CredentialJson} CredentialJson */
/** @typedef {import('./rest').ExecutionSummary} ExecutionSummary */
/** @typedef {import('./rest').Execution} Execution */

/**
 * @typedef {object} StartOptions
 * @property {WorkflowJson[]} [workflows]       imported with `n8n import:workflow`
 * @property {boolean | string[]} [publish]     which imported workflows to publish: true = all (default), false = none, or ids
 * @property {CredentialJson[]} [credentials]   imported with `n8n import:credentials`
 * @property {Record<string, string | undefined>} [env]  extra environment for n8n (undefined removes a default)
 * @property {string} [packageDir]              the project to pack (default: $N8N_HARNESS_PACKAGE_DIR, else this repository)
 * @property {boolean} [installPackage]         install the package (default true)
 * @property {boolean} [onlyBuiltEntries]       install even if some nodes/credentials listed in package.json
 *                                              are not built yet, listing only the built ones (default false)
 * @property {number} [port]                    default: a free port
 * @property {string} [baseDir]                 where to create the instance folder (default os.tmpdir())
 * @property {boolean} [keep]                   keep the user folder after stop() (default: $N8N_HARNESS_KEEP === '1')
 * @property {number} [startTimeoutMs]          for /healthz and the workflows to be published (default 240000)
 * @property {number} [stopGraceMs]             SIGTERM → SIGKILL grace period (default 20000)
 * @property {string} [name]                    a label for the instance folder and log
 * @property {'start' | 'webhook' | 'worker'} [command]  the n8n command (default "start"); "webhook" and "worker"
 *                                              are queue mode's webhook processor and worker (see queue.js):
 *                                              no login, no publishing; a worker answers /healthz on healthPort
 * @property {(line: string) => void} [onProgress]  progress lines (default: stderr, unless N8N_HARNESS_QUIET=1)
 */

/**
 * The environment n8n runs with. Inherited variables that would change n8n's behaviour
 * (N8N_*, DB_*, EXECUTIONS_*, QUEUE_*, NODE_ENV=test from jest, NODE_OPTIONS) are dropped; pass
 * what a test needs in options.env.
 * @param {Record<string, string | undefined>} base
 * @param {Record<string, string | undefined>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnv(base, extra = {}) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [key, value] of Object.entries(childEnv())) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_ENV$|NODE_OPTIONS$|JEST_WORKER_ID$)/.test(key)) continue;
		env[key] = value;
	}
	const merged = { ...base, ...extra };
	if (extra.N8N_DISABLED_MODULES !== undefined && base.N8N_DISABLED_MODULES) {
		const modules = new Set([...base.N8N_DISABLED_MODULES.split(','), ...extra.N8N_DISABLED_MODULES.split(',')]);
		merged.N8N_DISABLED_MODULES = [...modules].filter(Boolean).join(',');
	}
	for (const [key, value] of Object.entries(merged)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

/**
 * Removes the user folders of earlier instances whose starter and n8n are both gone (e.g. a test run
 * that was killed), and their whole folder (log too) after three days. Kept instances stay.
 * @param {string} baseDir
 */
function sweepStaleInstances(baseDir) {
	let names = [];
	try {
		names = fs.readdirSync(baseDir).filter((name) => name.startsWith('n8n-harness-'));
	} catch {
		return;
	}
	for (const name of names) {
		const dir = path.join(baseDir, name);
		try {
			const info = JSON.parse(fs.readFileSync(path.join(dir, 'harness.json'), 'utf8'));
			if (info.keep || isAlive(info.launcherPid) || (info.guardPid && isAlive(info.guardPid))) continue;
			fs.rmSync(path.join(dir, 'home'), { recursive: true, force: true });
			if (Date.now() - Date.parse(info.startedAt) > 3 * 24 * 60 * 60_000) fs.rmSync(dir, { recursive: true, force: true });
		} catch {
			/* not one of ours, or in use */
		}
	}
}

/**
 * Starts n8n with this package installed, the given credentials and workflows imported, and the
 * workflows published; resolves once n8n answers /healthz/readiness and every published workflow's
 * triggers are live.
 * @param {StartOptions} [options]
 * @returns {Promise<N8nInstance>}
 */
async function startN8n(options = {}) {
	const t0 = Date.now();
	const quiet = process.env.N8N_HARNESS_QUIET === '1';
	const label = options.name ?? 'n8n';
	const log =
		options.onProgress ??
		((/** @type {string} */ line) => {
			if (!quiet) process.stderr.write(`[n8n-harness ${label} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}\n`);
		});

	const packageDir = path.resolve(options.packageDir ?? process.env.N8N_HARNESS_PACKAGE_DIR ?? PROJECT_DIR);
	const installPackage = options.installPackage !== false;
	if (installPackage) checkBuilt(packageDir, Boolean(options.onlyBuiltEntries)); // fail fast, before minutes of prepare
	const prepared = await prepareN8n();

	const baseDir = options.baseDir ?? os.tmpdir();
	fs.mkdirSync(baseDir, { recursive: true });
	sweepStaleInstances(baseDir);
	const instanceDir = fs.mkdtempSync(path.join(baseDir, `n8n-harness-${label.replace(/[^\w.-]/g, '_')}-`));
	const userFolder = path.join(instanceDir, 'home');
	const n8nFolder = path.join(userFolder, '.n8n');
	fs.mkdirSync(n8nFolder, { recursive: true });
	const logPath = path.join(instanceDir, 'n8n.log');
	fs.writeFileSync(logPath, '');

	const port = options.port ?? (await getFreePort());
	const brokerPort = await getFreePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const command = options.command ?? 'start';
	const healthPort = command === 'worker' ? await getFreePort() : undefined;
	const healthUrl = healthPort ? `http://127.0.0.1:${healthPort}/healthz/readiness` : `${baseUrl}/healthz/readiness`;

	const bcrypt = createRequire(path.join(prepared.n8nDir, 'package.json'))('bcryptjs');
	const passwordHash = bcrypt.hashSync(DEMO_OWNER.password, 10);

	const env = n8nEnv(
		{
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			N8N_PORT: String(port),
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: `${baseUrl}/`,
			N8N_EDITOR_BASE_URL: `${baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: DEMO_OWNER.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: DEMO_OWNER.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: DEMO_OWNER.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash,
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '15',
			// the publication outbox is polled every 15 s by default; activation then lags start-up
			N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '500',
			...(healthPort
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: {}),
		},
		options.env,
	);

	const keep = options.keep ?? process.env.N8N_HARNESS_KEEP === '1';
	const writeInfo = (/** @type {number | undefined} */ guardPid) =>
		fs.writeFileSync(
			path.join(instanceDir, 'harness.json'),
			JSON.stringify({ launcherPid: process.pid, guardPid, port, keep, startedAt: new Date(t0).toISOString() }),
		);
	writeInfo(undefined);

	const instance = new N8nInstance({
		prepared,
		instanceDir,
		userFolder,
		logPath,
		port,
		brokerPort,
		command,
		healthPort,
		env,
		stopGraceMs: options.stopGraceMs ?? 20_000,
		keep,
		log,
	});

	try {
		if (installPackage) {
			const template = await preparePackageTemplate({
				packageDir,
				cacheDir: prepared.cacheDir,
				onlyBuiltEntries: Boolean(options.onlyBuiltEntries),
				log,
			});
			const target = installTemplate(n8nFolder, template);
			log(`installed ${template.name}@${template.version} into ${target}`);
		}

		await importCredentials(instance, options.credentials ?? [], log);
		const toPublish = await importWorkflows(instance, options.workflows ?? [], options.publish ?? true, log);

		log(`starting n8n ${prepared.n8nVersion} ${command} on ${healthPort ? `health port ${healthPort}` : baseUrl} (log ${logPath})`);
		const spawnedAt = Date.now();
		instance.spawn();
		writeInfo(instance.pid);
		const timeoutMs = options.startTimeoutMs ?? 240_000;
		const deadline = spawnedAt + timeoutMs;
		for (;;) {
			if (!instance.isRunning) {
				throw new Error(`n8n exited during start-up (code ${instance.process?.exitCode}):\n${tail(logPath)}`);
			}
			try {
				const response = await fetch(healthUrl);
				if (response.ok) break;
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline) throw new Error(`n8n did not become ready within ${timeoutMs} ms:\n${tail(logPath)}`);
			await sleep(250);
		}
		instance.startupMs = Date.now() - spawnedAt;
		log(`n8n is ready after ${(instance.startupMs / 1000).toFixed(1)}s`);
		if (command !== 'start') return instance;
		await instance.login();
		if (toPublish.length > 0) {
			await instance.waitForPublished(toPublish, Math.max(10_000, deadline - Date.now()));
			log(`workflow(s) live after ${((Date.now() - spawnedAt) / 1000).toFixed(1)}s: ${toPublish.join(', ')}`);
		}
		return instance;
	} catch (error) {
		await instance.stop().catch(() => {});
		throw error;
	}
}


module.exports = { startN8n, stopAll, nodeOutput, getFreePort, N8nInstance, N8nApiError, DEMO_OWNER, PROJECT_DIR };
