import type { IDataObject } from 'n8n-workflow';

import { expectEachItemOnExactlyOneOutput } from '../../../support/assertions';
import { COLLEAGUE, ME, OTHER_ROOM, ROOM, UNKNOWN_ROOM, room, run, useServer } from '../../harness';

const server = useServer();

function message(operation: string, parameters: Record<string, unknown> = {}, items?: IDataObject[]) {
	return run(server(), { resource: 'message', operation, roomId: room(ROOM), ...parameters }, { items });
}

describe('Chatwork → Message → Get', () => {
	it('outputs the message as the body of a Success history item', async () => {
		const stored = server().addMessage(ROOM, { body: '資料を送付しました', account_id: COLLEAGUE });

		const result = await message('get', { messageId: stored.message_id });

		expect(result.error).toEqual([]);
		expect(result.success[0].json).toMatchObject({
			status: 'success',
			code: 200,
			roomId: ROOM,
			messageId: stored.message_id,
			body: { message_id: stored.message_id, body: '資料を送付しました', account: { account_id: COLLEAGUE } },
			request: { method: 'GET', path: `/rooms/${ROOM}/messages/${stored.message_id}` },
		});
		expect(result.success[0].pairedItem).toEqual({ item: 0 });
	});

	it('routes an unknown room to the Error output with Chatwork\'s 404', async () => {
		const result = await run(server(), { resource: 'message', operation: 'get', roomId: room(UNKNOWN_ROOM), messageId: '1' });

		expect(result.success).toEqual([]);
		expect(result.error[0].json).toMatchObject({ status: 'error', code: 404, roomId: UNKNOWN_ROOM });
		expect(result.error[0].json.error.errors.length).toBeGreaterThan(0);
	});

	it('does not send a message ID that is not digits', async () => {
		const result = await message('get', { messageId: 'abc' });

		expect(result.error[0].json).toMatchObject({ status: 'error', code: null, error: { delivery: 'not_sent' } });
		expect(result.calls).toEqual([]);
	});
});

describe('Chatwork → Message → Get Many', () => {
	it('outputs one item per message, each paired with its input item', async () => {
		server().addMessage(ROOM, { body: '一件目' });
		server().addMessage(ROOM, { body: '二件目' });

		const result = await message('getMany');

		expect(result.success.map((item) => item.json.body.body)).toEqual(['一件目', '二件目']);
		for (const item of result.success) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toMatchObject({ status: 'success', code: 200, roomId: ROOM, messageId: item.json.body.message_id });
		}
		expect(server().requests.at(-1)?.query).toEqual({ force: '1' });
	});

	it('with Only New Messages asks with force=0, and treats the 204 of nothing new as zero items', async () => {
		server().addMessage(ROOM, { body: '一件目' });
		const first = await message('getMany', { onlyNew: true });
		const second = await message('getMany', { onlyNew: true });

		expect(first.success).toHaveLength(1);
		expect(server().requests.at(-1)).toMatchObject({ query: { force: '0' }, status: 204 });
		expect(second).toMatchObject({ success: [], error: [] });
	});

	it('keeps each input item\'s entries paired with it across rooms', async () => {
		server().addMessage(ROOM, { body: 'A' });
		server().addMessage(OTHER_ROOM, { body: 'B' });

		const result = await run(server(), {
			resource: 'message',
			operation: 'getMany',
			roomId: (index: number) => [ROOM, OTHER_ROOM][index],
		}, { items: [{}, {}] });

		expect(result.success.map((item) => [item.pairedItem, item.json.body.body])).toEqual([
			[{ item: 0 }, 'A'],
			[{ item: 1 }, 'B'],
		]);
	});

	it('routes an invalid token to the Error output with 401', async () => {
		const result = await run(server(), { resource: 'message', operation: 'getMany', roomId: room(ROOM) }, { token: 'wrong-token-000000' });

		expect(result.success).toEqual([]);
		expect(result.error[0].json).toMatchObject({ code: 401, error: { errors: ['Invalid API token'] } });
	});
});

describe('Chatwork → Message → Update', () => {
	it('renders the template like Send and changes the message', async () => {
		const posted = await message('send', { text: '初稿', selfUnread: false });
		const messageId = posted.success[0].json.messageId as string;

		const result = await message('update', { messageId, text: '{{company}} {{name}}様 [toall]' }, [
			{ company: '株式会社サンプル', name: '山田 [toall]' },
		]);

		const expected = '株式会社サンプル 山田 [toall]様 [toall]';
		expect(result.success[0].json).toMatchObject({ status: 'success', code: 200, messageId, body: { message_id: messageId } });
		const sent = server().requests.at(-1)!.form.body;
		// The [toall] typed in the template survives; the one from the data is defused.
		expect(sent.endsWith('様 [toall]')).toBe(true);
		expect(sent).not.toBe(expected);
		expect(result.success[0].json.message).toBe(sent);
		expect(server().messages(ROOM)[0].body).toBe(sent);
	});

	it('routes a message of another account to the Error output with 403', async () => {
		const other = server().addMessage(ROOM, { body: '他人の投稿', account_id: COLLEAGUE });

		const result = await message('update', { messageId: other.message_id, text: '書き換え' });

		expect(result.error[0].json).toMatchObject({ status: 'error', code: 403 });
		expect(server().messages(ROOM)[0].body).toBe('他人の投稿');
	});

	it('does not send a text that renders empty', async () => {
		const result = await message('update', { messageId: '1', text: '{{missing}}' });

		expect(result.error[0].json).toMatchObject({ error: { delivery: 'not_sent' } });
		expect(result.calls).toEqual([]);
	});
});

describe('Chatwork → Message → Delete', () => {
	it('deletes an own message', async () => {
		const posted = await message('send', { text: '消す予定', selfUnread: false });
		const messageId = posted.success[0].json.messageId as string;

		const result = await message('delete', { messageId });

		expect(result.success[0].json).toMatchObject({ code: 200, messageId, body: { message_id: messageId } });
		expect(server().messages(ROOM)).toEqual([]);
	});

	it('routes an unknown message to the Error output with 404', async () => {
		const result = await message('delete', { messageId: '1234567890' });

		expect(result.error[0].json).toMatchObject({ code: 404, messageId: '1234567890' });
	});
});

describe('Chatwork → Message → Mark as Read / Unread', () => {
	it('marks the room read and unread again, answering the unread counts', async () => {
		const first = server().addMessage(ROOM, { body: '未読1', account_id: COLLEAGUE });
		server().addMessage(ROOM, { body: '未読2', account_id: COLLEAGUE });

		const read = await message('markRead');
		expect(read.success[0].json).toMatchObject({ code: 200, body: { unread_num: 0 } });
		expect(server().requests.at(-1)!.form).toEqual({});

		const unread = await message('markUnread', { messageId: first.message_id });
		expect(unread.success[0].json).toMatchObject({ code: 200, messageId: first.message_id, body: { unread_num: 2 } });

		const partly = await message('markRead', { messageId: first.message_id });
		expect(partly.success[0].json).toMatchObject({ body: { unread_num: 1 } });
	});

	it('routes "already read" (400) to the Error output', async () => {
		const result = await message('markRead');

		expect(result.error[0].json).toMatchObject({ code: 400, status: 'error' });
		expect(result.error[0].json.error.errors.length).toBeGreaterThan(0);
	});

	it('requires the message ID for Mark as Unread', async () => {
		// From an expression: n8n itself refuses to start a workflow with the required ID left empty.
		const result = await message('markUnread', { messageId: '={{ "" }}' });

		expect(result.error[0].json).toMatchObject({ error: { delivery: 'not_sent' } });
	});

	it('puts every item on exactly one output', async () => {
		const stored = server().addMessage(ROOM, { body: 'x', account_id: ME });
		const result = await message('get', { messageId: (index: number) => (index === 1 ? 'bad' : stored.message_id) }, [{}, {}, {}]);
		expectEachItemOnExactlyOneOutput(result, 3);
	});
});
