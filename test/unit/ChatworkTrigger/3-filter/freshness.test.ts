/** Max Event Age and the replay record (issue 25, defect 7), at the edges, with generated times. */
import fc from 'fast-check';

import type { ChatworkWebhook } from '../../../../nodes/ChatworkTrigger/2-parse/webhookEvent';
import { requireFresh } from '../../../../nodes/ChatworkTrigger/3-filter/freshness';
import { firstDelivery, MAX_REMEMBERED, rememberedCount } from '../../../../nodes/ChatworkTrigger/3-filter/replayRecord';
import { Refusal } from '../../../../nodes/ChatworkTrigger/refusal';

const outcome = (work: () => void) => {
	try {
		work();
		return 'fresh';
	} catch (error) {
		return error instanceof Refusal ? `${error.status} ${error.code}` : String(error);
	}
};

function webhook(messageId: string, eventTime: number, updateTime = 0): ChatworkWebhook {
	return {
		payload: { webhook_setting_id: '7' },
		eventType: 'message_created',
		eventTime,
		roomId: 1,
		messageId,
		senderAccountId: 2,
		toAccountId: null,
		body: '',
		sendTime: eventTime,
		updateTime,
	};
}

describe('Max Event Age', () => {
	it('accepts an event up to the window away, either way, and refuses one second more (generated around both edges)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
				fc.integer({ min: 0, max: 999 }),
				fc.integer({ min: 1, max: 86_400 }),
				fc.integer({ min: -3, max: 3 }),
				fc.constantFrom(-1, 1),
				(nowSeconds, milliseconds, window, nearEdge, side) => {
					const nowMs = nowSeconds * 1000 + milliseconds;
					const distance = window + nearEdge;
					const result = outcome(() => requireFresh(nowSeconds - side * distance, window, nowMs));
					expect(result).toBe(Math.abs(distance) <= window ? 'fresh' : '400 stale_event');
				},
			),
			{ numRuns: 1000 },
		);
	});

	it('accepts any time when the window is 0 (off)', () => {
		fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (time) => expect(outcome(() => requireFresh(time, 0))).toBe('fresh')));
	});
});

describe('the replay record', () => {
	it('lets each event through once per trigger, whatever the order of replays (generated)', () => {
		let scope = 0;
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), (sequence) => {
				const trigger = `wf-${scope++}/n1`;
				const now = Date.now();
				const seen = new Set<number>();
				for (const n of sequence) {
					expect(firstDelivery(trigger, webhook(String(n), Math.floor(now / 1000)), 300, now)).toBe(!seen.has(n));
					seen.add(n);
				}
			}),
		);
	});

	it('tells another trigger, another webhook setting and another edit apart', () => {
		const now = Date.now();
		const time = Math.floor(now / 1000);
		expect(firstDelivery('a/n1', webhook('1', time), 300, now)).toBe(true);
		expect(firstDelivery('b/n1', webhook('1', time), 300, now)).toBe(true);
		expect(firstDelivery('a/n1', { ...webhook('1', time), payload: { webhook_setting_id: '8' } }, 300, now)).toBe(true);
		expect(firstDelivery('a/n1', webhook('1', time, time), 300, now)).toBe(true);
		expect(firstDelivery('a/n1', webhook('1', time), 300, now)).toBe(false);
	});

	it('forgets an event once the window would refuse its replay anyway, and never holds more than its bound', () => {
		const now = Date.now();
		const time = Math.floor(now / 1000);
		expect(firstDelivery('c/n1', webhook('1', time), 60, now)).toBe(true);
		expect(firstDelivery('c/n1', webhook('1', time), 60, now + 59_000)).toBe(false);
		// Past the window the event is refused as stale before it gets here; the record has let it go.
		expect(firstDelivery('c/n1', webhook('1', time), 60, now + 62_000)).toBe(true);
		for (let n = 0; n < MAX_REMEMBERED + 10; n++) firstDelivery('d/n1', webhook(String(n), time), 300, now);
		expect(rememberedCount()).toBeLessThanOrEqual(MAX_REMEMBERED + 1);
	});
});
