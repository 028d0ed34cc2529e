// Chatwork サンドボックス: the page's script (browser, no build step, no dependencies).
// Loads GET /sandbox/state, then follows GET /sandbox/events (Server-Sent Events).
// Message bodies arrive as HTML rendered and escaped by the server (sandbox/notation.js);
// every other text goes in through textContent.
'use strict';

(() => {
	/** @type {{ me: any, accounts: any[], rooms: any[], messages: Record<string, any[]> } | null} */
	let state = null;
	/** @type {number | null} */
	let current = null;
	/** Unread messages of rooms not on screen: the server's counts at first, then what arrives while away. */
	const unread = new Map();
	const mentions = new Map();

	const $ = (id) => document.getElementById(id);
	const el = (tag, className, text) => {
		const node = document.createElement(tag);
		if (className) node.className = className;
		if (text !== undefined) node.textContent = text;
		return node;
	};

	// ---- time (JST is UTC+9 all year) -------------------------------------------------
	const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];
	const jst = (unix) => new Date((unix + 9 * 3600) * 1000);
	const pad = (n) => String(n).padStart(2, '0');
	const timeOf = (unix) => { const d = jst(unix); return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`; };
	const dayOf = (unix) => { const d = jst(unix); return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日(${WEEKDAYS[d.getUTCDay()]})`; };

	// ---- people -----------------------------------------------------------------------
	const accountOf = (id) => state.accounts.find((a) => a.account_id === id);
	const initialOf = (name) => (Array.from(String(name).trim())[0] || '?').toUpperCase();
	const avatar = (id, name, small) => {
		const node = el('span', `cw-avatar${small ? ' cw-avatar-small' : ''} cw-c${id % 8}`, initialOf(name));
		node.title = name;
		return node;
	};

	// ---- rooms ------------------------------------------------------------------------
	const TYPE_RANK = { group: 0, direct: 1, my: 2 };
	const sortedRooms = () =>
		[...state.rooms].sort((a, b) => b.last_update_time - a.last_update_time || TYPE_RANK[a.type] - TYPE_RANK[b.type] || a.room_id - b.room_id);
	const roomById = (id) => state.rooms.find((r) => r.room_id === id);

	function roomIcon(room, node) {
		node.className = `room-icon ${room.type}`;
		node.textContent = room.type === 'my' ? '★' : initialOf(room.name);
		if (room.type === 'direct') {
			const other = room.members.find((m) => m.account_id !== state.me.account_id);
			if (other) node.classList.add(`cw-c${other.account_id % 8}`);
		}
		return node;
	}

	function renderRooms() {
		const list = $('room-list');
		list.replaceChildren();
		for (const room of sortedRooms()) {
			const item = el('li', 'room');
			item.dataset.roomId = String(room.room_id);
			if (room.room_id === current) item.classList.add('selected');
			const count = unread.get(room.room_id) || 0;
			if (count > 0) item.classList.add('unread');
			item.append(roomIcon(room, el('span')), el('span', 'room-name', room.name));
			const badges = el('span', 'room-badges');
			if (mentions.get(room.room_id)) badges.append(el('span', 'badge-mention', 'TO'));
			if (count > 0) badges.append(el('span', 'badge-unread', String(count)));
			item.append(badges);
			item.addEventListener('click', () => { location.hash = `#!rid${room.room_id}`; });
			list.append(item);
		}
		$('rooms-count').textContent = String(state.rooms.length);
		const total = [...unread.values()].reduce((a, b) => a + b, 0);
		document.title = `${total > 0 ? `(${total}) ` : ''}${roomById(current)?.name ?? ''} - Chatwork サンドボックス`;
	}

	// ---- timeline ---------------------------------------------------------------------
	function messageNode(message, fresh) {
		const node = el('div', 'msg');
		node.dataset.messageId = message.message_id;
		if (message.to_me) node.classList.add('to-me');
		if (fresh) node.classList.add('fresh');
		const account = accountOf(message.account.account_id);
		const main = el('div', 'msg-main');
		const head = el('div', 'msg-head');
		head.append(el('span', 'msg-name', message.account.name));
		if (account?.organization_name) head.append(el('span', 'msg-org', account.organization_name));
		const time = el('span', 'msg-time', `${timeOf(message.send_time)}${message.update_time ? '（編集済み）' : ''}`);
		time.title = `${dayOf(message.send_time)} ${timeOf(message.send_time)}`;
		head.append(time);
		const replyButton = el('button', 'msg-reply', '返信');
		replyButton.type = 'button';
		replyButton.addEventListener('click', () => startReply(message));
		head.append(replyButton);
		const body = el('div', 'msg-body');
		body.innerHTML = message.html; // rendered and escaped by the server
		main.append(head, body);
		node.append(avatar(message.account.account_id, message.account.name, false), main);
		return node;
	}

	function renderTimeline() {
		const timeline = $('timeline');
		timeline.replaceChildren();
		const messages = state.messages[current] || [];
		if (messages.length === 0) timeline.append(el('div', 'empty', 'まだメッセージはありません。API から投稿すると、ここにすぐ表示されます。'));
		let day = '';
		for (const message of messages) {
			const thisDay = dayOf(message.send_time);
			if (thisDay !== day) timeline.append(el('div', 'date-line', (day = thisDay)));
			timeline.append(messageNode(message, false));
		}
		timeline.scrollTop = timeline.scrollHeight;
	}

	function appendMessage(message) {
		const timeline = $('timeline');
		const nearBottom = timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < 120;
		timeline.querySelector('.empty')?.remove();
		const lastDay = [...timeline.querySelectorAll('.date-line')].pop()?.textContent;
		if (lastDay !== dayOf(message.send_time)) timeline.append(el('div', 'date-line', dayOf(message.send_time)));
		timeline.append(messageNode(message, true));
		if (nearBottom) timeline.scrollTop = timeline.scrollHeight;
	}

	function renderHeader() {
		const room = roomById(current);
		if (!room) return;
		roomIcon(room, $('room-icon'));
		$('room-name').textContent = room.name;
		$('room-members').textContent = `メンバー ${room.members.length}人`;
		$('room-description').textContent = room.description || '（概要はありません）';
		const members = $('member-list');
		members.replaceChildren();
		for (const member of room.members) {
			const name = accountOf(member.account_id)?.name ?? `ID ${member.account_id}`;
			const item = el('li');
			item.append(avatar(member.account_id, name, true), el('span', '', name));
			if (member.role !== 'member') item.append(el('span', 'role', member.role === 'admin' ? '管理者' : '閲覧のみ'));
			members.append(item);
		}
	}

	// ---- composer: type as any member (a colleague replying starts the demo's Chatwork Trigger) ----
	function renderAuthors() {
		const room = roomById(current);
		const author = $('composer-author');
		const chosen = Number(author.value);
		author.replaceChildren();
		for (const member of room?.members ?? []) {
			if (member.role === 'readonly') continue;
			const option = el('option', '', accountOf(member.account_id)?.name ?? `ID ${member.account_id}`);
			option.value = String(member.account_id);
			author.append(option);
		}
		const colleague = (room?.members ?? []).find((m) => m.account_id !== state.me.account_id && m.role !== 'readonly');
		author.value = String(room?.members.some((m) => m.account_id === chosen) ? chosen : colleague?.account_id ?? state.me.account_id);
	}

	function startReply(message) {
		const text = $('composer-text');
		text.value = `[rp aid=${message.account.account_id} to=${current}-${message.message_id}]${message.account.name}さん\n${text.value}`;
		text.focus();
	}

	async function post() {
		const text = $('composer-text');
		const error = $('composer-error');
		if (text.value.trim() === '') return;
		error.textContent = '';
		const response = await fetch('/sandbox/messages', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ room_id: current, account_id: Number($('composer-author').value), body: text.value }),
		});
		if (response.ok) text.value = '';
		else error.textContent = ((await response.json().catch(() => ({}))).errors || ['投稿できませんでした']).join(' ');
	}

	$('composer').addEventListener('submit', (event) => { event.preventDefault(); post().catch(() => { $('composer-error').textContent = '投稿できませんでした'; }); });
	$('composer-text').addEventListener('keydown', (event) => {
		if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); $('composer').requestSubmit(); }
	});

	function select(roomId) {
		const room = roomById(roomId) || sortedRooms().find((r) => r.type === 'group') || sortedRooms()[0];
		if (!room) return;
		current = room.room_id;
		unread.delete(current);
		mentions.delete(current);
		renderHeader();
		renderAuthors();
		renderTimeline();
		renderRooms();
	}

	const hashRoom = () => { const m = /^#!rid(\d+)$/.exec(location.hash); return m ? Number(m[1]) : null; };
	window.addEventListener('hashchange', () => state && select(hashRoom()));

	// ---- data -------------------------------------------------------------------------
	async function load() {
		const response = await fetch('/sandbox/state', { cache: 'no-store' });
		const first = state === null;
		state = await response.json();
		if (first) {
			for (const room of state.rooms) {
				if (room.unread_num > 0) unread.set(room.room_id, room.unread_num);
				if (room.mention_num > 0) mentions.set(room.room_id, true);
			}
		}
		$('me-name').textContent = state.me.name;
		$('me-avatar').replaceWith(Object.assign(avatar(state.me.account_id, state.me.name, true), { id: 'me-avatar' }));
		select(current ?? hashRoom());
	}

	function upsertRoom(room) {
		if (!room) return;
		const at = state.rooms.findIndex((r) => r.room_id === room.room_id);
		if (at === -1) state.rooms.push(room);
		else state.rooms[at] = room;
	}

	function onCreated(data) {
		if (!state) return;
		const list = (state.messages[data.room_id] ||= []);
		if (list.some((m) => m.message_id === data.message.message_id)) return;
		list.push(data.message);
		upsertRoom(data.room);
		if (data.room_id === current) {
			appendMessage(data.message);
		} else {
			unread.set(data.room_id, (unread.get(data.room_id) || 0) + 1);
			if (data.message.to_me) mentions.set(data.room_id, true);
		}
		renderRooms();
	}

	function onUpdated(data) {
		if (!state) return;
		const list = state.messages[data.room_id] || [];
		const at = list.findIndex((m) => m.message_id === data.message.message_id);
		if (at !== -1) list[at] = data.message;
		const node = document.querySelector(`.msg[data-message-id="${data.message.message_id}"]`);
		if (node) node.replaceWith(messageNode(data.message, true));
	}

	function onDeleted(data) {
		if (!state) return;
		state.messages[data.room_id] = (state.messages[data.room_id] || []).filter((m) => m.message_id !== data.message_id);
		upsertRoom(data.room);
		document.querySelector(`.msg[data-message-id="${data.message_id}"]`)?.remove();
		renderRooms();
	}

	function connect() {
		const live = $('live');
		const setLive = (s, text) => { live.dataset.state = s; $('live-text').textContent = text; };
		const events = new EventSource('/sandbox/events');
		// Every (re)connection reloads the whole state, so nothing sent while away is missed.
		events.addEventListener('open', () => { setLive('open', 'ライブ'); load().catch(() => setLive('closed', '読み込みに失敗しました')); });
		events.addEventListener('error', () => setLive(events.readyState === EventSource.CLOSED ? 'closed' : 'connecting', '再接続中…'));
		const on = (type, handler) => events.addEventListener(type, (e) => handler(JSON.parse(e.data)));
		on('message_created', onCreated);
		on('message_updated', onUpdated);
		on('message_deleted', onDeleted);
		on('room_changed', () => load());
		on('reset', () => { unread.clear(); mentions.clear(); load(); });
	}

	connect();
})();
