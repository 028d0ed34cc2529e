import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../../../nodes/Chatwork/Chatwork.node';
import type { FaultRule } from '../../../../../sandbox';
import type { Parameters } from '../../../../support/executeNode';
import { executeContext, room } from '../../../../support/executeNode';
import { useChatworkServer } from '../../../support/chatworkServer';
import { attachSeenStore } from '../../../support/seenStore';

/**
 * Issue 24 point 5: a retried execution runs Send again with the same items. A lead carries an
 * identity (Lead Identity, e.g. the submissionId); one seen before is looked for in the room, not posted blindly.
 */

const TOKEN = 'tok-idempotent-0123456789abcdef0123456';
const ROOM = 1001;
const POSTS = { method: 'POST', path: '/rooms/{room_id}/messages' } as const;
const READS = { method: 'GET', path: '/rooms/{room_id}/messages' } as const;

const server = useChatworkServer({ timeScale: 0.001, accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }], rooms: [{ room_id: ROOM, name: '営業' }] });

/** n8n's de-duplication store, per workflow, as the retried execution sees it. */
const records = new Set<string>();
beforeEach(() => records.clear());

async function send(items: IDataObject[], parameters: Parameters = {}) {
	const ctx = executeContext({
		items,
		credentials: { apiToken: TOKEN, baseUrl: server().url },
		parameters: {
			resource: 'message',
			operation: 'send',
			roomId: room(ROOM),
			text: '{{company}} {{name}}',
			delivery: { maxRetries: 1 },
			options: { leadIdentity: (index: number) => items[index].submissionId },
			...parameters,
		},
	});
	attachSeenStore(ctx, records, 'wf-leads');
	const [success, error] = await new Chatwork().execute.call(ctx);
	return { success, error };
}

const lead = (n: number) => ({ company: `株式会社${n}`, name: `山田${n}`, submissionId: `sub-${n}`, submittedAt: new Date(Date.now() - 60_000).toISOString() });
const bodies = () => server().messages(ROOM).map((message) => message.body);

describe('Send: a retried execution posts each lead at most once, and still posts the ones never posted', () => {
	it('the same lead sent again (a retried execution) is found in the room: Success, delivery confirmed, not posted', async () => {
		const first = await send([lead(1)]);
		const retried = await send([lead(1)]);
		expect(bodies()).toEqual(['株式会社1 山田1']);
		expect(retried.success[0].json).toMatchObject({ status: 'success', delivery: 'confirmed', messageId: first.success[0].json.messageId });
	});

	it('a lead the first run never posted (503 until retries ran out) is posted by the retry, once', async () => {
		server().script({ ...POSTS, times: 2, status: 503 });
		const first = await send([lead(2)]);
		expect(first.error[0].json.error).toMatchObject({ delivery: 'not_sent' });
		const retried = await send([lead(2)]);
		expect(retried.success).toHaveLength(1);
		expect(bodies()).toEqual(['株式会社2 山田2']);
	});

	it('a retry whose room cannot be read holds the lead as unknown, saying why, instead of posting blindly', async () => {
		await send([lead(3)]);
		server().script({ ...READS, status: 403, body: { errors: ['no permission'] } });
		const retried = await send([lead(3)]);
		expect(retried.error[0].json.error).toMatchObject({ delivery: 'unknown', readBack: expect.stringContaining('403') });
		expect(String((retried.error[0].json.error as IDataObject).message)).toMatch(/^Not posted: this lead was handled before/);
		expect(bodies()).toHaveLength(1);
	});

	it('the same lead twice in one input is posted once', async () => {
		const result = await send([lead(4), lead(4), lead(5)]);
		expect(result.success).toHaveLength(3);
		expect(bodies()).toEqual(['株式会社4 山田4', '株式会社5 山田5']);
	});

	it('Lead Identity may be any expression (here the e-mail); an item it gives nothing for, or Lead Identity left empty, posts every run', async () => {
		const byEmail = { company: 'A', name: 'B', email: 'b@example.jp' };
		await send([byEmail], { options: { leadIdentity: (index: number) => [byEmail][index].email } });
		await send([byEmail], { options: { leadIdentity: (index: number) => [byEmail][index].email } });
		expect(bodies()).toEqual(['A B']);
		await send([{ company: 'C', name: 'D' }]);
		await send([{ company: 'C', name: 'D' }]);
		await send([lead(9)], { options: {} });
		await send([lead(9)], { options: {} });
		expect(bodies()).toEqual(['A B', 'C D', 'C D', '株式会社9 山田9', '株式会社9 山田9']);
	});

	it('property: any faults on the first run, then retried executions after they end: every lead in the room exactly once', async () => {
		const faults: Record<string, FaultRule> = {
			'store+504': { statusAfterStore: 504 },
			'store+reset': { resetAfterStore: true },
			'500': { status: 500 },
			'503': { status: 503 },
			'403 on read': { ...READS, status: 403 },
		};
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(fc.constantFrom(...Object.keys(faults)), { maxLength: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), async (names, count, retries) => {
				runs++;
				server().reset();
				records.clear();
				for (const name of names) server().script({ ...POSTS, times: 1, ...faults[name] });
				const leads = Array.from({ length: count }, (_, n) => ({ ...lead(n), company: `run${runs}` }));
				await send(leads);
				for (let retry = 0; retry < retries; retry++) {
					if (retry === retries - 1) server().clearScripts();
					await send(leads);
					for (const each of leads) expect(bodies().filter((body) => body === `${each.company} ${each.name}`).length).toBeLessThanOrEqual(1);
				}
				const unreadable = names.includes('403 on read');
				for (const each of leads) {
					const copies = bodies().filter((body) => body === `${each.company} ${each.name}`).length;
					if (unreadable) expect(copies).toBeLessThanOrEqual(1);
					else expect(copies).toBe(1);
				}
			}),
			{ numRuns: 60 },
		);
	}, 300_000);
});
