/**
 * The PostgreSQL and Redis that queue mode's tests start (scripts/n8n/services.js), and the dumps
 * the token test searches: any token-like string stored in either must show up in its dump, or
 * "0 occurrences" in queueMode.test.ts would prove nothing.
 */
import fs from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import { startPostgres, startRedis } from '../../scripts/n8n/services';

type Postgres = Awaited<ReturnType<typeof startPostgres>>;
type Redis = Awaited<ReturnType<typeof startRedis>>;

let postgres: Postgres;
let redis: Redis;

beforeAll(async () => {
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 5 * 60_000);

afterAll(async () => {
	await Promise.all([postgres?.stop(), redis?.stop()]);
});

/** Tokens as Chatwork issues them and as tests make them up: letters, digits, `-` and `_`. */
const token = fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/);

describe('the services queue mode runs on', () => {
	it('run on 127.0.0.1 as n8n needs them: PostgreSQL not as root, Redis answering', () => {
		expect(postgres.query("SELECT current_setting('listen_addresses')")).toEqual(['127.0.0.1']);
		// The server process itself (its PID heads postmaster.pid): a query's backend may be gone by the time /proc is read.
		const [serverPid] = fs.readFileSync(path.join(postgres.dir, 'data', 'postmaster.pid'), 'utf8').split('\n');
		const uid = Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${serverPid}/status`, 'utf8'))?.[1]);
		expect(uid).toBeGreaterThan(0);
		expect(postgres.env).toMatchObject({ DB_TYPE: 'postgresdb', DB_POSTGRESDB_PORT: String(postgres.port) });
		expect(redis.cli(['PING']).trim()).toBe('PONG');
	});

	it('show every stored token in their dumps, short or long, in a table, a hash or a list', () => {
		postgres.query('CREATE TABLE IF NOT EXISTS stored (value text)');
		fc.assert(
			fc.property(token, fc.constantFrom('SET', 'HSET', 'RPUSH'), (value, command) => {
				postgres.query(`INSERT INTO stored VALUES ('${value}')`);
				const key = `k-${value.slice(0, 8)}`;
				redis.cli(command === 'SET' ? ['SET', key, value] : command === 'HSET' ? ['HSET', key, 'f', value] : ['RPUSH', key, value]);
				expect(postgres.dump()).toContain(value);
				expect(redis.dump().includes(value)).toBe(true);
				redis.cli(['DEL', key]);
			}),
			{ numRuns: 15 },
		);
	});

	it('leave nothing behind: stop() ends the servers and removes their data', async () => {
		const [pg, cache] = await Promise.all([startPostgres(), startRedis()]);
		await Promise.all([pg.stop(), cache.stop()]);
		expect([fs.existsSync(pg.dir), fs.existsSync(cache.dir)]).toEqual([false, false]);
		await expect(fetch(`http://127.0.0.1:${cache.port}`).then(() => 'open')).rejects.toThrow();
	});
});
