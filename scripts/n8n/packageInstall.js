// @ts-check
/**
 * Installs this package into an n8n user folder the way n8n's "Community nodes" screen does:
 * `npm pack`, unpack, runtime dependencies only. Each build is installed once into a template.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { childEnv, npmCommand } = require('./prepare');
const { runLogged, tail } = require('./processes');

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
 * Copies the installed template into `<n8nFolder>/nodes`, where n8n finds community packages.
 * @param {string} n8nFolder
 * @param {{templateDir: string, name: string, version: string}} template
 * @returns {string} where the package now is
 */
function installTemplate(n8nFolder, template) {
	const nodesDir = path.join(n8nFolder, 'nodes');
	const target = path.join(nodesDir, 'node_modules', template.name);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.cpSync(path.join(template.templateDir, 'package'), target, { recursive: true });
	fs.rmSync(path.join(target, '.complete'), { force: true });
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [template.name]: template.version } }, null, 2),
	);
	return target;
}

module.exports = { checkBuilt, preparePackageTemplate, installTemplate };
