/** The Chatwork Trigger's item: the readable fields first (n8n's table view shows keys in order), Chatwork's as sent after. */
import fc from 'fast-check';

import { parseNotation } from '../../../../nodes/ChatworkTrigger/2-parse/notation';
import { parseWebhook } from '../../../../nodes/ChatworkTrigger/2-parse/webhookEvent';
import { eventItem } from '../../../../nodes/ChatworkTrigger/emit/eventItem';

const JSON_HEADERS = { 'content-type': 'application/json' };

function itemFor(body: Record<string, unknown>) {
	const event = parseWebhook(JSON_HEADERS, Buffer.from(JSON.stringify(body)))!;
	return eventItem(event, parseNotation(event.body)).json;
}

const event = (extra: Record<string, unknown> = {}) => ({
	webhook_setting_id: '7',
	webhook_event_type: 'message_created',
	webhook_event_time: 1764300000,
	webhook_event: { message_id: '1900000000000000042', room_id: 1001, account_id: 102, body: '[To:101]Lead Botさん\n対応済み', send_time: 1764299999, update_time: 0 },
	...extra,
});

describe('the Chatwork Trigger item', () => {
	it('puts text before the webhook_* fields Chatwork sent', () => {
		const keys = Object.keys(itemFor(event()));
		expect(keys.indexOf('text')).toBeLessThan(keys.indexOf('webhook_setting_id'));
		expect(keys.slice(-4)).toEqual(['webhook_setting_id', 'webhook_event_type', 'webhook_event_time', 'webhook_event']);
	});

	it('keeps every field Chatwork sent, unchanged', () => {
		const item = itemFor(event());
		expect(item).toMatchObject(event());
		expect(item.text).toBe('Lead Botさん\n対応済み');
	});

	it('keeps the read fields when the body has a top-level key of the same name, and any other key after them (generated)', () => {
		const names = fc.constantFrom('text', 'roomId', 'mentions', 'eventType', 'extra', '__proto__', 'toString', 'データ');
		fc.assert(
			fc.property(fc.dictionary(names, fc.jsonValue()), (extra) => {
				const body = event(extra);
				const item = itemFor(JSON.parse(JSON.stringify(body)));
				expect(item.text).toBe('Lead Botさん\n対応済み');
				expect(item.roomId).toBe(1001);
				expect(item.eventType).toBe('message_created');
				expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
				const keys = Object.keys(item);
				for (const key of Object.keys(extra)) {
					if (['text', 'roomId', 'mentions', 'eventType'].includes(key)) continue;
					expect(keys.indexOf(key)).toBeGreaterThan(keys.indexOf('quotes'));
				}
			}),
		);
	});
});
