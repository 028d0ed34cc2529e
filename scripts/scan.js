// @ts-check
/**
 * n8n's community-package scanner (@n8n/scan-community-package) on this package's tarball as `npm pack`
 * makes it. The scanner's command downloads a published package by name; this runs its own
 * `analyzePackage` (the same ESLint rules) on the local tarball instead, since the package is not
 * published. Every finding must be one listed in EXPLAINED (docs/lint.md says why each stays);
 * a new one fails the run. The scanner's provenance check needs a published version and is not run.
 *
 *   node scripts/scan.js
 */
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SCANNER_VERSION = '0.32.0';
const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const cacheBase = process.env.N8N_HARNESS_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-satori-chatwork');

/** Each finding the scanner reports for this package, as `file rule`, and why it stays (docs/lint.md). */
const EXPLAINED = {
	'package.json no-runtime-dependencies': 'handlebars and zod are runtime dependencies: the package is for self-hosted n8n (PRODUCT.md)',
	'dist/nodes/Chatwork/template/environment.js no-restricted-imports': 'handlebars, the template engine SATORI users\' templates already use',
	'dist/nodes/Chatwork/template/parse.js no-restricted-imports': 'handlebars\' parser, to check a template before it runs',
	'dist/nodes/ChatworkTrigger/3-filter/boundedMatch.js no-restricted-imports': 'node:vm runs a user\'s regex with a time bound, so a bad pattern cannot freeze n8n',
	'dist/nodes/SatoriWebhookTrigger/3-parse/multipart.js no-restricted-imports': 'fs/promises stat() sizes an uploaded file n8n has spooled to disk, to enforce the upload limit',
	'dist/nodes/SatoriWebhookTrigger/4-validate/emailAddress.js no-restricted-imports': 'node:url\'s domainToASCII checks an internationalised e-mail domain',
	'dist/nodes/Chatwork/actions/router.js no-restricted-globals': 'setImmediate lets n8n answer webhooks while 1,000 items are planned',
	'dist/nodes/Chatwork/transport/delivery.js no-restricted-globals': 'a wait that a cancelled execution ends at once (setTimeout with an AbortSignal)',
	'dist/nodes/shared/chatwork/request.js no-restricted-globals': 'the whole-answer timeout of a Chatwork request',
	'dist/nodes/SatoriWebhookTrigger/6-keep/keepSubmission.js no-restricted-globals': 'the whole-answer timeout of the call that keeps a submission in a Data Table (n8n\'s own timeout is an idle time)',
	'dist/nodes/Chatwork/transport/limits.js no-restricted-globals': 'process.env N8N_CHATWORK_TIME_SCALE, honoured only against a loopback look-alike',
};

/** @param {string} command @param {string[]} args @param {import('node:child_process').ExecFileSyncOptions} [options] */
/**
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').ExecFileSyncOptions} [options]
 * @returns {string}
 */
function run(command, args, options = {}) {
	return String(execFileSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options }));
}

/** The scanner and what it needs to load, installed once into the cache. */
function ensureScanner() {
	const dir = path.join(cacheBase, `scanner-${SCANNER_VERSION}`);
	const entry = path.join(dir, 'package', 'scanner', 'scanner.mjs');
	if (fs.existsSync(path.join(dir, '.complete'))) return linkWorkflow(path.join(dir, 'package'), entry);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const tarball = run(npm, ['pack', `@n8n/scan-community-package@${SCANNER_VERSION}`, '--pack-destination', dir, '--silent']).trim().split('\n').pop();
	run('tar', ['xzf', path.join(dir, String(tarball)), '-C', dir]);
	const packageDir = path.join(dir, 'package');
	// 0.32.0 pins typescript 7 (the native port), which its own TypeScript ESLint parser cannot load.
	run(npm, ['install', '--omit=dev', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', 'typescript@5.9'], { cwd: packageDir, stdio: 'inherit' });
	fs.writeFileSync(path.join(dir, '.complete'), '');
	return linkWorkflow(packageDir, entry);
}

/**
 * Its community-nodes rules require n8n-workflow without declaring it: the one this checkout builds
 * with, linked on every run (the clone that installed the scanner may be gone).
 * @param {string} packageDir @param {string} entry
 */
function linkWorkflow(packageDir, entry) {
	const link = path.join(packageDir, 'node_modules', 'n8n-workflow');
	fs.rmSync(link, { recursive: true, force: true });
	fs.symlinkSync(path.join(root, 'node_modules', 'n8n-workflow'), link, 'dir');
	return entry;
}

/** The package as npm would publish it, unpacked. */
function packed() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-tarball-'));
	const tarball = run(npm, ['pack', '--pack-destination', dir, '--silent']).trim().split('\n').pop();
	run('tar', ['xzf', path.join(dir, String(tarball)), '-C', dir]);
	return { dir, packageDir: path.join(dir, 'package') };
}

function main() {
	const scanner = ensureScanner();
	const { dir, packageDir } = packed();
	try {
		const script = `import(${JSON.stringify(scanner)}).then(async ({ analyzePackage }) => { const r = await analyzePackage(process.argv[1]); process.stdout.write(JSON.stringify({ passed: r.passed, message: r.message, details: r.details ?? '' })); })`;
		const result = JSON.parse(run(process.execPath, ['-e', script, packageDir]));
		/** @type {string[]} */
		const findings = [];
		let file = '';
		for (const line of String(result.details).split('\n')) {
			if (line.startsWith(packageDir)) file = path.relative(packageDir, line.trim());
			const rule = /\s@n8n\/community-nodes\/([\w-]+)\s*$/.exec(line)?.[1] ?? /\s(n8n-nodes-base\/[\w-]+|[\w-]+)\s*$/.exec(line.includes('error') ? line : '')?.[1];
			if (rule && line.includes('error')) findings.push(`${file} ${rule}`);
		}
		if (!result.passed && findings.length === 0) throw new Error(`the scanner failed without findings: ${result.message}\n${result.details}`);
		const unexplained = findings.filter((finding) => !(finding in EXPLAINED));
		const gone = Object.keys(EXPLAINED).filter((finding) => !findings.includes(finding));
		console.log(`n8n scanner ${SCANNER_VERSION} on the tarball: ${findings.length} findings (${new Set(findings).size} file × rule)`);
		for (const finding of new Set(findings)) console.log(`  ${finding in EXPLAINED ? 'explained' : 'NEW      '}  ${finding}${finding in EXPLAINED ? `: ${EXPLAINED[/** @type {keyof typeof EXPLAINED} */ (finding)]}` : ''}`);
		for (const finding of gone) console.log(`  no longer reported (drop it from EXPLAINED and docs/lint.md): ${finding}`);
		if (unexplained.length > 0 || gone.length > 0) process.exitCode = 1;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main();
