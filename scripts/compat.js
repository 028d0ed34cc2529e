// @ts-check
/**
 * Builds and unit-tests the package against the newest n8n-core and the n8n-workflow it ships
 * (the oldest supported pair is the one in devDependencies, which `npm test` already uses). The
 * pair is installed into a temp prefix; `tsc` reads it through `paths`, Jest through moduleNameMapper
 * (jest.config.js, N8N_COMPAT_MODULES), so node_modules stays as it is.
 *
 *   node scripts/compat.js [jest args…]     e.g. -- test/unit/chatwork-send.test.ts
 *   N8N_COMPAT_CORE_VERSION=2.41.1          which n8n-core (default: npm's latest)
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** @param {string} command @param {string[]} args @param {import('node:child_process').ExecFileSyncOptions} [options] */
function run(command, args, options = {}) {
	console.log(`$ ${command} ${args.join(' ')}`);
	return execFileSync(command, args, { stdio: 'inherit', cwd: root, ...options });
}

const coreVersion = process.env.N8N_COMPAT_CORE_VERSION || execFileSync(npm, ['view', 'n8n-core', 'version'], { encoding: 'utf8' }).trim();
const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-compat-'));
try {
	run(npm, ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `n8n-core@${coreVersion}`]);
	const modules = path.join(prefix, 'node_modules');
	const workflowVersion = JSON.parse(fs.readFileSync(path.join(modules, 'n8n-workflow', 'package.json'), 'utf8')).version;
	console.log(`compat: n8n-core ${coreVersion}, n8n-workflow ${workflowVersion}`);

	const tsconfig = path.join(root, 'tsconfig.compat.json');
	fs.writeFileSync(
		tsconfig,
		JSON.stringify({
			extends: './tsconfig.json',
			compilerOptions: { noEmit: true, baseUrl: '.', paths: { 'n8n-workflow': [path.join(modules, 'n8n-workflow')] } },
		}),
	);
	try {
		run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig]);
	} finally {
		fs.rmSync(tsconfig, { force: true });
	}
	run(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2).filter((arg) => arg !== '--'), '--selectProjects', 'unit'], {
		env: { ...process.env, N8N_COMPAT_MODULES: modules },
	});
	console.log(`compat: build and unit tests pass with n8n-core ${coreVersion} / n8n-workflow ${workflowVersion}`);
} finally {
	fs.rmSync(prefix, { recursive: true, force: true });
}
