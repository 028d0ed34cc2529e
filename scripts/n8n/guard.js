#!/usr/bin/env node
// @ts-check
/**
 * Keeps an n8n process from outliving the process that started it.
 *
 *   node guard.js <graceMs> <command> [args...]
 *
 * harness.js starts this script as the leader of a new process group, with a pipe as its stdin,
 * and this script starts the command (n8n) in the same group, sharing this script's stdout/stderr.
 * - When the pipe closes — the harness called stop(), exited, crashed or was SIGKILLed — the
 *   command gets SIGTERM, and the whole group SIGKILL if it has not exited within <graceMs>.
 * - SIGTERM / SIGINT / SIGHUP sent to the group reach the command directly; this script then only
 *   waits for it (with the same SIGKILL deadline), so n8n can shut down cleanly. n8n is sent at
 *   most one signal from here: a second SIGTERM would make it exit at once, without cleaning up.
 * - This script exits with the command's exit code (128 + signal number when it was killed).
 */
'use strict';

const { spawn } = require('node:child_process');
const os = require('node:os');

const [graceArg, command, ...args] = process.argv.slice(2);
const graceMs = Number(graceArg);
if (!command || !Number.isFinite(graceMs)) {
	process.stderr.write('usage: guard.js <graceMs> <command> [args...]\n');
	process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let exited = false;
/** n8n handles only the first SIGTERM/SIGINT gracefully (a second one kills it at once). */
let signalled = false;
/** @type {NodeJS.Timeout | undefined} */
let killTimer;

function killGroupHard() {
	try {
		process.kill(-process.pid, 'SIGKILL'); // the group: n8n, its task runners, and this script
	} catch {
		process.exit(137);
	}
}

/** @param {NodeJS.Signals | undefined} forward signal to send to n8n, if it did not get one yet */
function shutDown(forward) {
	if (exited) return;
	if (forward && !signalled) {
		signalled = true;
		try {
			child.kill(forward);
		} catch {
			/* already gone */
		}
	}
	if (!killTimer) {
		killTimer = setTimeout(() => {
			process.stderr.write(`[n8n-harness guard] n8n did not stop within ${graceMs} ms; SIGKILL\n`);
			killGroupHard();
		}, graceMs);
	}
}

process.stdin.on('data', () => {});
// If a signal to the group comes together with the pipe closing, let it arrive first (200 ms), so
// that n8n does not get a second SIGTERM from here.
const onPipeClosed = () => setTimeout(() => shutDown('SIGTERM'), 200);
process.stdin.on('end', onPipeClosed);
process.stdin.on('error', onPipeClosed);
process.stdin.resume();

for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) {
	// A signal to the group has reached n8n too; wait for it to finish, with a deadline.
	process.on(signal, () => {
		signalled = true;
		shutDown(undefined);
	});
}

child.on('error', (error) => {
	process.stderr.write(`[n8n-harness guard] could not start ${command}: ${error.message}\n`);
	process.exit(127);
});

child.on('exit', (code, signal) => {
	exited = true;
	if (killTimer) clearTimeout(killTimer);
	// Anything n8n left behind in the group (e.g. a task runner) goes with it.
	try {
		process.kill(-process.pid, 'SIGTERM');
	} catch {
		/* nothing left */
	}
	const signalNumber = signal ? (os.constants.signals[signal] ?? 0) : 0;
	process.exit(code ?? 128 + signalNumber);
});
