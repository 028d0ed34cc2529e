import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../../nodes/Chatwork/Chatwork.node';
import { MAX_ANSWER_BYTES } from '../../../../nodes/shared/chatwork/constants';
import { room, runNode } from '../../../support/executeNode';
import type { HostileServer } from '../../support/hostileServer';
import { gzipBomb, startHostileServer } from '../../support/hostileServer';

/**
 * Issue 25, defects 3 and 4: Delivery → Timeout bounds the whole answer, headers and body, not
 * the time between two bytes; and no more than MAX_ANSWER_BYTES of an answer (after decompression)
 * is read, so a gzip bomb costs neither memory nor execution data.
 */

const TOKEN = 'bounds-token-0123456789abcdef';
let server: HostileServer;

beforeAll(async () => {
	server = await startHostileServer();
});
afterAll(async () => {
	await server.close();
});

function run(parameters: IDataObject) {
	return runNode(new Chatwork(), { items: [{}], credentials: { apiToken: TOKEN, baseUrl: server.url }, parameters });
}

const SEND = { resource: 'message', operation: 'send', roomId: room(1001), text: 'lead', selfUnread: false };
const GET_ME = { resource: 'me', operation: 'get' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one history item of a run
function only(result: { success: any[]; error: any[] }) {
	expect(result.success.length + result.error.length).toBe(1);
	return (result.success[0] ?? result.error[0]).json;
}

describe('Timeout bounds the whole answer (defect 3)', () => {
	it('a POST whose answer trickles one byte every 500 ms past a 2 s timeout ends as unknown, saying the whole answer did not arrive', async () => {
		server.answer({ kind: 'trickle', body: `{"message_id":"${'1'.repeat(40)}"}`, intervalMs: 500 });

		const item = only(await run({ ...SEND, delivery: { timeout: 2, maxRetries: 0 } }));

		expect(item).toMatchObject({ status: 'error', error: { delivery: 'unknown', retryable: false, code: 'ANSWER_TIMEOUT' } });
		expect(item.error.message).toContain('the whole answer did not arrive within the 2 s timeout');
	}, 30_000);

	it('a GET whose answer trickles is retried as the delivery table says for a read, then ends as an Error item naming the timeout', async () => {
		server.answer({ kind: 'trickle', body: `{"account_id":101,"name":"${'x'.repeat(40)}"}`, intervalMs: 400 });
		const before = server.requests;

		const item = only(await run({ ...GET_ME, delivery: { timeout: 1, maxRetries: 1 } }));

		expect(server.requests - before).toBe(2);
		expect(item).toMatchObject({ status: 'error', attempts: 2, error: { code: 'ANSWER_TIMEOUT' } });
		expect(item.error.message).toContain('the whole answer did not arrive within the 1 s timeout');
	}, 30_000);

	it('whatever the trickle rate and size, an answer slower than the timeout never ends as success, and one faster always does (generated)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 20, max: 200 }), fc.integer({ min: 5, max: 60 }), async (intervalMs, size) => {
				const body = JSON.stringify({ account_id: 101, name: 'x'.repeat(size) });
				server.answer({ kind: 'trickle', body, intervalMs });
				const needsMs = intervalMs * body.length;
				// Far on one side of the bound or the other, so a busy machine cannot flip the outcome.
				const timeout = needsMs > 2_000 ? 0.5 : (needsMs * 4 + 2_000) / 1000;
				const item = only(await run({ ...GET_ME, delivery: { timeout, maxRetries: 0 } }));
				if (needsMs > 2_000) expect(item).toMatchObject({ status: 'error', error: { code: 'ANSWER_TIMEOUT' } });
				else expect(item.status).toBe('success');
			}),
			{ numRuns: 8 },
		);
	}, 120_000);
});

describe('the size of an answer is capped (defect 4)', () => {
	/** The most the process's heap and buffers grew while `action` ran, sampled as it ran. */
	async function peakGrowth<T>(action: () => Promise<T>): Promise<{ value: T; grewBy: number }> {
		const used = () => {
			const memory = process.memoryUsage();
			return memory.heapUsed + memory.arrayBuffers;
		};
		const start = used();
		let peak = start;
		const sampler = setInterval(() => {
			peak = Math.max(peak, used());
		}, 1);
		try {
			const value = await action();
			peak = Math.max(peak, used());
			return { value, grewBy: peak - start };
		} finally {
			clearInterval(sampler);
		}
	}

	it('a 200 MiB gzip bomb stops at the cap: the item says the answer was too large, memory does not follow the inflated size, nothing large is output', async () => {
		const compressed = await gzipBomb(200 * 1024 * 1024);
		expect(compressed.length).toBeLessThan(400 * 1024);
		server.answer({ kind: 'gzip', compressed });

		const { value: result, grewBy } = await peakGrowth(async () => await run({ ...SEND, delivery: { timeout: 60, maxRetries: 0 } }));

		const item = only(result);
		expect(item).toMatchObject({ status: 'error', error: { delivery: 'unknown', code: 'ANSWER_TOO_LARGE' } });
		expect(item.error.message).toContain('larger than 4 MiB');
		expect(JSON.stringify(result).length).toBeLessThan(64 * 1024);
		expect(grewBy).toBeLessThan(64 * 1024 * 1024);
	}, 60_000);

	it('answers over the cap are refused and answers under it are read, whatever their size (generated)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1024, max: 3 * MAX_ANSWER_BYTES }), async (inflated) => {
				server.answer({ kind: 'gzip', compressed: await gzipBomb(inflated) });
				const result = await run({ ...GET_ME, delivery: { timeout: 60, maxRetries: 0 } });
				const item = only(result);
				if (inflated + 15 > MAX_ANSWER_BYTES) {
					expect(item).toMatchObject({ status: 'error', error: { code: 'ANSWER_TOO_LARGE' } });
					expect(JSON.stringify(result).length).toBeLessThan(64 * 1024);
				} else {
					expect(item.status).toBe('success');
				}
			}),
			{ numRuns: 10 },
		);
	}, 120_000);
});
