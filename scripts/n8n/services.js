// @ts-check
/**
 * PostgreSQL and Redis for n8n's queue mode, from Debian's packages (`postgresql`, `redis-server`):
 * installed with apt-get when missing (as root, like the CI's Chromium step), each started on
 * 127.0.0.1 on a free port with its data in a temporary folder, under guard.js so it stops when
 * stop() is called or the starting process goes away.
 *
 *   const { startPostgres, startRedis } = require('./scripts/n8n/services');
 *   const pg = await startPostgres();   // pg.env: DB_TYPE=postgresdb, DB_POSTGRESDB_* for n8n
 *   const redis = await startRedis();   // redis.env: QUEUE_BULL_REDIS_HOST/PORT
 *   pg.dump(); redis.dump();            // everything stored, as text / bytes
 *   await pg.stop(); await redis.stop();
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const { getFreePort, sleep } = require('./processes');

const GUARD = path.join(__dirname, 'guard.js');
/** PostgreSQL refuses to run as root; as root its server runs as Debian's `postgres` user. */
const PG_USER = 'postgres';
const DB_NAME = 'n8n';
const DB_ROLE = 'n8n';

/** The bin folder of the newest PostgreSQL Debian installed, or undefined. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((name) => fs.existsSync(path.join(root, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

/** @param {string} command */
function onPath(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs Debian packages (apt-get, as root only); `why` ("for …") says in the error what needs
 * them when this user cannot install.
 * @param {string[]} missing
 * @param {string} why
 * @param {(line: string) => void} log
 * @param {boolean} [recommends]  with the packages Debian recommends (Chromium's fonts)
 */
function aptInstall(missing, why, log, recommends = false) {
	if (missing.length === 0) return;
	if (process.getuid?.() !== 0) {
		throw new Error(`Debian's ${missing.join(' and ')} must be installed ${why}: run \`sudo apt-get install -y ${missing.join(' ')}\``);
	}
	log(`installing ${missing.join(', ')} with apt-get`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...(recommends ? [] : ['--no-install-recommends']), ...missing]]) {
		const result = spawnSync('apt-get', args, { env, encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
	}
}

/**
 * Installs PostgreSQL and Redis when their programs are missing. Debian starts the packages' own
 * system services; ours run on their own ports, so those may stay.
 * @param {(line: string) => void} log
 */
function ensureInstalled(log) {
	const missing = [];
	if (!postgresBinDir() || !onPath('psql') || !onPath('pg_dump')) missing.push('postgresql');
	if (!onPath('redis-server') || !onPath('redis-cli')) missing.push('redis-server');
	aptInstall(missing, 'for queue mode', log);
}

/**
 * Installs Chromium for the browser tests (no browser download from npm works here) unless
 * CHROMIUM_PATH names one or Debian's is there.
 * @param {(line: string) => void} log
 */
function ensureChromium(log) {
	const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	const missing = fs.existsSync(chromium) ? [] : ['chromium'];
	// Japanese in the pictures the browser tests take (docs/images) needs a font that has it.
	if (!fs.existsSync('/usr/share/fonts/opentype/ipafont-gothic')) missing.push('fonts-ipafont-gothic');
	if (missing.length > 0) aptInstall(missing, 'for the browser tests', log, true);
}

/**
 * Runs a service in the foreground under guard.js (its own process group).
 * @param {{command: string, args: string[], logPath: string, env?: NodeJS.ProcessEnv}} options
 */
function spawnGuarded(options) {
	const fd = fs.openSync(options.logPath, 'a');
	const child = spawn(process.execPath, [GUARD, '10000', options.command, ...options.args], {
		env: options.env ?? process.env,
		detached: true,
		stdio: ['pipe', fd, fd],
	});
	fs.closeSync(fd);
	child.stdin?.on('error', () => {});
	const exited = new Promise((resolve) => {
		child.on('exit', resolve);
		child.on('error', resolve);
	});
	// Closing the pipe tells the guard to stop the service, also when this process dies.
	const close = () => child.stdin?.destroy();
	process.once('exit', close);
	return {
		child,
		get running() {
			return child.exitCode === null && child.signalCode === null;
		},
		async stop() {
			process.removeListener('exit', close);
			if (child.exitCode === null && child.signalCode === null) {
				close();
				await exited;
			}
		},
	};
}

/**
 * @param {string} what
 * @param {() => boolean} ready
 * @param {{running: boolean}} service
 * @param {string} logPath
 * @param {number} timeoutMs
 */
async function waitReady(what, ready, service, logPath, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!ready()) {
		if (!service.running || Date.now() > deadline) {
			const log = fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8').slice(-3000) : '';
			throw new Error(`${what} did not start (log ${logPath}):\n${log}`);
		}
		await sleep(200);
	}
}

/** @param {string | undefined} baseDir @param {string} label */
function serviceDir(baseDir, label) {
	const root = baseDir ?? os.tmpdir();
	fs.mkdirSync(root, { recursive: true });
	return fs.mkdtempSync(path.join(root, `n8n-queue-${label}-`));
}

/**
 * @typedef {object} ServiceOptions
 * @property {string} [baseDir]   where the temporary folder goes (default os.tmpdir())
 * @property {(line: string) => void} [log]
 * @property {number} [port]      default: a free port
 */

/**
 * Starts PostgreSQL on 127.0.0.1 with a fresh cluster (role and database `n8n`, trust auth on
 * 127.0.0.1 only) in a temporary folder removed by stop().
 * @param {ServiceOptions} [options]
 */
async function startPostgres(options = {}) {
	const log = options.log ?? (() => {});
	ensureInstalled(log);
	const bin = /** @type {string} */ (postgresBinDir());
	const dir = serviceDir(options.baseDir, 'postgres');
	const dataDir = path.join(dir, 'data');
	const logPath = path.join(dir, 'postgres.log');
	const port = options.port ?? (await getFreePort());
	const asRoot = process.getuid?.() === 0;
	/** As root the server's programs run as `postgres` (setpriv execs, so signals reach them directly). */
	const as = (/** @type {string} */ program) =>
		asRoot
			? { command: 'setpriv', args: ['--reuid', PG_USER, '--regid', PG_USER, '--init-groups', '--', path.join(bin, program)] }
			: { command: path.join(bin, program), args: [] };
	if (asRoot) {
		fs.chmodSync(dir, 0o755);
		spawnSync('chown', [PG_USER, dir]);
	}
	const initdb = as('initdb');
	const init = spawnSync(
		initdb.command,
		[...initdb.args, '-D', dataDir, '-U', DB_ROLE, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
		{ encoding: 'utf8', cwd: dir },
	);
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr || init.stdout}`);
	const postgres = as('postgres');
	const service = spawnGuarded({
		command: postgres.command,
		args: [
			...postgres.args,
			'-D', dataDir,
			'-p', String(port),
			'-c', 'listen_addresses=127.0.0.1',
			'-c', `unix_socket_directories=${dir}`,
			'-c', 'fsync=off',
			'-c', 'max_connections=200',
		],
		logPath,
	});
	const psqlArgs = ['-h', '127.0.0.1', '-p', String(port), '-U', DB_ROLE, '-v', 'ON_ERROR_STOP=1', '-qAt'];
	const psql = (/** @type {string} */ database, /** @type {string} */ sql) =>
		spawnSync('psql', [...psqlArgs, '-d', database, '-c', sql], { encoding: 'utf8' });
	await waitReady('PostgreSQL', () => psql('postgres', 'SELECT 1').status === 0, service, logPath, 60_000);
	const created = psql('postgres', `CREATE DATABASE ${DB_NAME}`);
	if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
	log(`PostgreSQL on 127.0.0.1:${port} (data ${dataDir})`);
	return {
		port,
		dir,
		logPath,
		/** What n8n needs to use this database. */
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DB_NAME,
			DB_POSTGRESDB_USER: DB_ROLE,
			DB_POSTGRESDB_PASSWORD: '',
		},
		/**
		 * Runs SQL in n8n's database; returns the rows, one line each, columns separated by `|`.
		 * @param {string} sql
		 */
		query(sql) {
			const result = psql(DB_NAME, sql);
			if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
			return result.stdout.split('\n').filter(Boolean);
		},
		/** The whole database as pg_dump writes it (plain SQL, data included). */
		dump() {
			const result = spawnSync('pg_dump', ['-h', '127.0.0.1', '-p', String(port), '-U', DB_ROLE, DB_NAME], {
				encoding: 'utf8',
				maxBuffer: 1 << 30,
			});
			if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr}`);
			return result.stdout;
		},
		async stop() {
			await service.stop();
			fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
		},
	};
}

/**
 * Starts Redis on 127.0.0.1 with no persistence of its own, in a temporary folder removed by stop().
 * @param {ServiceOptions} [options]
 */
async function startRedis(options = {}) {
	const log = options.log ?? (() => {});
	ensureInstalled(log);
	const dir = serviceDir(options.baseDir, 'redis');
	const logPath = path.join(dir, 'redis.log');
	const port = options.port ?? (await getFreePort());
	const service = spawnGuarded({
		command: 'redis-server',
		args: [
			'--port', String(port),
			'--bind', '127.0.0.1',
			'--dir', dir,
			'--save', '',
			'--appendonly', 'no',
			// dump() reads the RDB file; uncompressed, every stored string is there byte for byte.
			'--rdbcompression', 'no',
		],
		logPath,
	});
	const cli = (/** @type {string[]} */ args) =>
		spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
	await waitReady('Redis', () => cli(['PING']).stdout.trim() === 'PONG', service, logPath, 30_000);
	log(`Redis on 127.0.0.1:${port} (dir ${dir})`);
	return {
		port,
		dir,
		logPath,
		/** What n8n needs to use this Redis for its queue. */
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		/** @param {string[]} args  a redis-cli command; returns its output */
		cli(args) {
			const result = cli(args);
			if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${result.stderr}`);
			return result.stdout;
		},
		/** Every key and value Redis holds, as the bytes of an uncompressed RDB snapshot. */
		dump() {
			const saved = cli(['SAVE']).stdout.trim();
			if (saved !== 'OK') throw new Error(`redis SAVE answered ${saved}`);
			return fs.readFileSync(path.join(dir, 'dump.rdb'));
		},
		async stop() {
			await service.stop();
			fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
		},
	};
}

module.exports = { startPostgres, startRedis, ensureInstalled, ensureChromium };
