// @ts-check
/**
 * One running n8n: spawned under guard.js in its own process group, stopped with SIGTERM then
 * SIGKILL, and stopped anyway when this process goes away. Its REST calls come from N8nRestClient.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { runLogged, sleep } = require('./processes');
const { N8nRestClient } = require('./rest');

const GUARD = path.join(__dirname, 'guard.js');

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

class N8nInstance extends N8nRestClient {
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
		super({ baseUrl: `http://127.0.0.1:${init.port}`, logPath: init.logPath, n8nDir: init.prepared.n8nDir });
		this.prepared = init.prepared;
		/** Folder holding this instance: userFolder, n8n.log. */
		this.instanceDir = init.instanceDir;
		/** N8N_USER_FOLDER: n8n keeps its data in `${userFolder}/.n8n`. */
		this.userFolder = init.userFolder;
		this.n8nFolder = path.join(init.userFolder, '.n8n');
		this.dbPath = path.join(this.n8nFolder, 'database.sqlite');
		this.port = init.port;
		this.brokerPort = init.brokerPort;
		this.command = init.command;
		/** A worker's /healthz port (QUEUE_HEALTH_CHECK_PORT); undefined for the other commands. */
		this.healthPort = init.healthPort;
		this.env = init.env;
		this.stopGraceMs = init.stopGraceMs;
		this.keep = init.keep;
		this.log = init.log;
		/** @type {{id: string, name: string, type: string}[]} */
		this.credentials = [];
		/** @type {import('node:child_process').ChildProcess | undefined} */
		this.process = undefined;
		/** @type {Promise<void> | undefined} */
		this.exited = undefined;
		this.exitCode = /** @type {number | null} */ (null);
		/** ms from spawning `n8n start` to /healthz/readiness answering 200 */
		this.startupMs = 0;
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
}

/** Stops every instance this process started (e.g. in a global teardown). */
async function stopAll() {
	await Promise.all([...running].map((instance) => instance.stop()));
}


module.exports = { N8nInstance, stopAll };
