import { ROOM, TOKEN, call, post, serve, server, useSandboxServer } from '../sandboxServer';

useSandboxServer();

describe('the rest of the API', () => {
	it('creates, lists and completes tasks', async () => {
		const created = await call('POST', `/rooms/${ROOM}/tasks`, { form: { body: '折り返し電話', to_ids: '101,102', limit: '1900000000', limit_type: 'date' } });
		expect(created.json).toEqual({ task_ids: [1, 2] });
		const mine = await call('GET', '/my/tasks');
		expect(mine.json).toEqual([expect.objectContaining({ task_id: 1, body: '折り返し電話', limit_time: 1900000000, limit_type: 'date', room: expect.objectContaining({ room_id: ROOM }) })]);
		expect((await call('PUT', `/rooms/${ROOM}/tasks/1/status`, { form: { body: 'done' } })).json).toEqual({ task_id: 1 });
		expect((await call('GET', `/rooms/${ROOM}/tasks`, { query: { status: 'done' } })).json).toHaveLength(1);
		expect((await call('GET', `/rooms/${ROOM}/tasks/2`)).json.account.account_id).toBe(102);
		expect((await call('POST', `/rooms/${ROOM}/tasks`, { form: { body: 'x', to_ids: '101', limit_type: 'week' } })).json).toEqual({
			errors: ["Parameter 'limit_type' must be one of: none, date, time"],
		});
	});

	it('uploads a file as multipart and serves it through a 30 s download URL', async () => {
		const form = new FormData();
		const content = Buffer.from('見積書 PDF');
		form.append('file', new Blob([content], { type: 'application/pdf' }), 'mitsumori.pdf');
		form.append('message', '資料です');
		const uploaded = await call('POST', `/rooms/${ROOM}/files`, { body: form });
		expect(uploaded.json).toEqual({ file_id: 1 });
		expect(server.requests[0].files).toEqual([{ field: 'file', filename: 'mitsumori.pdf', contentType: 'application/pdf', size: content.length }]);
		const info = await call('GET', `/rooms/${ROOM}/files/1`, { query: { create_download_url: '1' } });
		expect(info.json).toMatchObject({ file_id: 1, filename: 'mitsumori.pdf', filesize: content.length });
		const download = await fetch(info.json.download_url);
		expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
		server.clock.advance(30_000);
		expect((await fetch(info.json.download_url)).status).toBe(403);
		expect(server.messages(ROOM)[0].body).toContain('資料です');
	});

	it('creates, updates and deletes a group chat, and replaces its members', async () => {
		const created = await call('POST', '/rooms', { form: { name: '新規案件', members_admin_ids: '101', members_member_ids: '103', icon_preset: 'meeting' } });
		const roomId = created.json.room_id;
		expect(Number.isInteger(roomId)).toBe(true);
		expect((await call('PUT', `/rooms/${roomId}`, { form: { name: '受注案件' } })).json).toEqual({ room_id: roomId });
		expect((await call('PUT', `/rooms/${roomId}/members`, { form: { members_admin_ids: '101', members_readonly_ids: '102,103' } })).json).toEqual({
			admin: [101],
			member: [],
			readonly: [102, 103],
		});
		expect((await call('POST', '/rooms', { form: { name: 'x', members_admin_ids: '101', icon_preset: 'cat' } })).status).toBe(400);
		expect((await call('DELETE', `/rooms/${roomId}`, { form: { action_type: 'archive' } })).status).toBe(400);
		const deleted = await call('DELETE', `/rooms/${roomId}`, { form: { action_type: 'delete' } });
		expect(deleted.status).toBe(204);
		expect(deleted.text).toBe('');
		expect((await call('GET', `/rooms/${roomId}`)).status).toBe(404);
	});

	it('marks messages read and unread, answering 400 when already read', async () => {
		server.addMessage(ROOM, { body: 'from 山田', account_id: 103 });
		const second = server.addMessage(ROOM, { body: '[To:101] 確認お願いします', account_id: 103 });
		expect((await call('PUT', `/rooms/${ROOM}/messages/read`)).json).toEqual({ unread_num: 0, mention_num: 0 });
		expect((await call('PUT', `/rooms/${ROOM}/messages/read`)).status).toBe(400);
		expect((await call('PUT', `/rooms/${ROOM}/messages/unread`, { form: { message_id: second.message_id } })).json).toEqual({ unread_num: 1, mention_num: 1 });
	});

	it('edits and deletes own messages', async () => {
		const { json } = await post('before');
		expect((await call('PUT', `/rooms/${ROOM}/messages/${json.message_id}`, { form: { body: 'after' } })).json).toEqual({ message_id: json.message_id });
		expect(server.messages(ROOM)[0].body).toBe('after');
		expect((await call('DELETE', `/rooms/${ROOM}/messages/${json.message_id}`)).json).toEqual({ message_id: json.message_id });
		expect(server.messages(ROOM)).toEqual([]);
	});

	it('manages the invitation link', async () => {
		expect((await call('GET', `/rooms/${ROOM}/link`)).json).toEqual({ public: false });
		const created = await call('POST', `/rooms/${ROOM}/link`, { form: { code: 'sales-team', need_acceptance: '0' } });
		expect(created.json).toEqual({ public: true, url: 'https://www.chatwork.com/g/sales-team', need_acceptance: false, description: '' });
		expect((await call('POST', `/rooms/${ROOM}/link`, { form: { code: 'again' } })).status).toBe(400);
		expect((await call('PUT', `/rooms/${ROOM}/link`, { form: { code: 'bad code!' } })).status).toBe(400);
		expect((await call('DELETE', `/rooms/${ROOM}/link`)).json).toEqual({ public: false });
	});

	it('lists contacts and accepts or rejects contact requests', async () => {
		await serve({
			accounts: [
				{ token: TOKEN, account_id: 101, name: 'Lead Bot', contacts: [] },
				{ account_id: 201, name: '鈴木 一郎' },
				{ account_id: 202, name: '高橋 花子' },
			],
			incomingRequests: [
				{ request_id: 1, account_id: 201, message: 'よろしくお願いします' },
				{ request_id: 2, account_id: 202 },
			],
		});
		expect((await call('GET', '/contacts')).status).toBe(204);
		expect((await call('GET', '/incoming_requests')).json.map((r: { request_id: number }) => r.request_id)).toEqual([1, 2]);
		const accepted = await call('PUT', '/incoming_requests/1');
		expect(accepted.json).toMatchObject({ account_id: 201, name: '鈴木 一郎', room_id: expect.any(Number) });
		expect((await call('DELETE', '/incoming_requests/2')).status).toBe(204);
		expect((await call('GET', '/contacts')).json.map((c: { account_id: number }) => c.account_id)).toEqual([201]);
		expect((await call('GET', '/incoming_requests')).status).toBe(204);
		await serve();
	});

	it('answers every endpoint of the RAML', () => {
		expect(server.routes()).toEqual(
			expect.arrayContaining([
				'GET /me',
				'GET /my/status',
				'GET /my/tasks',
				'GET /contacts',
				'GET /rooms',
				'POST /rooms',
				'GET /rooms/{room_id}',
				'PUT /rooms/{room_id}',
				'DELETE /rooms/{room_id}',
				'GET /rooms/{room_id}/members',
				'PUT /rooms/{room_id}/members',
				'GET /rooms/{room_id}/messages',
				'POST /rooms/{room_id}/messages',
				'PUT /rooms/{room_id}/messages/read',
				'PUT /rooms/{room_id}/messages/unread',
				'GET /rooms/{room_id}/messages/{message_id}',
				'PUT /rooms/{room_id}/messages/{message_id}',
				'DELETE /rooms/{room_id}/messages/{message_id}',
				'GET /rooms/{room_id}/tasks',
				'POST /rooms/{room_id}/tasks',
				'GET /rooms/{room_id}/tasks/{task_id}',
				'PUT /rooms/{room_id}/tasks/{task_id}/status',
				'GET /rooms/{room_id}/files',
				'POST /rooms/{room_id}/files',
				'GET /rooms/{room_id}/files/{file_id}',
				'GET /rooms/{room_id}/link',
				'POST /rooms/{room_id}/link',
				'PUT /rooms/{room_id}/link',
				'DELETE /rooms/{room_id}/link',
				'GET /incoming_requests',
				'PUT /incoming_requests/{request_id}',
				'DELETE /incoming_requests/{request_id}',
			]),
		);
		expect(server.routes()).toHaveLength(32);
	});
});
