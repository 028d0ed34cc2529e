#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Runs the Chatwork look-alike until Ctrl-C:
 *   node sandbox/cli.js --port 4010 --token demo-token --time-scale 1
 * Prints the base URL (and nothing else) on stdout; notes go to stderr, the first of
 * them `Sandbox page: http://127.0.0.1:PORT/` (the live Chatwork-like view). The token is
 * never printed. Options: --port N, --token T (or env CHATWORK_SANDBOX_TOKEN),
 * --time-scale X, --no-limits, --log (one line per request on stderr).
 */

const { startChatworkServer, DEFAULT_ACCOUNTS, DEFAULT_TOKEN } = require('./index');

const USAGE = 'usage: cli.js [--port 4010] [--token demo-token] [--time-scale 1] [--no-limits] [--log]';

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{ port: number, token: string, timeScale: number, limits: boolean, log: boolean }} */
	const args = { port: 4010, token: process.env.CHATWORK_SANDBOX_TOKEN || DEFAULT_TOKEN, timeScale: 1, limits: true, log: false };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--port':
				args.port = Number(value());
				break;
			case '--token':
				args.token = String(value());
				break;
			case '--time-scale':
				args.timeScale = Number(value());
				break;
			case '--no-limits':
				args.limits = false;
				break;
			case '--log':
				args.log = true;
				break;
			case '--help':
			case '-h':
				process.stdout.write(`${USAGE}\n`);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
		}
	}
	if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error(`--port needs 0..65535\n${USAGE}`);
	if (!(args.timeScale > 0)) throw new Error(`--time-scale needs a number > 0\n${USAGE}`);
	if (args.token === '') throw new Error(`--token needs a value\n${USAGE}`);
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const [first, ...others] = DEFAULT_ACCOUNTS;
	const server = await startChatworkServer({
		port: args.port,
		timeScale: args.timeScale,
		limits: args.limits ? undefined : false,
		accounts: [{ ...first, token: args.token }, ...others],
		onRequest: args.log
			? (entry) => process.stderr.write(`${entry.seq} ${entry.method} ${entry.path} → ${entry.status ?? entry.fault}\n`)
			: undefined,
		onError: (error) => process.stderr.write(`internal error: ${error instanceof Error ? error.stack : String(error)}\n`),
	});
	process.stdout.write(`${server.url}\n`);
	process.stderr.write(`Sandbox page: ${server.sandboxUrl}\n`);
	process.stderr.write(
		`Chatwork sandbox: account ${first.account_id} "${first.name}", rooms ${server.rooms().filter((r) => r.type === 'group').map((r) => `${r.room_id} ${r.name}`).join(', ')}` +
			`${args.limits ? '' : ', limits off'}, time scale ${args.timeScale}. Ctrl-C stops it.\n`,
	);
	const stop = () => {
		server.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
