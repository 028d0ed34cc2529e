import {
	COLLEAGUE,
	ME,
	ROOM,
	room,
	run,
	useServer,
} from '../../harness';

const server = useServer();

describe('Chatwork → Me', () => {
	it('gets the account of the token', async () => {
		const result = await run(server(), { resource: 'me', operation: 'get' });

		expect(result.success[0].json).toMatchObject({ code: 200, accountId: ME, body: { account_id: ME, name: 'Lead Bot' } });
	});

	it('gets the unread and task counts', async () => {
		server().addMessage(ROOM, { body: '新着', account_id: COLLEAGUE });

		const result = await run(server(), { resource: 'me', operation: 'getStatus' });

		expect(result.success[0].json).toMatchObject({ code: 200, body: { unread_num: 1, mytask_num: 0 } });
	});

	it('lists my tasks one item per task, and none (204) as zero items', async () => {
		const none = await run(server(), { resource: 'me', operation: 'getTasks' });
		expect(none).toMatchObject({ success: [], error: [] });

		await run(server(), { resource: 'task', operation: 'create', roomId: room(ROOM), assigneeIds: [ME, COLLEAGUE], text: '自分の仕事' });
		const result = await run(server(), { resource: 'me', operation: 'getTasks', filters: { assignedById: String(ME) } });

		expect(result.success).toHaveLength(1);
		expect(result.success[0].json).toMatchObject({ roomId: ROOM, body: { body: '自分の仕事', room: { room_id: ROOM } } });
		expect(result.success[0].json.taskId).toBe(result.success[0].json.body.task_id);
	});

	it('routes a status filter outside open/done to the Error output with 400', async () => {
		const result = await run(server(), { resource: 'me', operation: 'getTasks', filters: { status: 'closed' } });

		expect(result.error[0].json).toMatchObject({ code: 400 });
	});
});
