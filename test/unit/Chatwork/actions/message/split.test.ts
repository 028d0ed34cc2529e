import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../../../nodes/Chatwork/Chatwork.node';
import { splitMessage } from '../../../../../nodes/Chatwork/actions/message/splitMessage';
import type { Parameters } from '../../../../support/executeNode';
import { executeContext, room } from '../../../../support/executeNode';
import { useChatworkServer } from '../../../support/chatworkServer';
import { attachSeenStore } from '../../../support/seenStore';

const TOKEN = 'tok-split-0123456789abcdef0123456789';
const ROOM = 1001;
const POSTS = { method: 'POST', path: '/rooms/{room_id}/messages' } as const;
/** The message: 65,637 characters, a line break right after Chatwork's limit. */
const LONG = `${'あ'.repeat(65_535)}\n${'い'.repeat(101)}`;

const server = useChatworkServer({ timeScale: 0.001, accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }], rooms: [{ room_id: ROOM, name: '営業' }] });

const records = new Set<string>();
beforeEach(() => records.clear());

async function run(items: IDataObject[], parameters: Parameters) {
	const ctx = executeContext({ items, credentials: { apiToken: TOKEN, baseUrl: server().url }, parameters });
	attachSeenStore(ctx, records, 'wf-split');
	const [success, error] = await new Chatwork().execute.call(ctx);
	return { success, error };
}

const sendLong = (historyFormat: string, maxRetries = 1) =>
	run([{ memo: LONG }], { resource: 'message', operation: 'send', roomId: room(ROOM), text: '{{memo}}', options: { splitLongMessages: true }, delivery: { historyFormat, maxRetries } });

describe('Split Long Messages: a delivery per part', () => {
	it('no part starts with a stray line break, and every part fits', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom('a', 'あ', '\n', '😀', ' '), { maxLength: 200 }), fc.integer({ min: 2, max: 20 }), (chars, max) => {
				const parts = splitMessage(chars.join(''), max);
				for (const part of parts) {
					expect(part.startsWith('\n')).toBe(false);
					expect(part.length).toBeLessThanOrEqual(max);
					expect(part.trim()).not.toBe('');
				}
				// Nothing but line breaks and blank parts is lost, and the order is kept.
				expect(parts.join('').replace(/\s/g, '')).toBe(chars.join('').replace(/\s/g, ''));
			}),
		);
	});

	it('the issue\'s 65,637 characters: part 2 does not start with a line break', () => {
		const parts = splitMessage(LONG, 65_535);
		expect(parts.map((part) => part.length)).toEqual([65_535, 101]);
		expect(parts[1].startsWith('\n')).toBe(false);
	});

	it.each(['nested', 'flat'])('part 1 accepted, part 2 refused by 503 until retries ran out (%s): each part says what became of it; Resend posts only part 2', async (format) => {
		server().script({ ...POSTS, skip: 1, times: 2, status: 503 });
		const first = await sendLong(format);
		const [part1] = server().messages(ROOM);
		expect(first.error).toHaveLength(1);
		const row = first.error[0].json;
		const parts = typeof row.parts === 'string' ? JSON.parse(row.parts) : row.parts;
		expect(parts).toEqual([
			{ messageId: part1.message_id, delivery: 'delivered' },
			{ messageId: null, delivery: 'not_sent', error: expect.stringContaining('503') },
		]);
		expect(format === 'flat' ? row.delivery : (row.error as IDataObject).delivery).toBe('not_sent');

		const again = await run([JSON.parse(JSON.stringify(row))], { resource: 'message', operation: 'resend', delivery: { historyFormat: format } });
		expect(again.success).toHaveLength(1);
		expect(server().messages(ROOM).map((message) => message.body.length)).toEqual([65_535, 101]);
		const resent = again.success[0].json;
		const resentParts = typeof resent.parts === 'string' ? JSON.parse(resent.parts) : resent.parts;
		expect(resentParts.map((part: IDataObject) => part.messageId)).toEqual(server().messages(ROOM).map((message) => message.message_id));
	});

	it('part 2 stored then 504: confirmed by reading back; the item is Success with both message IDs', async () => {
		server().script({ ...POSTS, skip: 1, times: 1, statusAfterStore: 504 });
		const result = await sendLong('nested');
		expect(result.success).toHaveLength(1);
		expect(result.success[0].json).toMatchObject({ delivery: 'confirmed', parts: [{ delivery: 'delivered' }, { delivery: 'confirmed' }] });
		expect(server().messages(ROOM)).toHaveLength(2);
	});

	it('Resend refuses a row whose parts were edited (a delivered part marked not sent)', async () => {
		server().script({ ...POSTS, skip: 1, times: 2, status: 503 });
		const first = await sendLong('flat');
		const row = first.error[0].json;
		const parts = JSON.parse(String(row.parts));
		parts[0] = { messageId: null, delivery: 'not_sent' };
		const edited = { ...row, parts: JSON.stringify(parts) };
		const again = await run([edited], { resource: 'message', operation: 'resend', delivery: { historyFormat: 'flat' } });
		expect(again.error[0].json.errorMessage).toContain('edited or not written by this node');
		expect(server().messages(ROOM)).toHaveLength(1);
	});
});
