import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import type { ChatworkServer, SandboxEventData, SandboxState } from '../../../sandbox';
import { startChatworkServer } from '../../../sandbox';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderNotation } = require('../../../sandbox/page/notation') as {
	renderNotation: (body: string, context: { nameOf: (id: number) => string | undefined }) => string;
};

const TOKEN = 'sandbox-test-token-5b4a39';
const ROOM = 1001;
const NAMES: Record<number, string> = { 101: 'Lead Bot', 102: '山田 太郎', 103: '佐藤 花子' };
const render = (body: string) => renderNotation(body, { nameOf: (id) => NAMES[id] });

describe('sandbox notation renderer', () => {
	it('renders [info][title]…[/title]…[/info] as a titled box, keeping line breaks and dropping the one after the title', () => {
		const html = render('[info][title]新しいリード[/title]\n会社名: サトリ商事\n氏名: 山田 太郎[/info]\n対応お願いします');
		expect(html).toBe(
			'<div class="cw-info"><div class="cw-info-title"><span class="cw-info-icon" aria-hidden="true">i</span>新しいリード</div>' +
				'<div class="cw-info-body">会社名: サトリ商事\n氏名: 山田 太郎</div></div>対応お願いします',
		);
	});

	it('renders [info] without a title as a plain box', () => {
		expect(render('[info]お知らせ[/info]')).toBe('<div class="cw-info"><div class="cw-info-body">お知らせ</div></div>');
	});

	it('renders [To:id] as a TO badge with the member, without repeating a name the text already gives', () => {
		const bare = render('[To:102]\nご確認ください');
		expect(bare).toContain('<span class="cw-badge cw-to">TO</span>');
		expect(bare).toContain('<span class="cw-name">山田 太郎</span>');
		expect(bare).toContain('title="山田 太郎">山</span>');
		const named = render('[To:102]山田さん');
		expect(named).toContain('<span class="cw-badge cw-to">TO</span>');
		expect(named).not.toContain('cw-name');
		expect(named.endsWith('山田さん')).toBe(true);
		expect(render('[to:999]')).toContain('<span class="cw-name">ID 999</span>');
	});

	it('renders [toall], [rp …], [hr], [picon], [pname] and [piconname]', () => {
		expect(render('[toall]皆さん')).toBe('<span class="cw-badge cw-to">TO ALL</span>皆さん');
		const reply = render('[rp aid=103 to=1001-1900000000000000001]\n了解です');
		expect(reply).toContain('<span class="cw-badge cw-rp">RE</span>');
		expect(reply).toContain('佐藤 花子');
		expect(reply).not.toContain('aid=');
		expect(render('上[hr]下')).toBe('上<hr class="cw-hr">下');
		expect(render('[picon:102]')).toBe('<span class="cw-avatar cw-avatar-small cw-c6" title="山田 太郎">山</span>');
		expect(render('[pname:103]')).toBe('<span class="cw-name">佐藤 花子</span>');
		expect(render('[piconname:101]')).toBe(
			'<span class="cw-person"><span class="cw-avatar cw-avatar-small cw-c5" title="Lead Bot">L</span><span class="cw-name">Lead Bot</span></span>',
		);
	});

	it('renders [qt][qtmeta …]…[/qt] as a quote box with author and JST time', () => {
		// 1700000000 = 2023-11-14 22:13:20 UTC = 2023-11-15 07:13 JST
		const html = render('[qt][qtmeta aid=102 time=1700000000]元のメッセージ[/qt]返信します');
		expect(html).toMatch(/^<div class="cw-qt">.*<\/div>返信します$/s);
		expect(html).toContain('<span class="cw-name">山田 太郎</span>');
		expect(html).toContain('<span class="cw-qt-time">2023/11/15 07:13</span>');
		expect(html).toContain('<div class="cw-qt-body">元のメッセージ</div>');
		expect(render('[qt]名無しの引用[/qt]')).toContain('<div class="cw-qt-body">名無しの引用</div>');
	});

	it('shows [code] content as written, notation and HTML included', () => {
		expect(render('[code]\n[toall] <b>x</b>\n[/code]')).toBe('<pre class="cw-code">[toall] &lt;b&gt;x&lt;/b&gt;</pre>');
	});

	it('nests blocks', () => {
		const html = render('[info][title]A[/title][qt][qtmeta aid=102 time=0]B[/qt][/info]');
		expect(html).toMatch(/^<div class="cw-info">.*<div class="cw-qt">.*B<\/div><\/div><\/div><\/div>$/s);
	});

	it('escapes HTML everywhere: in text, inside blocks, in titles and in names', () => {
		const html = render('<script>alert(1)</script>[info][title]<img src=x onerror=alert(1)>[/title]"\'&[/info]');
		expect(html).not.toMatch(/<script|<img/i);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(html).toContain('&quot;&#39;&amp;');
		const evil = renderNotation('[piconname:7]', { nameOf: () => '<b onmouseover="x">' });
		expect(evil).not.toContain('<b');
		expect(evil).toContain('title="&lt;b onmouseover=&quot;x&quot;&gt;"');
	});

	it('keeps full-width tags (inert data values), unknown tags and unclosed blocks as text', () => {
		expect(render('［toall］ ［To:102］ ［info］x［/info］')).toBe('［toall］ ［To:102］ ［info］x［/info］');
		expect(render('[重要] [information] [To:abc]')).toBe('[重要] [information] [To:abc]');
		expect(render('[info]閉じていない')).toBe('[info]閉じていない');
		expect(render('[title]外[/title]')).toBe('[title]外[/title]');
	});

	it('cannot be tricked by NUL characters into pasting a code block elsewhere', () => {
		expect(render('[code]a[/code]\u00000\u0000')).toBe('<pre class="cw-code">a</pre>\ufffd0\ufffd');
	});

	it('shows a tag with a NUL before its name as text, as the Chatwork Trigger reads it', () => {
		expect(render('[\u0000toall][\u0000To:102]')).toBe('[\ufffdtoall][\ufffdTo:102]');
	});
});

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
