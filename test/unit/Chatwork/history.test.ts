import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../nodes/Chatwork/Chatwork.node';
import { FLAT_RESPONSE_BODY_LIMIT, flatHistory } from '../../../nodes/Chatwork/history';
import type { HistoryItem } from '../../../nodes/Chatwork/history';
import { signHistory, signingKey } from '../../../nodes/Chatwork/historySignature';
import type { Parameters, RunResult } from '../../support/executeNode';
import { executeContext, room } from '../../support/executeNode';
import { expectEachItemOnExactlyOneOutput } from '../support/assertions';
import { useChatworkServer } from '../support/chatworkServer';

const TOKEN = 'tok-history-0123456789abcdef0123456789';
const ROOM = 1001;
const OTHER_ROOM = 1002;
const TEMPLATE = '●●セミナーのお申込みフォームから{{company}}の {{name}}様の登録がありました。';
const TIME_SCALE = 0.001;
const FLAT_FIELDS = [
	'historyId', 'status', 'code', 'delivery', 'roomId', 'messageId', 'message', 'responseBody', 'errorMessage',
	'attempts', 'durationMs', 'sentAt', 'workflowId', 'executionId', 'submissionId', 'redeliveryOf',
	'readBacks', 'parts', 'signature',
	'emptyVariables',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A stand-in for n8n's de-duplication store that behaves like n8n 2.40.7's (deduplication-helper.js):
 * it reads the workflow's record, awaits (the database), then writes the whole list back — not atomic.
 */
class DedupStore {
	private readonly records = new Map<string, string[]>();
	private async pause() {
		await new Promise((resolve) => setImmediate(resolve));
	}
	async checkProcessedAndRecord(workflowId: string, items: Array<string | number>) {
		const before = [...(this.records.get(workflowId) ?? [])];
		await this.pause();
		const processed = items.filter((item) => before.includes(String(item)));
		const fresh = items.filter((item) => !before.includes(String(item)));
		this.records.set(workflowId, [...before, ...fresh.map(String)]);
		await this.pause();
		return { new: fresh, processed };
	}
	async removeProcessed(workflowId: string, items: Array<string | number>) {
		const before = [...(this.records.get(workflowId) ?? [])];
		await this.pause();
		this.records.set(workflowId, before.filter((item) => !items.map(String).includes(item)));
	}
}

let store: DedupStore;

/** A row as this node signs it with the test's credential. */
const signed = (row: IDataObject): IDataObject => ({ ...row, signature: signHistory(signingKey(TOKEN), row) });

const server = useChatworkServer({
	timeScale: TIME_SCALE,
	accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }],
	rooms: [
		{ room_id: ROOM, name: '営業チーム' },
		{ room_id: OTHER_ROOM, name: 'マーケ' },
	],
});
beforeEach(() => {
	store = new DedupStore();
});

async function run(items: IDataObject[], parameters: Parameters, workflowId = 'wf-1'): Promise<RunResult> {
	const ctx = executeContext({ items, credentials: { apiToken: TOKEN, baseUrl: server().url }, parameters });
	ctx.getWorkflow = () => ({ id: workflowId, name: 'history', active: true });
	ctx.getExecutionId = () => 'exec-7';
	ctx.helpers.checkProcessedAndRecord = (keys: string[], scope: string) => {
		expect(scope).toBe('workflow');
		return store.checkProcessedAndRecord(workflowId, keys);
	};
	ctx.helpers.removeProcessed = (keys: string[]) => store.removeProcessed(workflowId, keys);
	const [success, error] = await new Chatwork().execute.call(ctx);
	return { success, error, calls: [] };
}

const send = (items: IDataObject[], historyFormat = 'flat', extra: Parameters = {}) =>
	run(items, { resource: 'message', operation: 'send', roomId: room(ROOM), text: TEMPLATE, delivery: { historyFormat, maxRetries: 0 }, ...extra });

const resend = (items: IDataObject[], options: Parameters = {}, historyFormat = 'flat', workflowId?: string) =>
	run(items, { resource: 'message', operation: 'resend', delivery: { historyFormat, maxRetries: 0 }, ...options }, workflowId);

const leads = (count: number) =>
	Array.from({ length: count }, (_, n) => ({ company: `株式会社${n}`, name: `山田${n}`, submissionId: `sub-${n}` }));

/** Fails every post until the returned function is called. */
function chatworkDown() {
	const fault = server().script({ method: 'POST', path: '/rooms/{room_id}/messages', status: 500 });
	return () => fault.cancel();
}

describe('History Format', () => {
	it('Nested (the default) keeps the item as it was: no flat fields', async () => {
		const result = await run(leads(1), { resource: 'message', operation: 'send', roomId: room(ROOM), text: TEMPLATE });
		expect(result.success[0].json).toMatchObject({ status: 'success', body: expect.any(Object), request: expect.any(Object) });
		expect(result.success[0].json).not.toHaveProperty('historyId');
		expect(result.success[0].json).not.toHaveProperty('responseBody');
	});

	it('Flat gives exactly the listed scalar fields on Success and Error', async () => {
		server().script({ method: 'POST', path: '/rooms/{room_id}/messages', status: 400, times: 1 });
		const result = await send(leads(2));
		expectEachItemOnExactlyOneOutput(result, 2);
		for (const item of [...result.success, ...result.error]) {
			expect(Object.keys(item.json)).toEqual(FLAT_FIELDS);
			for (const value of Object.values(item.json)) expect(typeof value === 'object' && value !== null).toBe(false);
			expect(item.json.historyId).toMatch(UUID);
			expect(item.json).toMatchObject({ roomId: ROOM, workflowId: 'wf-1', executionId: 'exec-7', redeliveryOf: null });
		}
		const [failed] = result.error;
		const [sent] = result.success;
		expect(failed.json).toMatchObject({ status: 'error', code: 400, delivery: expect.any(String), submissionId: 'sub-0', messageId: null });
		expect(failed.json.message).toBe('●●セミナーのお申込みフォームから株式会社0の 山田0様の登録がありました。');
		expect(typeof failed.json.errorMessage).toBe('string');
		expect(sent.json).toMatchObject({ status: 'success', code: 200, delivery: 'delivered', errorMessage: null, submissionId: 'sub-1' });
		expect(sent.json.messageId).toBe(server().messages(ROOM)[0].message_id);
		expect(JSON.parse(String(sent.json.responseBody))).toEqual({ message_id: sent.json.messageId });
		expect(sent.json.historyId).not.toBe(failed.json.historyId);
	});

	it('Flat keeps the variables that rendered empty, as text, on Success', async () => {
		const result = await send([{ name: '山田', submissionId: 'sub-e' }, ...leads(1)]);
		expect(result.success.map((item) => item.json.emptyVariables)).toEqual(['company', '']);
		expect(result.success[0].json.message).toBe('●●セミナーのお申込みフォームからの 山田様の登録がありました。');
	});

	it('Flat lists every empty variable, in the order the nested item has them (generated)', () => {
		const name = fc.stringMatching(/^[a-z_][a-z0-9_.]{0,11}$/);
		fc.assert(
			fc.property(fc.uniqueArray(name, { maxLength: 6 }), (names) => {
				const history = { status: 'success', code: 200, body: null, error: null, roomId: 1, attempts: 1, durationMs: 3, sentAt: null, request: null, emptyVariables: names } as HistoryItem;
				const flat = flatHistory(history, { historyId: 'h', workflowId: null, executionId: null, submissionId: null });
				expect(flat.emptyVariables).toBe(names.join(', '));
				expect(flat.emptyVariables === '' ? [] : flat.emptyVariables.split(', ')).toEqual(names);
			}),
		);
	});

	it('gives no submissionId when the input did not come from the trigger', async () => {
		const result = await send([{ company: 'A', name: 'B' }]);
		expect(result.success[0].json.submissionId).toBeNull();
	});

	it(`cuts responseBody to ${FLAT_RESPONSE_BODY_LIMIT.toLocaleString('en-US')} characters`, () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 30_000 }), fc.constantFrom<'text' | 'json'>('text', 'json'), (text, kind) => {
				const body = kind === 'text' ? text : { text };
				const history = { status: 'error', code: 500, body, error: null, roomId: 1, attempts: 1, durationMs: 3, sentAt: null, request: null } as HistoryItem;
				const flat = flatHistory(history, { historyId: 'h', workflowId: null, executionId: null, submissionId: null });
				const full = kind === 'text' ? text : JSON.stringify(body);
				expect(flat.responseBody).toBe(full === '' ? null : full.slice(0, FLAT_RESPONSE_BODY_LIMIT));
			}),
		);
	});
});

describe('Message → Resend', () => {
	it('round-trips: Flat Error items → Resend → the same text in the same room, redeliveryOf = historyId', async () => {
		const restore = chatworkDown();
		const first = await send([...leads(3), { company: '別室', name: '佐藤' }].map((lead, n) => ({ ...lead, n })), 'flat', {
			roomId: room(0) && ((n: number) => ({ __rl: true, mode: 'id', value: String(n === 3 ? OTHER_ROOM : ROOM) })),
		});
		restore();
		expect(first.error).toHaveLength(4);
		expect(server().messages(ROOM)).toHaveLength(0);

		const rows = first.error.map((item) => JSON.parse(JSON.stringify(item.json)) as IDataObject);
		const again = await resend(rows);
		expectEachItemOnExactlyOneOutput(again, 4);
		expect(server().messages(ROOM).map((m) => m.body)).toEqual(rows.slice(0, 3).map((row) => row.message));
		expect(server().messages(OTHER_ROOM).map((m) => m.body)).toEqual([rows[3].message]);
		again.success.forEach((item, n) => {
			expect(item.json).toMatchObject({ status: 'success', redeliveryOf: rows[n].historyId, roomId: rows[n].roomId, message: rows[n].message, submissionId: rows[n].submissionId });
			expect(item.json.historyId).not.toBe(rows[n].historyId);
		});
	});

	it('resends nested Error items too, once', async () => {
		const restore = chatworkDown();
		const first = await send(leads(2), 'nested');
		restore();
		const rows = first.error.map((item) => item.json);
		const again = await resend(rows, {}, 'nested');
		expect(again.success).toHaveLength(2);
		expect(server().messages(ROOM).map((m) => m.body)).toEqual(rows.map((row) => row.message));
		expect(again.success[0].json.redeliveryOf).toMatch(/^nested:/);
		const third = await resend(rows, {}, 'nested');
		expect(third.error.map((item) => item.json.error.message)).toEqual([expect.stringContaining('already redelivered'), expect.stringContaining('already redelivered')]);
		expect(server().messages(ROOM)).toHaveLength(2);
	});

	const errorRow = (change: IDataObject = {}): IDataObject => signed({
		historyId: 'row-1',
		status: 'error',
		code: 500,
		delivery: 'failed',
		roomId: ROOM,
		message: 'もう一度',
		sentAt: new Date().toISOString(),
		...change,
	});

	it.each([
		['status success', { status: 'success', delivery: 'delivered' }, 'was delivered'],
		['older than Max Age', { sentAt: new Date(Date.now() - 73 * 3_600_000).toISOString() }, 'older than Max Age (72 hours)'],
		['no sentAt with a Max Age', { sentAt: null }, 'no sentAt'],
		['no roomId', { roomId: null }, 'no valid roomId'],
		['a roomId that is not one', { roomId: 'abc' }, 'no valid roomId'],
		['no message', { message: '' }, 'no message text'],
		['not a history item', { status: undefined }, 'not a Chatwork history item'],
	])('refuses a row with %s: Error item, nothing sent', async (_name, change, reason) => {
		const result = await resend([errorRow(change)]);
		expect(result.success).toEqual([]);
		expect(result.error).toHaveLength(1);
		expect(result.error[0].json).toMatchObject({ status: 'error', delivery: 'not_sent', attempts: 0, redeliveryOf: 'row-1' });
		expect(result.error[0].json.errorMessage).toContain(reason);
		expect(server().requests.filter((request) => request.method === 'POST')).toEqual([]);
	});

	it('resends any age with Max Age 0', async () => {
		const old = new Date(Date.now() - 1_000 * 3_600_000).toISOString();
		const result = await resend([errorRow({ sentAt: old })], { maxAgeHours: 0 });
		expect(result.success).toHaveLength(1);
		expect(server().messages(ROOM)).toHaveLength(1);
	});

	it('a delivery-unknown row whose message is in the room is not posted again: Success pointing at the existing message', async () => {
		const sentAt = new Date().toISOString();
		const [existing] = [server().addMessage(ROOM, { account_id: 101, body: 'もう一度' })];
		const result = await resend([errorRow({ delivery: 'unknown', code: 504, sentAt })]);
		expect(result.success[0].json).toMatchObject({ status: 'success', delivery: 'confirmed', messageId: existing.message_id, redeliveryOf: 'row-1' });
		expect(server().messages(ROOM)).toHaveLength(1);
	});

	it('a delivery-unknown row (with or without a code) that is not in the room is posted once, without the option', async () => {
		const result = await resend([errorRow({ delivery: 'unknown', code: null }), errorRow({ historyId: 'row-2', delivery: 'unknown', code: 500, message: '二つ目' })]);
		expect(result.success).toHaveLength(2);
		expect(server().messages(ROOM).map((m) => m.body)).toEqual(['もう一度', '二つ目']);
	});

	it('a delivery-unknown row in a room that cannot be read: not resent (unknown, says why) unless Include Unknown Deliveries is on', async () => {
		server().script({ method: 'GET', path: '/rooms/{room_id}/messages', status: 403, body: { errors: ['no permission'] } });
		const held = await resend([errorRow({ delivery: 'unknown', code: null })]);
		expect(held.error[0].json).toMatchObject({ status: 'error', delivery: 'unknown' });
		expect(held.error[0].json.errorMessage).toMatch(/cannot be read.*Include Unknown Deliveries/);
		expect(server().messages(ROOM)).toHaveLength(0);
		const sent = await resend([errorRow({ historyId: 'row-2', delivery: 'unknown', code: null })], { includeUnknownDeliveries: true });
		expect(sent.success).toHaveLength(1);
		expect(server().messages(ROOM)).toHaveLength(1);
	});

	it('refuses a forged row and an edited row: "edited or not written by this node", nothing sent', async () => {
		const forged = { historyId: 'f', status: 'error', code: 500, roomId: OTHER_ROOM, message: '[toall] [info]forged[/info]', sentAt: new Date().toISOString() };
		const otherKey = signHistory(signingKey('another-token'), forged);
		const edited = { ...errorRow({ historyId: 'e' }), message: '[toall] edited' };
		const result = await resend([forged, { ...forged, historyId: 'g', signature: otherKey }, edited, { ...errorRow({ historyId: 'r' }), roomId: OTHER_ROOM }]);
		expect(result.success).toEqual([]);
		for (const item of result.error) expect(item.json.errorMessage).toContain('edited or not written by this node');
		expect(server().requests.filter((request) => request.method === 'POST')).toEqual([]);
	});

	it('resends a row Chatwork answered 5xx to (an answer, not an unknown), without the option', async () => {
		const result = await resend([errorRow({ delivery: 'unknown', code: 503 })]);
		expect(result.success).toHaveLength(1);
	});

	it('reads the nested item\'s error.delivery for the unknown rule', async () => {
		const sentAt = new Date().toISOString();
		server().addMessage(ROOM, { account_id: 101, body: 'x' });
		const nested = signed({ status: 'error', code: null, roomId: ROOM, message: 'x', sentAt, error: { delivery: 'unknown' } });
		const result = await resend([nested]);
		expect(result.success[0].json).toMatchObject({ status: 'success', delivery: 'confirmed' });
		expect(server().messages(ROOM)).toHaveLength(1);
	});

	it('a resend that meets store-then-504 is confirmed by reading back and stays recorded: one copy after two runs', async () => {
		server().script({ method: 'POST', path: '/rooms/{room_id}/messages', times: 1, statusAfterStore: 504 });
		const row = errorRow({ delivery: 'unknown', code: 504, sentAt: new Date(Date.now() - 3_600_000).toISOString() });
		const first = await resend([row]);
		expect(first.success[0].json).toMatchObject({ delivery: 'confirmed' });
		const second = await resend([row]);
		expect(second.error[0].json.errorMessage).toContain('already redelivered');
		expect(server().messages(ROOM)).toHaveLength(1);
	});

	it('a resend that ends unknown (room unreadable) stays recorded, so the next run cannot post a second copy', async () => {
		server().script({ method: 'POST', path: '/rooms/{room_id}/messages', times: 1, statusAfterStore: 504 });
		server().script({ method: 'GET', path: '/rooms/{room_id}/messages', status: 403, body: { errors: ['no permission'] } });
		const row = errorRow();
		const first = await resend([row]);
		expect(first.error[0].json).toMatchObject({ delivery: 'unknown' });
		server().clearScripts();
		const second = await resend([row], { includeUnknownDeliveries: true });
		expect(second.error[0].json.errorMessage).toContain('already redelivered');
		expect(server().messages(ROOM)).toHaveLength(1);
	});

	it('a second run says "already redelivered"; a row twice in one input is sent once', async () => {
		const first = await resend([errorRow(), errorRow()]);
		expect(first.success).toHaveLength(1);
		expect(first.error[0].json.errorMessage).toContain('already redelivered');
		const second = await resend([errorRow()]);
		expect(second.error[0].json.errorMessage).toContain('already redelivered');
		expect(server().messages(ROOM)).toHaveLength(1);
	});

	it('keeps the records of different workflows apart', async () => {
		await resend([errorRow()], {}, 'flat', 'wf-a');
		const other = await resend([errorRow()], {}, 'flat', 'wf-b');
		expect(other.success).toHaveLength(1);
	});

	it('a redelivery that failed is forgotten, so the next run may try again', async () => {
		const restore = chatworkDown();
		const failed = await resend([errorRow()]);
		restore();
		expect(failed.error[0].json).toMatchObject({ status: 'error', code: 500 });
		const retried = await resend([errorRow()]);
		expect(retried.success).toHaveLength(1);
		expect(server().messages(ROOM)).toHaveLength(1);
	});

	it('the stand-in store is not atomic, like n8n\'s: two overlapping calls both see a key as new', async () => {
		const [a, b] = await Promise.all([store.checkProcessedAndRecord('wf', ['k']), store.checkProcessedAndRecord('wf', ['k'])]);
		expect([...a.new, ...b.new]).toEqual(['k', 'k']);
	});

	it('two overlapping Resend runs over the same 20 rows post exactly 20 messages', async () => {
		const rows = Array.from({ length: 20 }, (_, n) => errorRow({ historyId: `h-${n}`, message: `lead ${n}` }));
		const [a, b] = await Promise.all([resend(rows), resend(rows)]);
		expectEachItemOnExactlyOneOutput(a, 20);
		expectEachItemOnExactlyOneOutput(b, 20);
		expect(a.success.length + b.success.length).toBe(20);
		expect(server().messages(ROOM).map((m) => m.body).sort()).toEqual(rows.map((row) => row.message).sort());
	});

	it('property: any history rows → one output item each, never two posts per historyId', async () => {
		const row = fc.record({
			historyId: fc.constantFrom('a', 'b', 'c', 'd', ''),
			status: fc.constantFrom('error', 'success', 'pending', undefined),
			delivery: fc.constantFrom('failed', 'not_sent', 'unknown', 'delivered', undefined),
			roomId: fc.constantFrom(ROOM, OTHER_ROOM, String(ROOM), 'x', null),
			message: fc.oneof(fc.constantFrom('', ' ', undefined), fc.string({ minLength: 1, maxLength: 40 })),
			sentAt: fc.constantFrom(new Date().toISOString(), '2001-01-01T00:00:00Z', 'not a date', null),
		});
		await fc.assert(
			fc.asyncProperty(fc.array(row, { maxLength: 12 }), fc.array(row, { maxLength: 12 }), fc.boolean(), async (first, second, includeUnknown) => {
				server().reset();
				store = new DedupStore();
				const options = { includeUnknownDeliveries: includeUnknown };
				const rows = (list: IDataObject[]) => list.map((entry, n) => (n % 3 === 2 ? entry : signed(entry)));
				const [a, b] = await Promise.all([resend(rows(first as IDataObject[]), options), resend(rows(second as IDataObject[]), options)]);
				expectEachItemOnExactlyOneOutput(a, first.length);
				expectEachItemOnExactlyOneOutput(b, second.length);
				const keys = [...a.success, ...b.success].map((item) => item.json.redeliveryOf);
				expect(new Set(keys).size).toBe(keys.length);
				const stored = [ROOM, OTHER_ROOM].flatMap((id) => server().messages(id));
				// A success either posted or found its text in the room; nothing is posted without a success.
				expect(stored.length).toBeLessThanOrEqual(keys.length);
				for (const item of [...a.success, ...b.success]) expect(stored.map((m) => m.message_id)).toContain(item.json.messageId);
				// Every third row is unsigned: never posted, refused as not written by this node.
				for (const [result, list] of [[a, first], [b, second]] as const) {
					for (const item of result.error) {
						const n = (item.pairedItem as { item: number }).item;
						if (n % 3 === 2 && list[n].status === 'error') expect(item.json.errorMessage).toContain('edited or not written by this node');
					}
				}
			}),
			{ numRuns: 40 },
		);
	});
});
