// @ts-check
/** What the n8n bench sends: form submissions, items to post, webhooks as Chatwork signs them. */
'use strict';

const crypto = require('node:crypto');

const { ROOM_COUNT, rooms } = require('./settings');

/** @param {number} n */
function submission(n) {
	return {
		company: `株式会社ベンチ${n}`,
		name: `担当 太郎${n}`,
		email: `lead${n}@example.co.jp`,
		phone: '03-1234-5678',
		department: '営業部',
		position: '課長',
		website: 'https://www.example.co.jp/',
		employees: 120,
		newsletter: true,
		memo: 'セミナーの資料を送ってください。',
	};
}

/** One webhook as Chatwork sends it, signed with `token` over the exact bytes. */
function chatworkWebhookRequest(/** @type {number} */ n, /** @type {string} */ token) {
	const body = JSON.stringify({
		webhook_setting_id: '1',
		webhook_event_type: 'message_created',
		// Stamped now: the trigger refuses events older than its Max Event Age (5 minutes).
		webhook_event_time: Math.floor(Date.now() / 1000),
		webhook_event: { message_id: String(1900000000000000000n + BigInt(n)), room_id: 5001, account_id: 2, body: `[rp aid=1 to=5001-1900000000000000000]Benchさん\n対応済み ${n}`, send_time: 1764300000 + n, update_time: 0 },
	});
	const signature = crypto.createHmac('sha256', Buffer.from(token, 'base64')).update(body).digest('base64');
	return { method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': 'ChatWork-Webhook/1.0.0', 'X-ChatWorkWebhookSignature': signature }, body };
}

/** @param {number} count @param {number} [offset] */
function leadItems(count, offset = 0) {
	return Array.from({ length: count }, (_, index) => {
		const n = index + offset;
		return {
			company: `株式会社ベンチ${n}`,
			name: `担当者${n}`,
			customer_detail_url: `https://app.satori.marketing/customers/${n}`,
			room: rooms[n % ROOM_COUNT].room_id,
		};
	});
}

module.exports = { submission, chatworkWebhookRequest, leadItems };
