import { COLLEAGUE, ME, OTHER_ROOM, ROOM, UNKNOWN_ROOM, room, run, useServer } from '../../harness';

const server = useServer();

function roomOp(operation: string, parameters: Record<string, unknown> = {}) {
	return run(server(), { resource: 'room', operation, roomId: room(ROOM), ...parameters });
}

describe('Chatwork → Room → Create', () => {
	it('creates a group chat with admins, members, icon and link, and outputs its room ID', async () => {
		const result = await run(server(), {
			resource: 'room',
			operation: 'create',
			name: '【案件】株式会社サンプル',
			adminIds: [ME],
			memberIds: () => `${COLLEAGUE}`,
			additionalFields: { description: '大型案件', iconPreset: 'business', link: true, linkCode: 'sample-deal', linkNeedAcceptance: false },
		});

		expect(result.error).toEqual([]);
		const roomId = result.success[0].json.roomId as number;
		expect(result.success[0].json).toMatchObject({ status: 'success', code: 200, body: { room_id: roomId } });
		expect(server().requests.at(-1)!.form).toEqual({
			name: '【案件】株式会社サンプル',
			members_admin_ids: String(ME),
			members_member_ids: String(COLLEAGUE),
			description: '大型案件',
			icon_preset: 'business',
			link: '1',
			link_code: 'sample-deal',
			link_need_acceptance: '0',
		});
		expect(server().rooms().find((info) => info.room_id === roomId)).toMatchObject({ name: '【案件】株式会社サンプル', icon_preset: 'business' });
	});

	it('routes a name over 255 characters to the Error output with Chatwork\'s 400', async () => {
		const result = await run(server(), { resource: 'room', operation: 'create', name: 'あ'.repeat(256), adminIds: [ME] });

		expect(result.error[0].json).toMatchObject({ code: 400 });
		expect(result.error[0].json.error.errors.join(' ')).toContain('name');
	});

	// From an expression: n8n itself refuses to start a workflow with the required Admins left empty.
	it('does not send without an admin', async () => {
		const result = await run(server(), { resource: 'room', operation: 'create', name: 'x', adminIds: '={{ [] }}' });

		expect(result.error[0].json).toMatchObject({ error: { delivery: 'not_sent' } });
		expect(result.calls).toEqual([]);
	});
});

describe('Chatwork → Room → Get, Get Many, Update, Leave or Delete', () => {
	it('gets a room', async () => {
		const result = await roomOp('get');

		expect(result.success[0].json).toMatchObject({ code: 200, roomId: ROOM, body: { room_id: ROOM, name: '営業チーム', role: 'admin' } });
	});

	it('routes an unknown room to the Error output with 404', async () => {
		const result = await roomOp('get', { roomId: room(UNKNOWN_ROOM) });

		expect(result.error[0].json).toMatchObject({ code: 404, roomId: UNKNOWN_ROOM });
	});

	it('lists the rooms one item per room', async () => {
		const result = await run(server(), { resource: 'room', operation: 'getMany' });

		const ids = result.success.map((item) => item.json.roomId);
		expect(ids).toEqual(expect.arrayContaining([ROOM, OTHER_ROOM]));
		expect(result.success.every((item) => item.json.body.room_id === item.json.roomId)).toBe(true);
	});

	it('updates the name and icon', async () => {
		const result = await roomOp('update', { updateFields: { name: '営業チーム(新)', iconPreset: 'star' } });

		expect(result.success[0].json).toMatchObject({ code: 200, body: { room_id: ROOM } });
		expect(server().rooms().find((info) => info.room_id === ROOM)).toMatchObject({ name: '営業チーム(新)', icon_preset: 'star' });
	});

	it('routes an update by a non-admin to the Error output with 403', async () => {
		const result = await roomOp('update', { roomId: room(OTHER_ROOM), updateFields: { name: 'x' } });

		expect(result.error[0].json).toMatchObject({ code: 403 });
	});

	it('routes an icon outside the enum to the Error output with 400', async () => {
		const result = await roomOp('update', { updateFields: { iconPreset: 'rocket' } });

		expect(result.error[0].json).toMatchObject({ code: 400 });
		expect(result.error[0].json.error.errors.join(' ')).toContain('icon_preset');
	});

	it('leaves a room (204 → success with no body)', async () => {
		const result = await roomOp('leaveOrDelete', { roomId: room(OTHER_ROOM), actionType: 'leave' });

		expect(result.success[0].json).toMatchObject({ status: 'success', code: 204, body: null, roomId: OTHER_ROOM });
		expect(server().requests.at(-1)!.form).toEqual({ action_type: 'leave' });
		expect(server().rooms().find((info) => info.room_id === OTHER_ROOM)?.members.map((m) => m.account_id)).not.toContain(ME);
	});

	it('deletes a room as admin, and a non-admin delete goes to the Error output with 403', async () => {
		const denied = await roomOp('leaveOrDelete', { roomId: room(OTHER_ROOM), actionType: 'delete' });
		expect(denied.error[0].json).toMatchObject({ code: 403 });

		const deleted = await roomOp('leaveOrDelete', { actionType: 'delete' });
		expect(deleted.success[0].json).toMatchObject({ code: 204 });
		expect(server().rooms().some((info) => info.room_id === ROOM)).toBe(false);
	});
});

describe('Chatwork → Room → Members', () => {
	it('lists members one item per member, with the account ID', async () => {
		const result = await roomOp('getMembers');

		expect(result.success.map((item) => [item.json.accountId, item.json.body.role])).toEqual([
			[ME, 'admin'],
			[COLLEAGUE, 'member'],
			[103, 'readonly'],
		]);
	});

	it('replaces the members and outputs the lists by role', async () => {
		const result = await roomOp('updateMembers', { adminIds: [ME, COLLEAGUE], memberIds: [], readonlyIds: '103' });

		expect(result.success[0].json).toMatchObject({ code: 200, body: { admin: [ME, COLLEAGUE], readonly: [103] } });
	});

	it('routes an unknown account to the Error output with 400', async () => {
		const result = await roomOp('updateMembers', { adminIds: [ME], memberIds: [999999] });

		expect(result.error[0].json).toMatchObject({ code: 400 });
	});
});

describe('Chatwork → Room → Invitation link', () => {
	it('creates, gets, updates and deletes the link', async () => {
		const created = await roomOp('createLink', { linkFields: { code: 'eigyo-team', needAcceptance: false, description: 'ようこそ' } });
		expect(created.success[0].json).toMatchObject({
			code: 200,
			body: { public: true, url: 'https://www.chatwork.com/g/eigyo-team', need_acceptance: false, description: 'ようこそ' },
		});

		const got = await roomOp('getLink');
		expect(got.success[0].json.body).toMatchObject({ public: true, url: 'https://www.chatwork.com/g/eigyo-team' });

		const updated = await roomOp('updateLink', { linkFields: { needAcceptance: true } });
		expect(updated.success[0].json.body).toMatchObject({ need_acceptance: true });
		expect(server().requests.at(-1)!.form).toEqual({ need_acceptance: '1' });

		const deleted = await roomOp('deleteLink');
		expect(deleted.success[0].json).toMatchObject({ code: 200, body: { public: false } });
	});

	it('routes an invalid link code to the Error output with 400', async () => {
		const result = await roomOp('createLink', { linkFields: { code: 'ひらがな' } });

		expect(result.error[0].json).toMatchObject({ code: 400 });
		expect(result.error[0].json.error.errors.join(' ')).toContain('code');
	});

	it('routes deleting a link that does not exist to the Error output', async () => {
		const result = await roomOp('deleteLink');

		expect(result.error[0].json).toMatchObject({ code: 400 });
	});

	it('does not send an Update Link without fields', async () => {
		const result = await roomOp('updateLink', { linkFields: {} });

		expect(result.error[0].json).toMatchObject({ error: { delivery: 'not_sent' } });
	});
});
