import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import type { ChatworkServer, SandboxEventData, SandboxState } from '../../../sandbox';
import { startChatworkServer } from '../../../sandbox';

const TOKEN = 'sandbox-test-token-5b4a39';
const ROOM = 1001;

describe('sandbox page and endpoints', () => {
	let server: ChatworkServer;

	beforeEach(async () => {
		server = await startChatworkServer({
			accounts: [
				{ token: TOKEN, account_id: 101, name: 'Lead Bot', organization_name: 'サトリ商事' },
				{ account_id: 102, name: '山田 太郎' },
				{ account_id: 103, name: '佐藤 花子' },
			],
			rooms: [
				{ room_id: ROOM, name: '営業チーム', description: 'リード通知' },
				{ room_id: 1002, name: 'マーケティング' },
			],
			timeScale: Infinity,
			startTime: Date.UTC(2026, 0, 5, 1, 30), // 10:30 JST
		});
	});
	afterEach(() => server.close());

	const post = (body: string, room = ROOM, token = TOKEN) =>
		fetch(`${server.url}/rooms/${room}/messages`, { method: 'POST', headers: { 'X-ChatWorkToken': token }, body: new URLSearchParams({ body }) });

	const getState = async (): Promise<SandboxState> => {
		const response = await fetch(`${server.origin}/sandbox/state`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		return (await response.json()) as SandboxState;
	};

	it('serves the page at / (sandboxUrl) with its script and style, outside /v2, without a token, not logged', async () => {
		expect(server.sandboxUrl).toBe(`${server.origin}/`);
		const page = await fetch(server.sandboxUrl);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
		const html = await page.text();
		expect(html).toContain('<script src="/sandbox/app.js" defer></script>');
		expect(html).toContain('/sandbox/app.css');
		expect(html).not.toMatch(/<script>/);
		for (const [path, type] of [['/sandbox/app.js', 'text/javascript'], ['/sandbox/app.css', 'text/css']]) {
			const asset = await fetch(`${server.origin}${path}`);
			expect(asset.status).toBe(200);
			expect(asset.headers.get('content-type')).toContain(type);
			expect((await asset.text()).length).toBeGreaterThan(1000);
		}
		expect(server.requests).toEqual([]);
		expect(server.stats().requests).toBe(0);
		// Other paths outside /v2 are still Chatwork's 404, and /v2 is untouched.
		expect((await fetch(`${server.origin}/me`)).status).toBe(404);
		expect((await fetch(`${server.origin}/sandbox/state`, { method: 'POST' })).status).toBe(404);
		expect((await fetch(`${server.url}/`, { headers: { 'X-ChatWorkToken': TOKEN } })).status).toBe(404);
	});

	it('/sandbox/state lists rooms, people and messages with rendered bodies, sender and time', async () => {
		expect((await post('[info][title]新しいリード[/title]会社名: <サトリ>\n氏名: 山田[/info]')).status).toBe(200);
		server.addMessage(ROOM, { body: '[To:101]Lead Botさん\n確認します', account_id: 102 });
		const state = await getState();
		expect(state.me).toEqual({ account_id: 101, name: 'Lead Bot' });
		expect(state.accounts.map((a) => a.name)).toEqual(['Lead Bot', '山田 太郎', '佐藤 花子']);
		const room = state.rooms.find((r) => r.room_id === ROOM);
		// Counts are the viewer's (101): its own post is read, the colleague's [To:101] is unread and a mention.
		expect(room).toMatchObject({ name: '営業チーム', type: 'group', description: 'リード通知', message_num: 2, unread_num: 1, mention_num: 1 });
		expect(room?.members).toContainEqual({ account_id: 101, role: 'admin' });
		expect(state.rooms.find((r) => r.type === 'my')?.name).toBe('マイチャット');
		const [lead, reply] = state.messages[ROOM];
		expect(lead).toMatchObject({
			room_id: ROOM,
			account: { account_id: 101, name: 'Lead Bot' },
			body: '[info][title]新しいリード[/title]会社名: <サトリ>\n氏名: 山田[/info]',
			send_time: Math.floor(Date.UTC(2026, 0, 5, 1, 30) / 1000),
			update_time: 0,
			to_me: false,
		});
		expect(lead.message_id).toMatch(/^\d{19}$/);
		expect(lead.html).toContain('<div class="cw-info-title">');
		expect(lead.html).toContain('会社名: &lt;サトリ&gt;\n氏名: 山田');
		expect(reply).toMatchObject({ account: { account_id: 102, name: '山田 太郎' }, to_me: true });
		expect(state.messages['1002']).toEqual([]);
	});

	it('delivers messages posted through the API as Server-Sent Events, then edits and deletions', async () => {
		const stream = await openEvents(server);
		try {
			const created = stream.next('message_created');
			expect((await post('<script>alert(1)</script>\n[toall] 新しいリードです')).status).toBe(200);
			const event = await created;
			expect(event).toMatchObject({ type: 'message_created', room_id: ROOM, room: { room_id: ROOM, message_num: 1 } });
			expect(event.message).toMatchObject({ account: { account_id: 101, name: 'Lead Bot' }, body: '<script>alert(1)</script>\n[toall] 新しいリードです' });
			expect(event.message?.html).toBe('&lt;script&gt;alert(1)&lt;/script&gt;\n<span class="cw-badge cw-to">TO ALL</span> 新しいリードです');
			const id = event.message?.message_id;

			const updated = stream.next('message_updated');
			await fetch(`${server.url}/rooms/${ROOM}/messages/${id}`, { method: 'PUT', headers: { 'X-ChatWorkToken': TOKEN }, body: new URLSearchParams({ body: '訂正' }) });
			expect(await updated).toMatchObject({ message_id: id, message: { body: '訂正', html: '訂正' } });

			const deleted = stream.next('message_deleted');
			await fetch(`${server.url}/rooms/${ROOM}/messages/${id}`, { method: 'DELETE', headers: { 'X-ChatWorkToken': TOKEN } });
			expect(await deleted).toMatchObject({ room_id: ROOM, message_id: id, room: { message_num: 0 } });

			const added = stream.next('message_created');
			server.addMessage(1002, { body: 'Chatwork 側の投稿' });
			expect(await added).toMatchObject({ room_id: 1002, message: { account: { account_id: 102 } } });

			const renamed = stream.next('room_changed');
			await fetch(`${server.url}/rooms/1002`, { method: 'PUT', headers: { 'X-ChatWorkToken': TOKEN }, body: new URLSearchParams({ name: '広報' }) });
			expect(await renamed).toMatchObject({ room_id: 1002, room: { name: '広報' } });

			const reset = stream.next('reset');
			server.reset();
			expect(await reset).toEqual({ type: 'reset' });
			expect(stream.text()).toMatch(/^retry: 1000\n/);
		} finally {
			stream.close();
		}
	});

	it('server.subscribe() tells about every change and can be ended', async () => {
		const seen: unknown[] = [];
		const stop = server.subscribe((event) => seen.push(event));
		await post('一件目');
		stop();
		await post('二件目');
		expect(seen).toEqual([{ type: 'message_created', room_id: ROOM, message_id: server.messages(ROOM)[0].message_id }]);
	});

	it('close() ends open event streams', async () => {
		const stream = await openEvents(server);
		await server.close();
		await expect(stream.ended).resolves.toBeUndefined();
	});

	it('never shows the token: not in the page, its script, the state or the events, even when a message quotes it', async () => {
		const stream = await openEvents(server);
		try {
			const created = stream.next('message_created');
			await post(`誤って貼られたトークン: ${TOKEN}`);
			const event = await created;
			expect(event.message?.body).toBe('誤って貼られたトークン: [redacted]');
			const texts = [
				await (await fetch(server.sandboxUrl)).text(),
				await (await fetch(`${server.origin}/sandbox/app.js`)).text(),
				await (await fetch(`${server.origin}/sandbox/app.css`)).text(),
				JSON.stringify(await getState()),
				stream.text(),
			];
			for (const text of texts) expect(text).not.toContain(TOKEN);
			expect(texts[3]).toContain('[redacted]');
		} finally {
			stream.close();
		}
	});

	it('the CLI prints the sandbox page URL on stderr and keeps stdout to the API URL', async () => {
		const child = spawn(process.execPath, [join(__dirname, '../../../sandbox/cli.js'), '--port', '0', '--token', TOKEN], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		try {
			await waitFor(() => stdout.includes('\n') && stderr.includes('Ctrl-C'));
			const api = stdout.trim();
			expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
			const page = /^Sandbox page: (\S+)$/m.exec(stderr)?.[1];
			expect(page).toBe(api.replace(/v2$/, ''));
			expect((await fetch(page as string)).status).toBe(200);
		} finally {
			child.kill('SIGTERM');
			await once(child, 'exit');
		}
		expect(stdout + stderr).not.toContain(TOKEN);
	});
});

/** Reads GET /sandbox/events and hands out the events by type, in order. */
async function openEvents(server: ChatworkServer) {
	const controller = new AbortController();
	const response = await fetch(`${server.origin}/sandbox/events`, { signal: controller.signal });
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
	const reader = (response.body as ReadableStream<Uint8Array>).getReader();
	const decoder = new TextDecoder();
	let raw = '';
	const events: { type: string; data: SandboxEventData }[] = [];
	const waiters: { type: string; resolve: (data: SandboxEventData) => void }[] = [];
	const dispatch = () => {
		for (let i = 0; i < waiters.length; ) {
			const at = events.findIndex((e) => e.type === waiters[i].type);
			if (at === -1) {
				i++;
				continue;
			}
			const [event] = events.splice(at, 1);
			waiters.splice(i, 1)[0].resolve(event.data);
		}
	};
	let buffered = '';
	const ended = (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				const chunk = decoder.decode(value, { stream: true });
				raw += chunk;
				buffered += chunk;
				let end: number;
				while ((end = buffered.indexOf('\n\n')) !== -1) {
					const frame = buffered.slice(0, end);
					buffered = buffered.slice(end + 2);
					const type = /^event: (.+)$/m.exec(frame)?.[1];
					const data = /^data: (.+)$/m.exec(frame)?.[1];
					if (type && data) events.push({ type, data: JSON.parse(data) });
				}
				dispatch();
			}
		} catch {
			return;
		}
	})();
	return {
		next(type: string) {
			return new Promise<SandboxEventData>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no ${type} event`)), 3_000);
				waiters.push({ type, resolve: (data) => (clearTimeout(timer), resolve(data)) });
				dispatch();
			});
		},
		text: () => raw,
		ended,
		close: () => controller.abort(),
	};
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
