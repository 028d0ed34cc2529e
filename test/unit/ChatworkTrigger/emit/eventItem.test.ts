/** The item a Chatwork delivery starts the workflow with: Chatwork's fields as sent, times as ISO, the notation read. */
import fc from 'fast-check';

import { parseNotation } from '../../../../nodes/ChatworkTrigger/2-parse/notation';
import { parseWebhook } from '../../../../nodes/ChatworkTrigger/2-parse/webhookEvent';
import { eventItem } from '../../../../nodes/ChatworkTrigger/emit/eventItem';
import { messageCreated } from '../../../fixtures/chatworkWebhook';

const JSON_HEADERS = { 'content-type': 'application/json' };

function itemOf(delivery: Record<string, unknown>) {
	const event = parseWebhook(JSON_HEADERS, Buffer.from(JSON.stringify(delivery)))!;
	return eventItem(event, parseNotation(event.body)).json;
}

describe('eventItem', () => {
	it('keeps the delivery as sent and adds the facts read from it', () => {
		const delivery = messageCreated(1764300000);
		const item = itemOf(delivery);

		expect(item).toMatchObject({
			webhook_setting_id: '7',
			webhook_event: delivery.webhook_event,
			eventType: 'message_created',
			eventTime: '2025-11-28T03:20:00.000Z',
			roomId: 1001,
			messageId: '1900000000000000042',
			senderAccountId: 102,
			toAccountId: null,
			sentAt: '2025-11-28T03:19:59.000Z',
			updatedAt: null,
			text: 'Botさん\n対応済み',
			toAll: false,
		});
		expect(item.reply).toMatchObject({ accountId: 101, roomId: 1001, messageId: '1900000000000000001' });
	});

	it('gives every second Chatwork may stamp as the same instant in ISO, and updatedAt only once edited (generated)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), fc.integer({ min: 0, max: 4_102_444_800 }), (sendTime, updateTime) => {
				const item = itemOf(messageCreated(sendTime, {}, { send_time: sendTime, update_time: updateTime }));
				expect(Date.parse(item.sentAt as string)).toBe(sendTime * 1000);
				expect(item.updatedAt).toBe(updateTime > 0 ? new Date(updateTime * 1000).toISOString() : null);
			}),
		);
	});
});
