import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../../../nodes/Chatwork/Chatwork.node';
import type { FaultRule } from '../../../../../sandbox';
import type { Parameters } from '../../../../support/executeNode';
import { executeContext, room } from '../../../../support/executeNode';
import { useChatworkServer } from '../../../support/chatworkServer';

/**
 * Issue 24 point 6: leads the Keep Submissions recovery brings back may already be in the room (a
 * killed worker posted them and died before their row was deleted). Send → Look in the Room First
 * reads the room before posting such a lead, so it ends in the room exactly once. It works without
 * n8n's de-duplication store, whose whole-list rewrite can lose a record between processes.
 */

const TOKEN = 'tok-lookfirst-0123456789abcdef01234567';
const ROOM = 1001;
const POSTS = { method: 'POST', path: '/rooms/{room_id}/messages' } as const;
const READS = { method: 'GET', path: '/rooms/{room_id}/messages' } as const;

const server = useChatworkServer({ timeScale: 0.001, accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }], rooms: [{ room_id: ROOM, name: '営業' }] });

async function send(items: IDataObject[], parameters: Parameters = {}, mode?: 'retry') {
	const ctx = executeContext({
		items,
		credentials: { apiToken: TOKEN, baseUrl: server().url },
		parameters: {
			resource: 'message',
			operation: 'send',
			roomId: room(ROOM),
			text: '{{company}} {{name}}',
			delivery: { maxRetries: 1 },
			options: { lookInRoomFirst: (index: number) => items[index].recovered === true },
			...parameters,
		},
	});
	// n8n runs a retried execution (Executions → Retry) in mode 'retry'.
	if (mode) ctx.getMode = () => mode;
	const [success, error] = await new Chatwork().execute.call(ctx);
	return { success, error };
}

const lead = (n: number, extra: IDataObject = {}) => ({
	company: `株式会社${n}`,
	name: `山田${n}`,
	submissionId: `sub-${n}`,
	submittedAt: new Date(Date.now() - 60_000).toISOString(),
	...extra,
});
const recovered = (n: number) => lead(n, { recovered: true });
const bodies = () => server().messages(ROOM).map((message) => message.body);
const reads = () => server().requests.filter((request) => request.method === 'GET' && request.path.endsWith('/messages')).length;

describe('Send → Look in the Room First: a lead that may be in the room already is posted only when it is not', () => {
	it('a lead already posted (by an execution that died before its row was deleted) is found: Success, delivery confirmed, the same message ID', async () => {
		const first = await send([lead(1)]);
		const again = await send([recovered(1)]);
		expect(bodies()).toEqual(['株式会社1 山田1']);
		expect(again.success[0].json).toMatchObject({ status: 'success', delivery: 'confirmed', messageId: first.success[0].json.messageId });
	});

	it('a lead not in the room is posted once, after one read of the room', async () => {
		const result = await send([recovered(2)]);
		expect(result.success[0].json).toMatchObject({ status: 'success', messageId: server().messages(ROOM)[0].message_id });
		expect(result.success[0].json.delivery).not.toBe('confirmed');
		expect(bodies()).toEqual(['株式会社2 山田2']);
		expect(reads()).toBeGreaterThanOrEqual(1);
	});

	it('is read per item: fresh leads in the same input cost no read of the room', async () => {
		await send([lead(3), lead(4)]);
		expect(reads()).toBe(0);
		await send([lead(5), recovered(3)]);
		expect(bodies()).toEqual(['株式会社3 山田3', '株式会社4 山田4', '株式会社5 山田5']);
		expect(reads()).toBeGreaterThanOrEqual(1);
	});

	it('an older message with the same text, from before the lead was submitted, is not taken for it', async () => {
		server().addMessage(ROOM, { body: '株式会社6 山田6', account_id: 101 });
		// Submitted well after it (beyond the minute of clock skew allowed), on the look-alike's own clock.
		const later = lead(6, { recovered: true, submittedAt: new Date(server().clock.now() + 5 * 60_000).toISOString() });
		const result = await send([later]);
		expect(result.success[0].json.delivery).not.toBe('confirmed');
		expect(bodies()).toEqual(['株式会社6 山田6', '株式会社6 山田6']);
	});

	it('a room that cannot be read holds the lead as unknown and says why, instead of posting blindly', async () => {
		server().script({ ...READS, status: 403, body: { errors: ['You don\'t have permission to get messages in this room'] } });
		const result = await send([recovered(7)]);
		expect(bodies()).toEqual([]);
		const error = result.error[0].json.error as IDataObject;
		expect(error).toMatchObject({ delivery: 'unknown', readBack: expect.stringContaining('403') });
		expect(String(error.message)).toMatch(/^Not posted: Look in the Room First is on for this lead/);
	});

	it('a retried execution looks in the room first for every item, without the option: the posted lead is found, the other posted once', async () => {
		const first = await send([lead(8)], { options: {} });
		const retried = await send([lead(8), lead(9)], { options: {} }, 'retry');
		expect(bodies()).toEqual(['株式会社8 山田8', '株式会社9 山田9']);
		expect(retried.success.map((item) => item.json.delivery)).toEqual(['confirmed', undefined]);
		expect(retried.success[0].json.messageId).toBe(first.success[0].json.messageId);
		server().script({ ...READS, status: 403, body: { errors: ['no permission'] } });
		const held = await send([lead(10)], { options: {} }, 'retry');
		expect(String((held.error[0].json.error as IDataObject).message)).toMatch(/^Not posted: this is a retried execution/);
		expect(bodies()).toHaveLength(2);
	});

	it('property: any faults on the first run, then the leads re-fed with Look in the Room First: each lead in the room exactly once', async () => {
		const faults: Record<string, FaultRule> = {
			'store+500': { statusAfterStore: 500 },
			'store+504': { statusAfterStore: 504 },
			'store+reset': { resetAfterStore: true },
			'500': { status: 500 },
			'503': { status: 503 },
			reset: { resetBeforeStore: true },
		};
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.constantFrom(...Object.keys(faults)), { maxLength: 6 }),
				fc.integer({ min: 1, max: 4 }),
				fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
				async (names, count, reachedSend) => {
					runs++;
					server().reset();
					for (const name of names) server().script({ ...POSTS, times: 1, ...faults[name] });
					const leads = Array.from({ length: count }, (_, n) => lead(n, { company: `run${runs}-${n}` }));
					// The run that died: it reached Send for some of the leads only (or for none).
					const firstRun = leads.filter((_, n) => reachedSend[n]);
					if (firstRun.length > 0) await send(firstRun);
					server().clearScripts();
					// The recovery re-feeds every lead whose row is still there: here, all of them.
					const again = await send(leads.map((each) => ({ ...each, recovered: true })));
					expect(again.success).toHaveLength(count);
					for (const each of leads) {
						expect(bodies().filter((body) => body === `${each.company} ${each.name}`)).toHaveLength(1);
					}
				},
			),
			{ numRuns: 80 },
		);
	}, 300_000);
});
