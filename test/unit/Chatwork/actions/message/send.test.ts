import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../../../nodes/Chatwork/Chatwork.node';
import { expectEachItemOnExactlyOneOutput } from '../../../support/assertions';
import type { Parameters } from '../../../../support/executeNode';
import { room, runNode } from '../../../../support/executeNode';
import { useChatworkServer } from '../../../support/chatworkServer';
import { SEED_LEAD, SEED_TEMPLATE } from '../../../../fixtures/seed';

const TOKEN = 'tok-0123456789abcdef0123456789abcdef';
const ROOM = 1001;
const OTHER_ROOM = 1002;
const lead = SEED_LEAD;

// Chatwork's limits stay on, on a clock 1,000 times faster (a 10 s window lasts 10 ms).
const TIME_SCALE = 0.001;

const server = useChatworkServer({
	timeScale: TIME_SCALE,
	accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }],
	rooms: [
		{ room_id: ROOM, name: '営業チーム' },
		{ room_id: OTHER_ROOM, name: 'マーケ' },
	],
});

function send(items: IDataObject[], parameters: Parameters = {}, token = TOKEN) {
	return runNode(new Chatwork(), {
		items,
		credentials: { apiToken: token, baseUrl: server().url },
		parameters: {
			resource: 'message',
			operation: 'send',
			roomId: room(ROOM),
			text: SEED_TEMPLATE,
			selfUnread: true,
			...parameters,
		},
	});
}

describe('Chatwork → Message → Send', () => {
	it("delivers the seed's SATORI example byte-exact with self_unread=1", async () => {
		const result = await send([lead]);

		const expected =
			'●●セミナーのお申込みフォームから株式会社サンプルの 山田 太郎様の登録がありました。SATORIのカスタマー詳細ページはhttps://app.satori.marketing/customers/abc123です。';
		const stored = server().messages(ROOM);
		expect(stored).toHaveLength(1);
		expect(stored[0].body).toBe(expected);
		const post = server().requests.find((request) => request.method === 'POST');
		expect(post?.form).toEqual({ body: expected, self_unread: '1' });
		expect(result.error).toEqual([]);
		expect(result.success).toHaveLength(1);
	});

	it('outputs the history item on Success', async () => {
		const result = await send([lead]);

		const item = result.success[0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			status: 'success',
			code: 200,
			body: { message_id: server().messages(ROOM)[0].message_id },
			error: null,
			roomId: ROOM,
			messageId: server().messages(ROOM)[0].message_id,
			attempts: 1,
			request: { method: 'POST', path: `/rooms/${ROOM}/messages` },
		});
		expect(typeof item.json.messageId).toBe('string');
		expect(item.json.message).toBe(server().messages(ROOM)[0].body);
		expect(Number.isNaN(Date.parse(String(item.json.sentAt)))).toBe(false);
		expect(item.json.durationMs).toEqual(expect.any(Number));
	});

	it('sends self_unread=0 when Self Unread is off', async () => {
		await send([lead], { selfUnread: false });
		expect(server().requests.find((request) => request.method === 'POST')?.form?.self_unread).toBe('0');
	});

	it('keeps Japanese text and emoji intact', async () => {
		const text = '🎉 新しいリード：{{company}} / {{name}} 様 🙇‍♀️ 〜ｶﾀｶﾅ〜 𠮷野家';
		await send([{ company: '合同会社テスト🍣', name: '髙橋 一郎' }], { text });
		expect(server().messages(ROOM)[0].body).toBe('🎉 新しいリード：合同会社テスト🍣 / 髙橋 一郎 様 🙇‍♀️ 〜ｶﾀｶﾅ〜 𠮷野家');
	});

	it('does not HTML-escape &, <, > or quotes', async () => {
		await send([{ company: 'R&D "Lab" <Tokyo>', name: "O'Neil" }], { text: '{{company}} {{name}}' });
		expect(server().messages(ROOM)[0].body).toBe('R&D "Lab" <Tokyo> O\'Neil');
	});

	it('keeps [toall] typed into a form field from pinging the room, while {{cw_toall}} does', async () => {
		await send([{ name: '[toall]山田' }], { text: '{{cw_toall}} {{name}}様' });
		const body = server().messages(ROOM)[0].body;
		expect(body.startsWith('[toall] ')).toBe(true);
		expect(body.slice('[toall] '.length)).not.toContain('[toall]');
		expect(body).toContain('山田様');
		expect(body).toMatch(/toall/);
	});

	it('accepts the room as a Chatwork URL', async () => {
		await send([lead], { roomId: room(`https://www.chatwork.com/#!rid${OTHER_ROOM}`, 'url') });
		expect(server().messages(OTHER_ROOM)).toHaveLength(1);
	});

	it.each([
		['401', { token: 'wrong-token' }, 401, 'Invalid API token'],
		['404', { roomId: room(999999) }, 404, undefined],
	])('turns a %s into an Error item with the code and Chatwork\'s error text', async (_name, change, code, text) => {
		const { token, ...parameters } = change as IDataObject;
		const result = await send([lead], parameters, (token as string) ?? TOKEN);

		expect(result.success).toEqual([]);
		expect(result.error).toHaveLength(1);
		const item = result.error[0].json as IDataObject & { error: IDataObject };
		expect(item.status).toBe('error');
		expect(item.code).toBe(code);
		expect((item.error.errors as string[]).length).toBeGreaterThan(0);
		if (text) expect(item.error.errors).toEqual([text]);
		expect(item.error.message).toContain(String(code));
		expect(item.error.message).toContain((item.error.errors as string[])[0]);
		expect(result.error[0].pairedItem).toEqual({ item: 0 });
	});

	it("turns Chatwork's 400 into an Error item with its error text", async () => {
		server().script({ method: 'POST', status: 400, body: { errors: ['Parameter [body] is required'] }, times: 1 });
		const result = await send([lead]);
		const item = result.error[0].json as IDataObject & { error: IDataObject };
		expect(item.code).toBe(400);
		expect(item.error.errors).toEqual(['Parameter [body] is required']);
		expect(item.error.message).toBe('Chatwork answered 400: Parameter [body] is required');
		expect(item.error.retryable).toBe(false);
	});

	it('turns a 429 that outlives Rate-Limit Wait into an Error item with code 429', async () => {
		server().script({
			method: 'POST',
			status: 429,
			body: { errors: ['Rate limit for message posting per room exceeded.'] },
		});
		const result = await send([lead], { delivery: { maxRateLimitWait: 1 } });
		const item = result.error[0].json as IDataObject & { error: IDataObject };
		expect(item.code).toBe(429);
		expect(item.error.errors).toEqual(['Rate limit for message posting per room exceeded.']);
		expect(item.error.message).toContain('Rate-Limit Wait');
		expect(server().messages(ROOM)).toHaveLength(0);
	});

	it('turns a template that renders empty into an Error item without sending', async () => {
		const result = await send([{}], { text: '{{company}}' });
		expect(result.error[0].json).toMatchObject({ status: 'error', code: null, attempts: 0 });
		expect(server().requests.filter((request) => request.method === 'POST')).toHaveLength(0);
	});

	it('splits 50 items between Success and Error, each on exactly one output', async () => {
		const items = Array.from({ length: 50 }, (_, index) => ({
			company: `会社${index}`,
			name: `担当${index}`,
			customer_detail_url: '',
			room: index % 5 === 0 ? 999999 : index % 2 === 0 ? ROOM : OTHER_ROOM,
		}));
		const result = await send(items, { roomId: (index: number) => room(items[index].room) });

		expectEachItemOnExactlyOneOutput(result, items.length);
		expect(result.error.map((item) => item.pairedItem)).toEqual(
			items.flatMap((item, index) => (item.room === 999999 ? [{ item: index }] : [])),
		);
		expect(result.error.every((item) => item.json.code === 404)).toBe(true);
		expect(result.success).toHaveLength(40);
		for (const item of result.success) {
			const index = (item.pairedItem as { item: number }).item;
			expect(item.json.roomId).toBe(items[index].room);
			expect(item.json.message).toContain(`会社${index}の 担当${index}様`);
		}
		expect(server().messages(ROOM).length + server().messages(OTHER_ROOM).length).toBe(40);
	});

	it('names a missing variable in Strict mode and sends nothing for that item', async () => {
		const result = await send([lead, { company: 'A社' }], {
			text: '{{company}} {{name}}',
			options: { strict: true },
		});
		expect(result.success).toHaveLength(1);
		expect(result.error).toHaveLength(1);
		expect(result.error[0].pairedItem).toEqual({ item: 1 });
		expect(String((result.error[0].json.error as IDataObject).message)).toContain('name');
		expect(server().messages(ROOM)).toHaveLength(1);
	});

	it('reports a template syntax error with line and column as a node error', async () => {
		await expect(send([lead], { text: 'こんにちは\n{{#if company}}{{company}}' })).rejects.toThrow(/line 2/i);
		expect(server().requests).toHaveLength(0);
	});

	it('refuses a message over 65,535 characters unless Split Long Messages is on', async () => {
		const memo = 'あ'.repeat(40_000);
		const refused = await send([{ memo }], { text: '{{memo}}\n{{memo}}' });
		expect(refused.error[0].json).toMatchObject({ status: 'error', code: null, attempts: 0 });
		expect(String((refused.error[0].json.error as IDataObject).message)).toContain('65,535');
		expect(server().messages(ROOM)).toHaveLength(0);

		const split = await send([{ memo }], { text: '{{memo}}\n{{memo}}', options: { splitLongMessages: true } });
		expect(split.success).toHaveLength(1);
		const stored = server().messages(ROOM).map((message) => message.body);
		expect(stored).toEqual([memo, memo]);
		expect(split.success[0].json.messageIds).toEqual(server().messages(ROOM).map((m) => m.message_id));
	});

	it('never puts the API token in an output item or error message', async () => {
		const good = await send([lead]);
		const bad = await send([lead], {}, `${TOKEN}-revoked`);
		server().script({ method: 'POST', status: 500, body: { errors: [`upstream saw ${TOKEN}`] } });
		const broken = await send([lead], { delivery: { maxRetries: 0 } });
		const everything = JSON.stringify([good, bad, broken].flatMap((r) => [...r.success, ...r.error]));
		expect(broken.error).toHaveLength(1);
		expect(everything).not.toContain(TOKEN);
		expect(JSON.stringify(server().requests.map((request) => request.headers))).not.toContain(TOKEN);
	});
});
