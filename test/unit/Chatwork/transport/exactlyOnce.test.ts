import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../../nodes/Chatwork/Chatwork.node';
import type { FaultRule } from '../../../../sandbox';
import type { Parameters } from '../../../support/executeNode';
import { executeContext, room } from '../../../support/executeNode';
import { expectEachItemOnExactlyOneOutput } from '../../support/assertions';
import { useChatworkServer } from '../../support/chatworkServer';
import { attachSeenStore } from '../../support/seenStore';
import { runsOf } from '../../support/propertyRuns';

/**
 * Issue 24, "Exactly once": generated fault sequences (POST and read-back) × Max Retries × resends ×
 * split parts, against the look-alike. The room never holds two copies of a part; every history
 * item says what the room holds; once the faults are over, a resend leaves exactly one copy of each
 * part, unless a resend itself posted into a room it could not read back (then it says unknown, why).
 */

const TOKEN = 'tok-exactly-once-0123456789abcdef012345';
const ROOM = 1001;
const POSTS = { method: 'POST', path: '/rooms/{room_id}/messages' } as const;
const READS = { method: 'GET', path: '/rooms/{room_id}/messages' } as const;

const server = useChatworkServer({ timeScale: 0.001, accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }], rooms: [{ room_id: ROOM, name: '営業' }] });

/** What can happen to one POST: stored then a gateway's status, a reset or no answer; refused; rate-limited. */
const POST_FAULTS: Record<string, FaultRule> = {
	'store+500': { statusAfterStore: 500 },
	'store+502': { statusAfterStore: 502 },
	'store+504': { statusAfterStore: 504 },
	'store+reset': { resetAfterStore: true },
	'store+timeout': { delayAfterStoreMs: 1_500 },
	'500 before store': { status: 500 },
	'reset before store': { resetBeforeStore: true },
	'503': { status: 503 },
	'429 token': { status: 429, rateLimitHeaders: false, headers: { 'Retry-After': '1' } },
	'429 room': { rateLimit: 'room' },
	ok: { delayMs: 0 },
};

/** What can happen to the read-back: a passing failure, or a room that cannot be read at all. */
const READ_FAULTS: Record<string, FaultRule[]> = {
	none: [],
	'500 once': [{ ...READS, times: 1, status: 500 }],
	'reset once': [{ ...READS, times: 1, resetAfterStore: true }],
	'403 always': [{ ...READS, status: 403, body: { errors: ['You don\'t have permission to get messages in this room'] } }],
	'502 always': [{ ...READS, status: 502 }],
};

const postFault = fc.oneof(
	{ weight: 30, arbitrary: fc.constantFrom(...Object.keys(POST_FAULTS).filter((name) => name !== 'store+timeout')) },
	// A timeout costs a real second (Timeout's least is 1 s): kept rare.
	{ weight: 1, arbitrary: fc.constant('store+timeout') },
);

const records = new Set<string>();

async function run(items: IDataObject[], parameters: Parameters) {
	const ctx = executeContext({ items, credentials: { apiToken: TOKEN, baseUrl: server().url }, parameters });
	attachSeenStore(ctx, records, 'wf-once');
	const [success, error] = await new Chatwork().execute.call(ctx);
	expectEachItemOnExactlyOneOutput({ success, error, calls: [] }, items.length);
	return [...success, ...error][0].json;
}

interface Part {
	messageId: string | null;
	delivery: string;
}

/** The item's parts as it states them (one part: its messageId and delivery). */
function statedParts(item: IDataObject): Part[] {
	if (Array.isArray(item.parts)) return item.parts as Part[];
	const delivery = String(item.delivery ?? (item.error as IDataObject | null)?.delivery ?? 'delivered');
	return [{ messageId: (item.messageId as string | null) ?? null, delivery }];
}

const refused = (item: IDataObject) => String((item.error as IDataObject | null)?.message ?? '').startsWith('Not resent');

/** Every claim the item makes about the room is true of the room; no part is there twice. */
function expectItemTellsTheTruth(item: IDataObject, texts: string[]) {
	const messages = server().messages(ROOM);
	const parts = statedParts(item);
	expect(parts).toHaveLength(texts.length);
	texts.forEach((text, index) => {
		const copies = messages.filter((message) => message.body === text);
		expect(copies.length).toBeLessThanOrEqual(1);
		const part = parts[index];
		if (part.delivery === 'delivered' || part.delivery === 'confirmed') expect(copies.map((copy) => copy.message_id)).toEqual([part.messageId]);
		// A refusal ("Not resent: …") says only that this run sent nothing.
		else if ((part.delivery === 'not_sent' || part.delivery === 'failed') && !refused(item)) expect(copies).toHaveLength(0);
	});
	if (item.status === 'success') for (const text of texts) expect(messages.filter((message) => message.body === text)).toHaveLength(1);
	const error = item.error as (IDataObject & { delivery: string; readBack?: string; message: string }) | null;
	// Unknown only when the room could not tell, and the item says why.
	if (error?.delivery === 'unknown') expect(String(error.readBack ?? error.message)).toMatch(/read|room|Not resent/);
}

describe('exactly once, generated: any fault sequence × retries × resends × split parts', () => {
	it('the room never holds two copies of a part; every item tells the truth; after the faults, a resend leaves exactly one copy', async () => {
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(postFault, { maxLength: 5 }),
				fc.constantFrom(...Object.keys(READ_FAULTS)),
				fc.integer({ min: 0, max: 3 }),
				fc.integer({ min: 0, max: 2 }),
				fc.integer({ min: 1, max: 2 }),
				async (postFaults, readFault, maxRetries, faultedResends, partCount) => {
					runs++;
					server().reset();
					records.clear();
					for (const name of postFaults) server().script({ ...POSTS, times: 1, ...POST_FAULTS[name] });
					for (const rule of READ_FAULTS[readFault]) server().script(rule);
					const texts = Array.from({ length: partCount }, (_, part) => `run ${runs} part ${part}${part === 0 && partCount > 1 ? ` ${'x'.repeat(65_520)}` : ''}`);
					const delivery = { maxRetries, timeout: 1 };

					let item = await run([{ text: texts.join('\n') }], {
						resource: 'message',
						operation: 'send',
						roomId: room(ROOM),
						text: '{{text}}',
						options: { splitLongMessages: true },
						delivery,
					});
					expectItemTellsTheTruth(item, texts);

					let stuck = false;
					for (let round = 0; round <= faultedResends && item.status === 'error'; round++) {
						// The last round comes after the faults are over.
						if (round === faultedResends) server().clearScripts();
						const resent = await run([item], { resource: 'message', operation: 'resend', delivery });
						expectItemTellsTheTruth(resent, texts);
						const error = resent.error as IDataObject | null;
						if (error?.delivery === 'unknown' && Number(resent.attempts) > 0) stuck = true;
						if (!String(error?.message ?? '').includes('already redelivered')) item = resent;
					}
					if (!stuck) {
						expect(item.status).toBe('success');
						for (const text of texts) expect(server().messages(ROOM).filter((message) => message.body === text)).toHaveLength(1);
					}
				},
			),
			{ numRuns: 500 },
		);
		expect(runs).toBeGreaterThanOrEqual(runsOf(500));
	}, 900_000);
});
