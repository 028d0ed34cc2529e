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
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { createRequire } = require('node:module');

const { prepareN8n, childEnv, npmCommand } = require('./prepare');

const PROJECT_DIR = path.resolve(__dirname, '..', '..');
const GUARD = path.join(__dirname, 'guard.js');

/** The owner account every harness instance has (a demo instance on 127.0.0.1 only). */
const DEMO_OWNER = Object.freeze({
	email: 'demo@satori-chatwork.example',
	password: 'Demo-Passw0rd!',
	firstName: 'Demo',
	lastName: 'Owner',
});

/**
 * @typedef {object} WorkflowJson  an n8n workflow as exported by n8n (id optional: one is generated)
 * @property {string} [id]
 * @property {string} name
 * @property {unknown[]} nodes
 * @property {Record<string, unknown>} connections
 * @property {Record<string, unknown>} [settings]
 */

/**
 * @typedef {object} CredentialJson  a credential to import; `data` in plain text (n8n encrypts it)
 * @property {string} [id]
 * @property {string} name
 * @property {string} type   e.g. "chatworkApi"
 * @property {Record<string, unknown>} data
 */

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
 * @typedef {object} ExecutionSummary
 * @property {string} id
 * @property {string} workflowId
 * @property {string} status      "success" | "error" | "running" | "waiting" | "new" | "canceled" | "crashed"
 * @property {boolean} finished
 * @property {string} mode
 * @property {string} startedAt
 * @property {string | null} stoppedAt
 */

/**
 * @typedef {object} Execution  an execution with its run data, as the editor shows it
 * @property {string} id
 * @property {string} workflowId
 * @property {string} status
 * @property {boolean} finished
 * @property {string} mode
 * @property {string} startedAt
 * @property {string | null} stoppedAt
 * @property {any} data          IRunExecutionData: data.resultData.runData[nodeName][runIndex].data.main
 * @property {any} workflowData
 */

/** @type {Set<N8nInstance>} */
const running = new Set();
let exitHooksInstalled = false;

function installExitHooks() {
	if (exitHooksInstalled) return;
	exitHooksInstalled = true;
	// Closing a guard's stdin makes it SIGTERM n8n once and SIGKILL the group after the grace period.
	// That also happens by itself when this process dies, however it dies; these hooks only make it
	// happen as early as possible.
	process.on('exit', () => {
		for (const instance of running) instance.closeGuardPipe();
	});
	for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
		const handler = () => {
			for (const instance of running) instance.closeGuardPipe();
			process.removeListener(signal, handler);
			// If nobody else handles the signal, behave as if we had not caught it.
			if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
		};
		process.on(signal, handler);
	}
}

/** @type {Set<number>} */
const portsHandedOut = new Set();

/**
 * A TCP port that is free on 127.0.0.1 now (and not handed out before by this process).
 * @returns {Promise<number>}
 */
async function getFreePort() {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const address = server.address();
				const found = typeof address === 'object' && address ? address.port : 0;
				server.close(() => resolve(found));
			});
		});
		if (port && !portsHandedOut.has(port)) {
			portsHandedOut.add(port);
			return port;
		}
	}
	throw new Error('could not find a free TCP port');
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Like Promise.all(items.map(fn)), with at most `limit` calls in flight.
 * @template T, R
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
async function mapLimit(items, limit, fn) {
	/** @type {R[]} */
	const results = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await fn(items[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

/** n8n-style ids (16 alphanumerics) for workflows and credentials that come without one. */
function newId() {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const bytes = crypto.randomBytes(16);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * @param {string} file
 * @param {number} [lines]
 */
function tail(file, lines = 60) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/**
 * Runs a command to completion, output appended to a log; throws with the log's tail on failure.
 * @param {string} command
 * @param {string[]} args
 * @param {{cwd: string, env: NodeJS.ProcessEnv, logPath: string, label: string, timeoutMs?: number}} options
 * @returns {Promise<void>}
 */
function runLogged(command, args, options) {
	const fd = fs.openSync(options.logPath, 'a');
	fs.writeSync(fd, `\n### [n8n-harness] ${options.label} (${new Date().toISOString()})\n`);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] });
		fs.closeSync(fd);
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(new Error(`${options.label}: ${error.message}`));
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else {
				reject(
					new Error(
						`${options.label} failed (${signal ?? `exit code ${code}`}); log ${options.logPath}:\n${tail(options.logPath, 40)}`,
					),
				);
			}
		});
	});
}

/**
 * Checks that the project is built and returns its package.json.
 * @param {string} packageDir
 * @param {boolean} onlyBuiltEntries
 * @returns {{packageJson: any, missing: string[]}}
 */
function checkBuilt(packageDir, onlyBuiltEntries) {
	const packageJson = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	if (!fs.existsSync(path.join(packageDir, 'dist'))) {
		throw new Error(`${path.join(packageDir, 'dist')} does not exist: run \`npm run build\` before starting n8n with this package`);
	}
	const entries = [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])];
	const missing = entries.filter((/** @type {string} */ file) => !fs.existsSync(path.join(packageDir, file)));
	if (missing.length > 0 && !onlyBuiltEntries) {
		throw new Error(
			`package.json lists files that are not built: ${missing.join(', ')} — run \`npm run build\` ` +
				'(n8n would refuse to load the whole package)',
		);
	}
	return { packageJson, missing };
}

/**
 * Packs the project and installs the tarball into a reusable template folder the way n8n's
 * Community nodes screen does (n8n 2.x CommunityPackagesService.downloadPackage): unpack, drop
 * dev/peer/optional dependencies from its package.json, `npm install` the runtime dependencies
 * without scripts. Templates are keyed by the tarball's hash, so each build is installed once.
 * @param {{packageDir: string, cacheDir: string, onlyBuiltEntries: boolean, log: (line: string) => void}} options
 * @returns {Promise<{templateDir: string, name: string, version: string, missing: string[]}>}
 */
async function preparePackageTemplate(options) {
	const { packageJson, missing } = checkBuilt(options.packageDir, options.onlyBuiltEntries);
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-pack-'));
	try {
		const packLog = path.join(packDir, 'pack.log');
		await runLogged(npmCommand(), ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
			cwd: options.packageDir,
			env: childEnv(),
			logPath: packLog,
			label: 'npm pack',
		});
		const tarball = fs.readdirSync(packDir).find((file) => file.endsWith('.tgz'));
		if (!tarball) throw new Error(`npm pack produced no tarball:\n${tail(packLog)}`);
		const tarballPath = path.join(packDir, tarball);
		const hash = crypto.createHash('sha256').update(fs.readFileSync(tarballPath)).update(missing.join(',')).digest('hex');
		const templatesRoot = path.join(options.cacheDir, 'package-installs');
		const templateDir = path.join(templatesRoot, hash.slice(0, 24));
		if (fs.existsSync(path.join(templateDir, '.complete'))) {
			return { templateDir, name: packageJson.name, version: packageJson.version, missing };
		}
		options.log(`installing ${packageJson.name}@${packageJson.version} (${tarball}) like the Community nodes screen does`);
		fs.mkdirSync(templatesRoot, { recursive: true });
		const work = fs.mkdtempSync(path.join(templatesRoot, '.tmp-'));
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		await runLogged('tar', ['-xzf', tarballPath, '-C', unpacked, '--strip-components=1'], {
			cwd: work,
			env: childEnv(),
			logPath: packLog,
			label: 'tar -x',
		});
		const installedJsonPath = path.join(unpacked, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...installedJson } = JSON.parse(
			fs.readFileSync(installedJsonPath, 'utf8'),
		);
		void devDependencies;
		void peerDependencies;
		void optionalDependencies;
		if (missing.length > 0) {
			installedJson.n8n.nodes = installedJson.n8n.nodes.filter((/** @type {string} */ f) => !missing.includes(f));
			installedJson.n8n.credentials = installedJson.n8n.credentials.filter(
				(/** @type {string} */ f) => !missing.includes(f),
			);
			options.log(`WARNING: not built yet, left out of the installed package: ${missing.join(', ')}`);
		}
		fs.writeFileSync(installedJsonPath, JSON.stringify(installedJson, null, 2));
		await runLogged(
			npmCommand(),
			[
				'install',
				'--omit=dev',
				'--omit=peer',
				'--ignore-scripts',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--package-lock=false',
				'--loglevel=warn',
			],
			{ cwd: unpacked, env: childEnv(), logPath: packLog, label: 'npm install (runtime dependencies)' },
		);
		fs.writeFileSync(path.join(unpacked, '.complete'), '');
		fs.writeFileSync(path.join(work, '.complete'), new Date().toISOString());
		// Publish the template atomically; if another process was faster, use theirs.
		try {
			fs.renameSync(work, templateDir);
		} catch {
			fs.rmSync(work, { recursive: true, force: true });
		}
		pruneTemplates(templatesRoot, templateDir);
		return { templateDir, name: packageJson.name, version: packageJson.version, missing };
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

/**
 * Keeps the few newest package templates.
 * @param {string} root
 * @param {string} keep
 */
function pruneTemplates(root, keep) {
	try {
		const dirs = fs
			.readdirSync(root)
			.filter((name) => !name.startsWith('.'))
			.map((name) => ({ dir: path.join(root, name), mtime: fs.statSync(path.join(root, name)).mtimeMs }))
			.sort((a, b) => b.mtime - a.mtime);
		for (const { dir } of dirs.slice(8)) if (dir !== keep) fs.rmSync(dir, { recursive: true, force: true });
	} catch {
		/* best effort */
	}
}

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

class N8nApiError extends Error {
	/**
	 * @param {string} message
	 * @param {number} status
	 * @param {unknown} body
	 */
	constructor(message, status, body) {
		super(message);
		this.name = 'N8nApiError';
		this.status = status;
		this.body = body;
	}
}

class N8nInstance {
	/**
	 * @param {object} init
	 * @param {import('./prepare').PreparedN8n} init.prepared
	 * @param {string} init.instanceDir
	 * @param {string} init.userFolder
	 * @param {string} init.logPath
	 * @param {number} init.port
	 * @param {number} init.brokerPort
	 * @param {'start' | 'webhook' | 'worker'} init.command
	 * @param {number | undefined} init.healthPort
	 * @param {NodeJS.ProcessEnv} init.env
	 * @param {number} init.stopGraceMs
	 * @param {boolean} init.keep
	 * @param {(line: string) => void} init.log
	 */
	constructor(init) {
		this.prepared = init.prepared;
		/** Folder holding this instance: userFolder, n8n.log. */
		this.instanceDir = init.instanceDir;
		/** N8N_USER_FOLDER: n8n keeps its data in `${userFolder}/.n8n`. */
		this.userFolder = init.userFolder;
		this.n8nFolder = path.join(init.userFolder, '.n8n');
		this.dbPath = path.join(this.n8nFolder, 'database.sqlite');
		/** Everything n8n and its CLI commands printed (kept after stop()). */
		this.logPath = init.logPath;
		this.port = init.port;
		this.brokerPort = init.brokerPort;
		this.command = init.command;
		/** A worker's /healthz port (QUEUE_HEALTH_CHECK_PORT); undefined for the other commands. */
		this.healthPort = init.healthPort;
		this.baseUrl = `http://127.0.0.1:${init.port}`;
		this.owner = DEMO_OWNER;
		this.env = init.env;
		this.stopGraceMs = init.stopGraceMs;
		this.keep = init.keep;
		this.log = init.log;
		/** @type {{id: string, name: string, published: boolean}[]} */
		this.workflows = [];
		/** @type {{id: string, name: string, type: string}[]} */
		this.credentials = [];
		/** @type {import('node:child_process').ChildProcess | undefined} */
		this.process = undefined;
		/** @type {Promise<void> | undefined} */
		this.exited = undefined;
		this.exitCode = /** @type {number | null} */ (null);
		/** ms from spawning `n8n start` to /healthz/readiness answering 200 */
		this.startupMs = 0;
		this.cookie = '';
		this.browserId = crypto.randomUUID();
		/** @type {Promise<void> | undefined} */
		this.stopping = undefined;
	}

	/** @returns {number | undefined} */
	get pid() {
		return this.process?.pid;
	}

	/** Production webhook URL of a path (`/webhook/<path>`), live while its workflow is published. */
	/** @param {string} webhookPath */
	webhookUrl(webhookPath) {
		return `${this.baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** @param {string} webhookPath */
	webhookTestUrl(webhookPath) {
		return `${this.baseUrl}/webhook-test/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** The whole log so far, without the terminal colour codes n8n puts in (the file keeps them). */
	readLog() {
		try {
			return fs.readFileSync(this.logPath, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
		} catch {
			return '';
		}
	}

	/** @param {string[]} args */
	async runCli(args) {
		await runLogged(this.prepared.nodeBin, [this.prepared.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env,
			logPath: this.logPath,
			label: `n8n ${args.join(' ')}`,
		});
	}

	/** Spawns `n8n <command>` under the guard. */
	spawn() {
		const fd = fs.openSync(this.logPath, 'a');
		fs.writeSync(fd, `\n### [n8n-harness] n8n ${this.command} on ${this.baseUrl} (${new Date().toISOString()})\n`);
		const child = spawn(
			process.execPath,
			[GUARD, String(this.stopGraceMs), this.prepared.nodeBin, this.prepared.n8nBin, this.command],
			{ cwd: this.userFolder, env: this.env, detached: true, stdio: ['pipe', fd, fd] },
		);
		fs.closeSync(fd);
		this.process = child;
		running.add(this);
		installExitHooks();
		this.exited = new Promise((resolve) => {
			child.on('exit', (code, signal) => {
				this.exitCode = code ?? (signal ? 128 : null);
				running.delete(this);
				resolve();
			});
			child.on('error', () => {
				running.delete(this);
				resolve();
			});
		});
		// A write error on the pipe just means the guard is gone.
		child.stdin?.on('error', () => {});
	}

	/**
	 * Sends a signal to n8n's process group right away (sync; used by the exit hooks).
	 * @param {NodeJS.Signals} signal
	 */
	killNow(signal) {
		const pid = this.process?.pid;
		if (!pid || this.process?.exitCode !== null) return;
		try {
			process.kill(-pid, signal);
		} catch {
			/* gone */
		}
	}

	/** Tells the guard to stop n8n (SIGTERM, then SIGKILL after the grace period). */
	closeGuardPipe() {
		try {
			this.process?.stdin?.destroy();
		} catch {
			/* already closed */
		}
	}

	get isRunning() {
		return Boolean(this.process && this.process.exitCode === null && this.process.signalCode === null);
	}

	/**
	 * Stops n8n: SIGTERM to its process group, SIGKILL after the grace period. Removes the user
	 * folder unless `keep` (the log stays). Safe to call more than once.
	 * @returns {Promise<void>}
	 */
	stop() {
		if (!this.stopping) this.stopping = this.doStop();
		return this.stopping;
	}

	async doStop() {
		if (this.process && this.isRunning) {
			this.log(`stopping n8n on ${this.baseUrl}`);
			const stopStart = Date.now();
			// The guard sends n8n one SIGTERM (a second would make n8n skip its clean shutdown) and
			// SIGKILLs the group (n8n, its task runner, the guard) after the grace period.
			this.closeGuardPipe();
			/** @type {NodeJS.Timeout | undefined} */
			let timer;
			const deadline = new Promise((resolve) => {
				timer = setTimeout(() => resolve('timeout'), this.stopGraceMs + 5000);
			});
			const outcome = await Promise.race([this.exited, deadline]);
			clearTimeout(timer);
			if (outcome === 'timeout') {
				this.killNow('SIGKILL');
				await Promise.race([this.exited, sleep(2000)]);
			}
			this.log(`n8n stopped after ${((Date.now() - stopStart) / 1000).toFixed(1)}s (exit code ${this.exitCode})`);
		}
		running.delete(this);
		if (!this.keep) {
			fs.rmSync(this.userFolder, { recursive: true, force: true, maxRetries: 3 });
		}
	}

	// ---------------------------------------------------------------- REST API

	/**
	 * fetch() against n8n with the session cookie and browser id; no login, no status check.
	 * @param {string} urlPath  e.g. "/rest/executions" or "/types/nodes.json"
	 * @param {RequestInit} [init]
	 */
	async rawFetch(urlPath, init = {}) {
		const headers = new Headers(init.headers);
		if (this.cookie) headers.set('cookie', this.cookie);
		headers.set('browser-id', this.browserId);
		const response = await fetch(`${this.baseUrl}${urlPath}`, { ...init, headers });
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		return response;
	}

	/** Logs in as the demo owner (POST /rest/login); the session cookie is then used for every call. */
	async login() {
		const response = await this.rawFetch('/rest/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		if (!response.ok || !this.cookie) {
			throw new N8nApiError(`login failed: HTTP ${response.status} ${await response.text()}`, response.status, null);
		}
	}

	/**
	 * Calls n8n's internal REST API as the owner and returns the payload (n8n's `{data: …}` unwrapped).
	 * @param {string} method
	 * @param {string} restPath  below /rest, e.g. "/executions"
	 * @param {{body?: unknown, query?: Record<string, string | number | boolean | object | undefined>}} [options]
	 * @returns {Promise<any>}
	 */
	async api(method, restPath, options = {}) {
		if (!this.cookie) await this.login();
		const url = new URL(`${this.baseUrl}/rest${restPath.startsWith('/') ? '' : '/'}${restPath}`);
		for (const [key, value] of Object.entries(options.query ?? {})) {
			if (value === undefined) continue;
			url.searchParams.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
		}
		/** @type {RequestInit} */
		const init = { method };
		if (options.body !== undefined) {
			init.body = JSON.stringify(options.body);
			init.headers = { 'content-type': 'application/json' };
		}
		let response = await this.rawFetch(url.pathname + url.search, init);
		if (response.status === 401) {
			await this.login();
			response = await this.rawFetch(url.pathname + url.search, init);
		}
		const text = await response.text();
		/** @type {any} */
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = text;
		}
		if (!response.ok) {
			const message = (json && typeof json === 'object' && json.message) || text.slice(0, 500);
			throw new N8nApiError(`${method} /rest${restPath}: HTTP ${response.status}: ${message}`, response.status, json);
		}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	/** @param {string} file "nodes" | "credentials" */
	async typesFile(file) {
		if (!this.cookie) await this.login();
		const response = await this.rawFetch(`/types/${file}.json`);
		if (!response.ok) throw new N8nApiError(`/types/${file}.json: HTTP ${response.status}`, response.status, null);
		return /** @type {Promise<any[]>} */ (response.json());
	}

	/**
	 * Every node type n8n knows (what the editor's node panel is built from), from /types/nodes.json.
	 * Names are `<package>.<node>`, e.g. `n8n-nodes-satori-chatwork.chatwork`.
	 * @returns {Promise<Array<{name: string, displayName: string, version: number | number[], [key: string]: any}>>}
	 */
	nodeTypes() {
		return this.typesFile('nodes');
	}

	/**
	 * Every credential type n8n knows, from /types/credentials.json (names like `chatworkApi`).
	 * @returns {Promise<Array<{name: string, displayName: string, [key: string]: any}>>}
	 */
	credentialTypes() {
		return this.typesFile('credentials');
	}

	/**
	 * Lists executions, newest first (GET /rest/executions, 100 a page, paged by id).
	 * @param {{workflowId?: string, status?: string[], limit?: number, since?: string}} [filter]
	 *        limit: at most this many (default 1000); since: only executions with a greater id
	 * @returns {Promise<ExecutionSummary[]>}
	 */
	async listExecutions(filter = {}) {
		/** @type {Record<string, unknown>} */
		const where = {};
		if (filter.workflowId) where.workflowId = filter.workflowId;
		if (filter.status) where.status = filter.status;
		const limit = filter.limit ?? 1000;
		/** @type {ExecutionSummary[]} */
		const all = [];
		// firstId and lastId both set: n8n answers with exactly the ids between them, id descending.
		// The top is PostgreSQL's largest integer (execution ids are int4 there).
		let lastId = '2147483647';
		while (all.length < limit) {
			const pageSize = Math.min(100, limit - all.length);
			const page = await this.api('GET', '/executions', {
				query: { filter: where, limit: pageSize, firstId: filter.since ?? '0', lastId },
			});
			/** @type {ExecutionSummary[]} */
			const results = page.results ?? [];
			all.push(...results);
			if (results.length < pageSize) break;
			lastId = results[results.length - 1].id;
		}
		return all;
	}

	/**
	 * One execution with its data parsed (GET /rest/executions/:id).
	 * @param {string} id
	 * @returns {Promise<Execution>}
	 */
	async getExecution(id) {
		const execution = await this.api('GET', `/executions/${id}`);
		if (execution && typeof execution.data === 'string') {
			execution.data = this.flatted().parse(execution.data);
		}
		return execution;
	}

	/** n8n stores execution data with `flatted`; use n8n's own copy to read it. */
	flatted() {
		const requireFromN8n = createRequire(path.join(this.prepared.n8nDir, 'package.json'));
		return /** @type {{parse: (s: string) => any}} */ (requireFromN8n('flatted'));
	}

	/**
	 * Waits until at least `count` executions (of a workflow) have finished, and returns the
	 * oldest `count` of them with their data, oldest first.
	 * @param {{workflowId?: string, count?: number, timeoutMs?: number, since?: string}} [options]
	 *        since: an execution id; only executions with a greater id count
	 * @returns {Promise<Execution[]>}
	 */
	async waitForExecutions(options = {}) {
		const count = options.count ?? 1;
		const deadline = Date.now() + (options.timeoutMs ?? 60_000);
		const done = new Set(['success', 'error', 'canceled', 'crashed']);
		/** @type {ExecutionSummary[]} */
		let finished = [];
		for (;;) {
			const all = await this.listExecutions({ workflowId: options.workflowId, since: options.since, limit: 100_000 });
			finished = all.filter((e) => done.has(e.status)).sort((a, b) => Number(a.id) - Number(b.id));
			if (finished.length >= count) break;
			if (Date.now() > deadline) {
				throw new Error(
					`timed out waiting for ${count} finished execution(s)` +
						`${options.workflowId ? ` of workflow ${options.workflowId}` : ''}: ` +
						`${finished.length} finished, ${all.length - finished.length} unfinished`,
				);
			}
			await sleep(250);
		}
		return mapLimit(finished.slice(0, count), 8, (e) => this.getExecution(e.id));
	}

	/**
	 * The items a node output in an execution: one array per output (e.g. [success[], error[]]),
	 * each item's `json`. Returns undefined when the node did not run.
	 * @param {Execution} execution
	 * @param {string} nodeName
	 * @param {number} [runIndex]
	 * @returns {Array<Array<Record<string, any>>> | undefined}
	 */
	nodeOutput(execution, nodeName, runIndex = 0) {
		return nodeOutput(execution, nodeName, runIndex);
	}

	/**
	 * Publication status of a workflow (GET /rest/workflows/:id/publication-status):
	 * status "published" | "in_progress" | "not_published" | "partial" | "failed".
	 * @param {string} workflowId
	 * @returns {Promise<{status: string, triggers: Array<{nodeId: string, status: string, errorMessage: string | null}>}>}
	 */
	publicationStatus(workflowId) {
		return this.api('GET', `/workflows/${workflowId}/publication-status`);
	}

	/**
	 * Waits until the workflows' triggers are live (publication status "published").
	 * @param {string[]} workflowIds
	 * @param {number} [timeoutMs]
	 */
	async waitForPublished(workflowIds, timeoutMs = 120_000) {
		const deadline = Date.now() + timeoutMs;
		for (const id of workflowIds) {
			let last = { status: 'unknown', triggers: /** @type {any[]} */ ([]) };
			for (;;) {
				last = await this.publicationStatus(id);
				if (last.status === 'published') break;
				if (last.status === 'failed' || last.status === 'partial') {
					const errors = last.triggers
						.filter((t) => t.status === 'failed')
						.map((t) => t.errorMessage)
						.join('; ');
					throw new Error(`workflow ${id} failed to activate: ${errors || last.status}\n${tail(this.logPath, 30)}`);
				}
				if (!this.isRunning) throw new Error(`n8n exited while activating workflow ${id}:\n${tail(this.logPath)}`);
				if (Date.now() > deadline) {
					throw new Error(`workflow ${id} was not activated in time (status ${last.status})\n${tail(this.logPath, 30)}`);
				}
				await sleep(250);
			}
		}
	}

	/**
	 * Adds a workflow to the running n8n (POST /rest/workflows) and, unless `activate` is false,
	 * publishes it as the editor's Publish button does (POST /rest/workflows/:id/activate), waiting
	 * for its triggers to be live. Returns the workflow id.
	 * @param {WorkflowJson} workflow
	 * @param {{activate?: boolean}} [options]
	 * @returns {Promise<string>}
	 */
	async addWorkflow(workflow, options = {}) {
		const { id, active, ...body } = /** @type {any} */ (workflow);
		void active;
		const created = await this.api('POST', '/workflows', { body: { ...body, settings: body.settings ?? {} } });
		if (options.activate !== false) {
			await this.api('POST', `/workflows/${created.id}/activate`, { body: { versionId: created.versionId } });
			await this.waitForPublished([created.id]);
		}
		this.workflows.push({ id: created.id, name: created.name, published: options.activate !== false });
		void id;
		return created.id;
	}
}

/**
 * @param {Execution} execution
 * @param {string} nodeName
 * @param {number} [runIndex]
 * @returns {Array<Array<Record<string, any>>> | undefined}
 */
function nodeOutput(execution, nodeName, runIndex = 0) {
	const run = execution?.data?.resultData?.runData?.[nodeName]?.[runIndex];
	if (!run) return undefined;
	const main = run.data?.main ?? [];
	return main.map((/** @type {Array<{json: any}> | null} */ items) => (items ?? []).map((item) => item.json));
}

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
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
			const nodesDir = path.join(n8nFolder, 'nodes');
			const target = path.join(nodesDir, 'node_modules', template.name);
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.cpSync(path.join(template.templateDir, 'package'), target, { recursive: true });
			fs.rmSync(path.join(target, '.complete'), { force: true });
			fs.writeFileSync(
				path.join(nodesDir, 'package.json'),
				JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [template.name]: template.version } }, null, 2),
			);
			log(`installed ${template.name}@${template.version} into ${target}`);
		}

		const credentials = (options.credentials ?? []).map((c) => ({ ...c, id: c.id ?? newId() }));
		if (credentials.length > 0) {
			// Plain `data` in a private file that exists only while the import runs; never logged.
			const file = path.join(instanceDir, `credentials-${process.pid}.json`);
			fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
			try {
				log(`importing ${credentials.length} credential(s)`);
				await instance.runCli(['import:credentials', `--input=${file}`]);
			} finally {
				fs.rmSync(file, { force: true });
			}
			instance.credentials = credentials.map(({ id, name, type }) => ({ id, name, type }));
		}

		const workflows = (options.workflows ?? []).map((w) => ({ ...w, id: w.id ?? newId() }));
		const publish = options.publish ?? true;
		const toPublish = workflows
			.map((w) => w.id)
			.filter((id) => (publish === true ? true : Array.isArray(publish) ? publish.includes(id) : false));
		if (workflows.length > 0) {
			const file = path.join(instanceDir, 'workflows.json');
			fs.writeFileSync(file, JSON.stringify(workflows, null, 2));
			log(`importing ${workflows.length} workflow(s)`);
			await instance.runCli(['import:workflow', `--input=${file}`]);
			for (const id of toPublish) {
				log(`publishing workflow ${id}`);
				await instance.runCli(['publish:workflow', `--id=${id}`]);
			}
			instance.workflows = workflows.map((w) => ({ id: w.id, name: w.name, published: toPublish.includes(w.id) }));
		}

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

/** Stops every instance this process started (e.g. in a global teardown). */
async function stopAll() {
	await Promise.all([...running].map((instance) => instance.stop()));
}

module.exports = { startN8n, stopAll, nodeOutput, getFreePort, N8nInstance, N8nApiError, DEMO_OWNER, PROJECT_DIR };
