// @ts-check
/** Child processes and ports for the n8n tooling: run a command into a log, probe a pid, find a free port. */
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const { spawn } = require('node:child_process');

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


module.exports = { getFreePort, sleep, isAlive, tail, runLogged };
