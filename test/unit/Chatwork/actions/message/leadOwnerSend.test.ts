import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../../../nodes/Chatwork/Chatwork.node';
import { parseNotation } from '../../../../../nodes/ChatworkTrigger/2-parse/notation';
import type { Parameters } from '../../../../support/executeNode';
import { executeContext, room } from '../../../../support/executeNode';
import { expectEachItemOnExactlyOneOutput } from '../../../support/assertions';
import { useChatworkServer } from '../../../support/chatworkServer';
import { anyText } from '../../../support/generators';
import { attachSeenStore } from '../../../support/seenStore';

/**
 * Issue 27, points 1–2: Send with Lead Owner, through n8n-core's execution context, against the
 * look-alike Chatwork: the owner is mentioned, gets one task due in N minutes, and is named in the item.
 */

const TOKEN = 'tok-lead-owner-0123456789abcdef012345';
const ROOM = 1001;
const OWNERS = [201, 202, 203];
const TIME_SCALE = 0.001;
const TASK_POSTS = { method: 'POST', path: '/rooms/{room_id}/tasks' } as const;

const server = useChatworkServer({
	timeScale: TIME_SCALE,
	accounts: [
		{ token: TOKEN, account_id: 101, name: 'Lead Bot' },
		...OWNERS.map((account_id) => ({ account_id, name: `営業${account_id}` })),
		{ account_id: 900, name: 'チームリーダー' },
	],
	rooms: [{ room_id: ROOM, name: '営業チーム' }],
});

const records = new Set<string>();
beforeEach(() => records.clear());

const OWNER = { accountIds: OWNERS.join(', '), taskText: '対応してください: {{company}} {{name}}様', taskDueInMinutes: 10 };

async function send(items: IDataObject[], owner: IDataObject = OWNER, parameters: Parameters = {}) {
	const ctx = executeContext({
		items,
		credentials: { apiToken: TOKEN, baseUrl: server().url },
		parameters: { resource: 'message', operation: 'send', roomId: room(ROOM), text: '新しいリード: {{company}} {{name}}様', owner, ...parameters },
	});
	attachSeenStore(ctx, records, 'wf-owner');
	const [success, error] = await new Chatwork().execute.call(ctx);
	expectEachItemOnExactlyOneOutput({ success, error, calls: [] }, items.length);
	return { success: success.map((item) => item.json), error: error.map((item) => item.json) };
}

/** The room's messages but the ones Chatwork writes to announce a task. */
const leadMessages = () => server().messages(ROOM).filter((message) => !message.body.startsWith('[task]'));

const lead = (n: number): IDataObject => ({ company: `株式会社${n}`, name: `山田${n}`, submissionId: `sub-${n}`, submittedAt: new Date().toISOString() });

describe('Send → Lead Owner', () => {
	it('mentions the owner first, gives them one task due in N (scaled) minutes, and names both in the item', async () => {
		const before = Date.now();
		const { success } = await send([lead(1)]);
		const after = Date.now();

		const [message] = leadMessages();
		const item = success[0];
		expect(OWNERS).toContain(item.assignee);
		expect(message.body).toBe(`[To:${item.assignee}]\n新しいリード: 株式会社1 山田1様`);
		expect(parseNotation(message.body).mentions).toEqual([item.assignee]);
		const tasks = server().tasks(ROOM);
		expect(tasks).toHaveLength(1);
		expect(tasks[0]).toMatchObject({ account_id: item.assignee, body: '対応してください: 株式会社1 山田1様', limit_type: 'time', status: 'open' });
		expect(item).toMatchObject({ status: 'success', taskId: tasks[0].task_id, messageId: message.message_id });
		// Ten minutes on a clock 1,000 times faster: 0.6 s after the task was created, to the second.
		expect(tasks[0].limit_time).toBeGreaterThanOrEqual(Math.floor((before + 600) / 1000));
		expect(tasks[0].limit_time).toBeLessThanOrEqual(Math.ceil((after + 600) / 1000));
		expect(item.taskDue).toBe(new Date(tasks[0].limit_time * 1000).toISOString());
	});

	it('gives the same lead the same owner in another execution, and the owner task of a retried lead once', async () => {
		const first = await send([lead(7)], OWNER, { options: { leadIdentity: '={{ $json.submissionId }}' } });
		const retried = await send([lead(7)], OWNER, { options: { leadIdentity: '={{ $json.submissionId }}' } });

		expect(retried.success[0]).toMatchObject({ delivery: 'confirmed', assignee: first.success[0].assignee, taskId: first.success[0].taskId });
		expect(leadMessages()).toHaveLength(1);
		expect(server().tasks(ROOM)).toHaveLength(1);
	});

	it('a task Chatwork stored before answering 500 is found among the owner\'s open tasks, not created twice', async () => {
		server().script({ ...TASK_POSTS, times: 1, statusAfterStore: 500 });
		const { success } = await send([lead(2)]);

		const tasks = server().tasks(ROOM);
		expect(tasks).toHaveLength(1);
		expect(success[0]).toMatchObject({ status: 'success', taskId: tasks[0].task_id });
		expect(success[0].taskError).toBeUndefined();
	});

	it('a refused task leaves the lead delivered, owned and due, and says why in taskError', async () => {
		server().script({ ...TASK_POSTS, times: 1, status: 400, body: { errors: ["Parameter 'to_ids' contains an account that is not a member of this room: 202"] } });
		const { success } = await send([lead(3)]);

		expect(leadMessages()).toHaveLength(1);
		expect(server().tasks(ROOM)).toHaveLength(0);
		// The deadline stays, so an escalation still finds the lead when it has no task.
		expect(success[0]).toMatchObject({ status: 'success', taskId: null, taskDue: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
		expect(success[0].taskError).toMatch(/^The message was posted, but the owner's task was not created: .*not a member of this room/);
	});

	it('with Mention Owner off and no task text, only names the owner in the item', async () => {
		const { success } = await send([lead(4)], { accountIds: '201', mention: false });
		expect(leadMessages().map((message) => message.body)).toEqual(['新しいリード: 株式会社4 山田4様']);
		expect(server().tasks(ROOM)).toHaveLength(0);
		expect(success[0]).toMatchObject({ assignee: 201 });
		expect(success[0]).not.toHaveProperty('taskId');
	});

	it('sends nothing for a lead nobody can take, and says why on the Error output', async () => {
		const { error } = await send([lead(5)], { roster: { entries: [{ days: [], from: '09:00', to: '18:00', accountIds: '201' }] } });
		expect(leadMessages()).toHaveLength(0);
		expect(error[0]).toMatchObject({
			status: 'error',
			assignee: null,
			error: { message: 'Nobody on the duty roster is on duty at this time, and Lead Owner has no Fallback Owner.', delivery: 'not_sent' },
		});
	});

	it('stops the execution on settings no lead can fix, saying which', async () => {
		await expect(send([lead(6)], { accountIds: '201', timeZone: 'Asia/Tokio' })).rejects.toThrow('Lead Owner → Time Zone "Asia/Tokio" is not a time zone name such as Asia/Tokyo.');
		expect(server().requests).toHaveLength(0);
	});

	it('adds the owner columns to the Flat history only when Lead Owner is set', async () => {
		const owned = await send([lead(8)], OWNER, { delivery: { historyFormat: 'flat' } });
		expect(owned.success[0]).toMatchObject({ assignee: expect.any(Number), taskId: expect.any(Number), taskDue: expect.any(String), taskError: null });
		const plain = await send([lead(9)], {}, { delivery: { historyFormat: 'flat' } });
		expect(Object.keys(plain.success[0])).not.toEqual(expect.arrayContaining(['assignee']));
	});

	it('for generated leads and values: N items in, N out, one message and one task per lead, each to its owner, and no notation from a value in either', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uniqueArray(fc.record({ company: anyText, name: anyText, submissionId: fc.uuid() }), { minLength: 1, maxLength: 6, selector: (item) => item.submissionId }), async (leads) => {
				server().reset();
				const { success, error } = await send(leads);
				expect(success.length + error.length).toBe(leads.length);
				const tasks = server().tasks(ROOM);
				const messages = leadMessages();
				expect(tasks).toHaveLength(success.length);
				expect(messages).toHaveLength(success.length);
				for (const item of success) {
					const message = messages.find((stored) => stored.message_id === item.messageId)!;
					const parsed = parseNotation(message.body);
					// The only mention is the owner's; no value adds a TO ALL, a mention or a reply.
					expect({ mentions: parsed.mentions, toAll: parsed.toAll, reply: parsed.reply }).toEqual({ mentions: [item.assignee], toAll: false, reply: null });
					const task = tasks.find((stored) => stored.task_id === item.taskId)!;
					expect(task.account_id).toBe(item.assignee);
					expect(parseNotation(task.body)).toMatchObject({ mentions: [], toAll: false, reply: null });
				}
				// A lead that failed says why (an empty value can leave the task text empty).
				for (const item of error) expect(String((item.error as IDataObject).message)).not.toBe('');
			}),
			{ numRuns: 40 },
		);
	});

	it('for any generated fault sequence on the task post, never creates two tasks, and says which task there is or why there is none', async () => {
		const TASK_FAULTS = {
			'store+500': { statusAfterStore: 500 },
			'store+502': { statusAfterStore: 502 },
			'store+504': { statusAfterStore: 504 },
			'store+reset': { resetAfterStore: true },
			'500 before store': { status: 500 },
			'reset before store': { resetBeforeStore: true },
			'503': { status: 503 },
			'400': { status: 400, body: { errors: ['Invalid arguments'] } },
			ok: { delayMs: 0 },
		} as const;
		let n = 100;
		await fc.assert(
			fc.asyncProperty(fc.array(fc.constantFrom(...(Object.keys(TASK_FAULTS) as Array<keyof typeof TASK_FAULTS>)), { minLength: 1, maxLength: 3 }), async (faults) => {
				server().reset();
				for (const fault of faults) server().script({ ...TASK_POSTS, times: 1, ...TASK_FAULTS[fault] });
				const { success, error } = await send([lead(n++)], OWNER, { delivery: { maxRetries: 1 } });
				expect({ success: success.length, error: error.length }).toEqual({ success: 1, error: 0 });
				const item = success[0];
				const tasks = server().tasks(ROOM);
				expect(tasks.length).toBeLessThanOrEqual(1);
				if (item.taskId === null) {
					expect(tasks).toHaveLength(0);
					expect(String(item.taskError)).toMatch(/^The message was posted, but the owner's task was not created: /);
				} else {
					expect(tasks.map((task) => task.task_id)).toEqual([item.taskId]);
				}
				expect(leadMessages()).toHaveLength(1);
			}),
			{ numRuns: 60 },
		);
	});
});
