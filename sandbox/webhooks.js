// @ts-check
'use strict';

/**
 * Chatwork's outgoing webhooks, as the real service sends them (its webhook documentation,
 * developer.chatwork.com): every message stored (through the API, addMessage or the sandbox page)
 * becomes a POST of `{webhook_setting_id, webhook_event_type, webhook_event_time, webhook_event}`
 * to each registered URL whose events and room match, JSON, `User-Agent: ChatWork-Webhook/…`,
 * signed with `X-ChatWorkWebhookSignature` (or the `chatwork_webhook_signature` query parameter)
 * = base64(HMAC-SHA256(key = base64-decode(token), message = the exact body bytes)).
 * One try, no retry, as Chatwork does. Room webhooks send message_created / message_updated;
 * account webhooks send mention_to_me for [To:id] and [rp aid=id] addressed to their account.
 */

const http = require('node:http');
const { createHmac, randomBytes } = require('node:crypto');

const USER_AGENT = 'ChatWork-Webhook/1.0.0';
/** Chatwork allows five webhooks per account; this server does not count per account. */
const ROOM_EVENTS = new Set(['message_created', 'message_updated']);

/**
 * @typedef {import('./index').WebhookSeed} WebhookSeed
 * @typedef {import('./index').WebhookSetting} WebhookSetting
 * @typedef {import('./index').WebhookDelivery} WebhookDelivery
 */

/** A token like the ones Chatwork shows: base64 of 32 random bytes. */
function newWebhookToken() {
	return randomBytes(32).toString('base64');
}

/**
 * @param {string} token base64, as Chatwork shows it
 * @param {Buffer} body
 */
function webhookSignature(token, body) {
	return createHmac('sha256', Buffer.from(token, 'base64')).update(body).digest('base64');
}

/**
 * Does the body address the account (To or reply), as Chatwork's mention_to_me counts it?
 * @param {string} body
 * @param {number} accountId
 */
function mentions(body, accountId) {
	return new RegExp(`\\[to:${accountId}\\]|\\[rp aid=${accountId} to=\\d+-\\d+\\]`, 'i').test(body);
}

/**
 * @param {{
 *   state: () => import('./state').ChatworkState,
 *   subscribe: (listener: (event: import('./index').ServerEvent) => void) => () => void,
 *   now: () => number,
 *   onError?: (error: unknown) => void,
 * }} server
 * @param {WebhookSeed[]} [seeds]
 * @param {number} [timeoutMs] how long a delivery waits for the answer before giving up (no retry)
 */
function createWebhooks(server, seeds = [], timeoutMs = 10_000) {
	/** @type {WebhookSetting[]} */
	const settings = [];
	/** @type {WebhookDelivery[]} */
	let deliveries = [];
	/** @type {Set<Promise<void>>} */
	const inFlight = new Set();
	/** @type {Set<http.ClientRequest>} */
	const requests = new Set();
	let nextId = 1;

	/** @param {WebhookSeed} seed */
	function add(seed) {
		const url = new URL(seed.url);
		// Chatwork itself needs https; a look-alike on 127.0.0.1 posts to local http URLs.
		if (url.protocol !== 'http:') throw new Error(`webhook URL must be http: ${seed.url}`);
		const events = seed.events ?? (seed.accountId !== undefined ? ['mention_to_me'] : ['message_created']);
		const account = events.includes('mention_to_me');
		if (account && events.some((event) => ROOM_EVENTS.has(event))) throw new Error('a webhook is either a room webhook or an account webhook');
		if (account && seed.accountId === undefined) throw new Error('an account webhook (mention_to_me) needs accountId');
		if (!account && seed.roomId === undefined) throw new Error('a room webhook needs roomId');
		/** @type {WebhookSetting} */
		const setting = {
			webhook_setting_id: String(seed.id ?? nextId++),
			url: seed.url,
			token: seed.token ?? newWebhookToken(),
			events,
			roomId: account ? null : /** @type {number} */ (seed.roomId),
			accountId: account ? /** @type {number} */ (seed.accountId) : null,
			signatureIn: seed.signatureIn ?? 'header',
		};
		settings.push(setting);
		return { ...setting, events: [...setting.events] };
	}

	for (const seed of seeds) add(seed);

	/**
	 * @param {WebhookSetting} setting
	 * @param {string} type
	 * @param {Record<string, unknown>} event
	 */
	function send(setting, type, event) {
		const body = Buffer.from(
			JSON.stringify({
				webhook_setting_id: setting.webhook_setting_id,
				webhook_event_type: type,
				// Chatwork stamps the event with its real clock and receivers compare it with theirs
				// (Max Event Age): the virtual clock paces limits, it does not date events.
				webhook_event_time: Math.floor(Date.now() / 1000),
				webhook_event: event,
			}),
		);
		const signature = webhookSignature(setting.token, body);
		const url = new URL(setting.url);
		if (setting.signatureIn === 'query') url.searchParams.set('chatwork_webhook_signature', signature);
		/** @type {WebhookDelivery} */
		const delivery = {
			webhook_setting_id: setting.webhook_setting_id,
			eventType: type,
			messageId: String(event.message_id),
			url: setting.url,
			status: null,
			response: null,
			error: null,
			sentAt: Date.now(),
			durationMs: null,
		};
		deliveries.push(delivery);
		const started = performance.now();
		const done = new Promise((resolve) => {
			const request = http.request(
				url,
				{
					method: 'POST',
					timeout: timeoutMs,
					headers: {
						'content-type': 'application/json',
						'content-length': String(body.length),
						'user-agent': USER_AGENT,
						...(setting.signatureIn === 'header' ? { 'x-chatworkwebhooksignature': signature } : {}),
					},
				},
				(response) => {
					const chunks = /** @type {Buffer[]} */ ([]);
					response.on('data', (chunk) => chunks.push(chunk));
					response.on('end', () => {
						delivery.status = response.statusCode ?? null;
						// Chatwork reads at most 2,048 bytes of the answer.
						delivery.response = Buffer.concat(chunks).subarray(0, 2048).toString('utf8');
						resolve(undefined);
					});
					response.on('error', (error) => {
						delivery.error = error.message;
						resolve(undefined);
					});
				},
			);
			request.on('timeout', () => request.destroy(new Error('timeout')));
			request.on('error', (error) => {
				delivery.error = error.message;
				resolve(undefined);
			});
			request.on('close', () => requests.delete(request));
			requests.add(request);
			request.end(body);
		}).then(() => {
			delivery.durationMs = performance.now() - started;
		});
		inFlight.add(done);
		done.finally(() => inFlight.delete(done));
	}

	/** @param {import('./index').ServerEvent} change */
	function onChange(change) {
		if (change.type !== 'message_created' && change.type !== 'message_updated') return;
		const message = server.state().roomMessages(change.room_id).find((m) => m.message_id === change.message_id);
		if (!message) return;
		const fields = { room_id: message.room_id, message_id: message.message_id, body: message.body, send_time: message.send_time, update_time: message.update_time };
		for (const setting of settings) {
			if (setting.roomId === message.room_id && setting.events.includes(change.type)) {
				send(setting, change.type, { message_id: fields.message_id, room_id: fields.room_id, account_id: message.account_id, body: fields.body, send_time: fields.send_time, update_time: fields.update_time });
			}
			const to = setting.accountId;
			if (to !== null && change.type === 'message_created' && to !== message.account_id && mentions(message.body, to)) {
				const room = server.state().rooms.get(message.room_id);
				if (!room?.members.has(to)) continue;
				send(setting, 'mention_to_me', { from_account_id: message.account_id, to_account_id: to, ...fields });
			}
		}
	}

	const unsubscribe = server.subscribe((change) => {
		try {
			onChange(change);
		} catch (error) {
			server.onError?.(error);
		}
	});

	return {
		add,
		list() {
			return settings.map((setting) => ({ ...setting, events: [...setting.events] }));
		},
		deliveries() {
			return deliveries.map((delivery) => ({ ...delivery }));
		},
		/** Resolves once every delivery sent so far has its answer (or its error). */
		async settled() {
			while (inFlight.size > 0) await Promise.all([...inFlight]);
		},
		clearDeliveries() {
			deliveries = [];
		},
		close() {
			unsubscribe();
			for (const request of requests) request.destroy();
		},
	};
}

module.exports = { createWebhooks, webhookSignature, newWebhookToken };
