/**
 * The Chatwork look-alike's outgoing webhooks, checked by a plain receiver on 127.0.0.1 that
 * verifies signatures with its own HMAC (not the trigger's code), and the sandbox page's
 * "post as another member".
 */
import { createHmac } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import { startChatworkServer, type ChatworkServer } from '../../../sandbox';

interface Received {
	path: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
}

const TOKEN = 'gxm7ZKoDr2nSs8Kqw6CzC0qL2Xx3Lq0V9nqI4Qd0X1c=';
let server: ChatworkServer;
let receiver: http.Server;
let base: string;
let received: Received[] = [];

beforeAll(async () => {
	receiver = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const url = new URL(request.url ?? '/', 'http://x');
			received.push({ path: url.pathname, query: url.searchParams, headers: request.headers, raw: Buffer.concat(chunks) });
			response.writeHead(url.pathname === '/fail' ? 500 : 200).end('x'.repeat(3000));
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
	server = await startChatworkServer({ webhooks: [{ url: `${base}/room`, token: TOKEN, roomId: 1001, events: ['message_created', 'message_updated'] }] });
	server.addWebhook({ url: `${base}/mention`, token: TOKEN, accountId: 101, signatureIn: 'query' });
});

afterAll(async () => {
	await server.close();
	await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
	server.reset();
	received = [];
});

const hmac = (raw: Buffer) => createHmac('sha256', Buffer.from(TOKEN, 'base64')).update(raw).digest('base64');

async function postApi(path: string, form: Record<string, string>, method = 'POST') {
	return await fetch(`${server.url}${path}`, { method, headers: { 'X-ChatWorkToken': 'demo-token' }, body: new URLSearchParams(form) });
}

describe('outgoing webhooks of the Chatwork look-alike', () => {
	it('sends message_created for a message posted through the API, signed over the exact bytes', async () => {
		const answer = await postApi('/rooms/1001/messages', { body: '新しいリード' });
		const { message_id } = (await answer.json()) as { message_id: string };
		await server.webhooksSettled();
		expect(received).toHaveLength(1);
		const [delivery] = received;
		expect(delivery.headers['content-type']).toBe('application/json');
		expect(delivery.headers['user-agent']).toMatch(/^ChatWork-Webhook\//);
		expect(delivery.headers['x-chatworkwebhooksignature']).toBe(hmac(delivery.raw));
		expect(JSON.parse(delivery.raw.toString())).toEqual({
			webhook_setting_id: '1',
			webhook_event_type: 'message_created',
			webhook_event_time: expect.any(Number),
			webhook_event: { message_id, room_id: 1001, account_id: 101, body: '新しいリード', send_time: expect.any(Number), update_time: 0 },
		});
		expect(server.webhookDeliveries()).toMatchObject([{ eventType: 'message_created', messageId: message_id, status: 200 }]);
		expect(server.webhookDeliveries()[0].response).toHaveLength(2048);
	});

	it('sends message_updated on an edit, and nothing for another room or a delete', async () => {
		const { message_id } = (await (await postApi('/rooms/1001/messages', { body: 'v1' })).json()) as { message_id: string };
		await postApi(`/rooms/1001/messages/${message_id}`, { body: 'v2' }, 'PUT');
		await postApi('/rooms/1002/messages', { body: 'other room' });
		await fetch(`${server.url}/rooms/1001/messages/${message_id}`, { method: 'DELETE', headers: { 'X-ChatWorkToken': 'demo-token' } });
		await server.webhooksSettled();
		expect(received.map((r) => [r.path, JSON.parse(r.raw.toString()).webhook_event_type])).toEqual([
			['/room', 'message_created'],
			['/room', 'message_updated'],
		]);
		expect(JSON.parse(received[1].raw.toString()).webhook_event.update_time).toBeGreaterThan(0);
	});

	it('sends mention_to_me for To and reply addressed to the account, signed in the query string', async () => {
		server.addMessage(1001, { account_id: 102, body: '[To:101]Demoさん お願いします' });
		server.addMessage(1001, { account_id: 102, body: '[rp aid=101 to=1001-1900000000000000001]Demoさん\n了解' });
		server.addMessage(1001, { account_id: 102, body: '[toall] 全員へ' });
		server.addMessage(1001, { account_id: 101, body: '[To:101] 自分宛て' });
		await server.webhooksSettled();
		const mentions = received.filter((r) => r.path === '/mention');
		expect(mentions).toHaveLength(2);
		for (const mention of mentions) {
			expect(mention.headers['x-chatworkwebhooksignature']).toBeUndefined();
			expect(mention.query.get('chatwork_webhook_signature')).toBe(hmac(mention.raw));
			expect(JSON.parse(mention.raw.toString())).toMatchObject({
				webhook_event_type: 'mention_to_me',
				webhook_event: { from_account_id: 102, to_account_id: 101, room_id: 1001 },
			});
		}
	});

	it('tries once and records a failed delivery, as Chatwork never retries', async () => {
		server.addWebhook({ url: `${base}/fail`, roomId: 1002 });
		server.addMessage(1002, { body: 'x' });
		await server.webhooksSettled();
		expect(received.filter((r) => r.path === '/fail')).toHaveLength(1);
		expect(server.webhookDeliveries().find((d) => d.url.endsWith('/fail'))?.status).toBe(500);
	});

	it('gives each new webhook a token in Chatwork\'s form (base64 of 32 bytes)', () => {
		const setting = server.addWebhook({ url: `${base}/room2`, roomId: 1002 });
		expect(Buffer.from(setting.token, 'base64')).toHaveLength(32);
		expect(() => server.addWebhook({ url: `${base}/x`, events: ['mention_to_me'] })).toThrow(/accountId/);
	});
});

describe('the sandbox page posts as any member', () => {
	const post = (body: unknown, type = 'application/json') =>
		fetch(`${server.origin}/sandbox/messages`, { method: 'POST', headers: { 'Content-Type': type }, body: JSON.stringify(body) });

	it('stores a colleague\'s reply and sends its webhook like any message', async () => {
		const answer = await post({ room_id: 1001, account_id: 102, body: '対応済み' });
		expect(answer.status).toBe(200);
		const { message_id } = (await answer.json()) as { message_id: string };
		expect(server.messages(1001)).toMatchObject([{ message_id, account_id: 102, body: '対応済み' }]);
		await server.webhooksSettled();
		expect(JSON.parse(received[0].raw.toString()).webhook_event).toMatchObject({ message_id, account_id: 102 });
	});

	it.each([
		[{ room_id: 1001, account_id: 999, body: 'x' }, 'application/json', 403],
		[{ room_id: 4242, account_id: 102, body: 'x' }, 'application/json', 404],
		[{ room_id: 1001, account_id: 102, body: '  ' }, 'application/json', 400],
		[{ room_id: 1001, account_id: 102, body: 'x' }, 'text/plain', 415],
	])('refuses %j sent as %s with %i', async (body, type, status) => {
		expect((await post(body, type)).status).toBe(status);
		expect(server.messages(1001)).toEqual([]);
	});
});
