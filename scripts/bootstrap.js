#!/usr/bin/env node
// @ts-check
/**
 * The first step of `npm start` and `npm test`, so both work on a fresh clone with nothing
 * installed. Plain Node (built-ins only), one line per step on stderr:
 *
 *   node scripts/bootstrap.js deps   runs `npm ci` when node_modules is missing or was installed
 *                                    from another package-lock.json
 *   node scripts/bootstrap.js n8n    installs (or finds cached) Node 24 + n8n for the e2e suite,
 *                                    as its own step rather than inside a test's time budget
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { childEnv, formatDuration, N8N_VERSION, npmCommand, prepareN8n, run } = require('./n8n/prepare');

const ROOT = path.join(__dirname, '..');
const started = Date.now();

/** @param {string} message */
function say(message) {
	process.stderr.write(`[setup ${formatDuration(Date.now() - started)}] ${message}\n`);
}

/**
 * @param {string} file
 * @returns {any}
 */
function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * Why node_modules does not match package-lock.json, or undefined when it does. npm records what
 * it installed in node_modules/.package-lock.json; every package the lock file requires must be
 * there at the same version and integrity, and nothing else (optional packages for other
 * platforms are legitimately absent).
 * @param {string} root
 * @returns {string | undefined}
 */
function staleReason(root) {
	const lock = readJson(path.join(root, 'package-lock.json'));
	if (!lock?.packages) return 'package-lock.json is missing or unreadable';
	if (!fs.existsSync(path.join(root, 'node_modules'))) return 'node_modules is missing';
	const installed = readJson(path.join(root, 'node_modules', '.package-lock.json'))?.packages;
	if (!installed) return 'node_modules has no record of what npm installed';
	for (const [key, wanted] of Object.entries(lock.packages)) {
		if (key === '') continue;
		const have = installed[key];
		if (!have) {
			if (wanted.optional) continue;
			return `${key} is not installed`;
		}
		if (have.version !== wanted.version || (have.integrity && wanted.integrity && have.integrity !== wanted.integrity)) {
			return `${key} is ${have.version}, package-lock.json wants ${wanted.version}`;
		}
	}
	const extra = Object.keys(installed).find((key) => !(key in lock.packages));
	return extra ? `${extra} is installed but not in package-lock.json` : undefined;
}

async function ensureDependencies() {
	const reason = staleReason(ROOT);
	if (!reason) {
		say('dependencies: node_modules matches package-lock.json');
		return;
	}
	const nodeModules = path.join(ROOT, 'node_modules');
	if (fs.existsSync(nodeModules) && fs.lstatSync(nodeModules).isSymbolicLink()) {
		// npm ci would empty the folder the link points to, which belongs to another checkout.
		say(`dependencies: ${reason}, but node_modules is a link to ${fs.realpathSync(nodeModules)}; not reinstalling through it`);
		return;
	}
	const logFile = path.join(os.tmpdir(), 'n8n-nodes-satori-chatwork', `npm-ci-${process.pid}.log`);
	await run(`dependencies: ${reason}; installing with npm ci`, npmCommand(), ['ci', '--no-audit', '--no-fund'], {
		cwd: ROOT,
		logFile,
		env: childEnv(),
		say,
	});
}

async function ensureN8n() {
	const prepared = await prepareN8n();
	say(`n8n ${N8N_VERSION} on Node 24 ready in ${prepared.n8nDir}`);
}

/** Debian's Chromium for the browser tests, as the queue-mode tests install PostgreSQL and Redis. */
async function ensureBrowser() {
	require('./n8n/services').ensureChromium(say);
	say('browser: Chromium ready');
}

/** @type {Record<string, () => Promise<void>>} */
const STEPS = { deps: ensureDependencies, n8n: ensureN8n, browser: ensureBrowser };

async function main() {
	const names = process.argv.slice(2);
	const unknown = names.filter((name) => !STEPS[name]);
	if (names.length === 0 || unknown.length > 0) {
		throw new Error(`usage: node scripts/bootstrap.js ${Object.keys(STEPS).join('|')} … (unknown: ${unknown.join(', ') || 'none given'})`);
	}
	for (const name of names) await STEPS[name]();
}

if (require.main === module) {
	main().catch((error) => {
		say(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	});
}

module.exports = { staleReason };
