import type { IDataObject } from 'n8n-workflow';

import { expectEachItemOnExactlyOneOutput } from '../../../support/assertions';
import { COLLEAGUE, ME, OUTSIDER, ROOM, UNKNOWN_ROOM, room, run, useServer } from '../../harness';

const server = useServer();

function task(operation: string, parameters: Record<string, unknown> = {}, items?: IDataObject[]) {
	return run(server(), { resource: 'task', operation, roomId: room(ROOM), ...parameters }, { items });
}

const lead = { company: '株式会社サンプル', name: '山田 太郎' };

describe('Chatwork → Task → Create', () => {
	it('assigns the rendered task to the picked members and outputs the task IDs', async () => {
		const result = await task('create', { assigneeIds: [COLLEAGUE, ME], text: '{{company}} {{name}}様へ折り返し' }, [lead]);

		expect(result.error).toEqual([]);
		expect(result.success[0].json).toMatchObject({
			status: 'success',
			code: 200,
			roomId: ROOM,
			message: '株式会社サンプル 山田 太郎様へ折り返し',
			request: { method: 'POST', path: `/rooms/${ROOM}/tasks` },
		});
		const taskIds = result.success[0].json.taskIds as number[];
		expect(taskIds).toHaveLength(2);
		expect(server().requests.at(-1)!.form).toEqual({
			body: '株式会社サンプル 山田 太郎様へ折り返し',
			to_ids: `${COLLEAGUE},${ME}`,
			limit_type: 'none',
		});
		expect(server().tasks(ROOM).map((stored) => stored.account_id)).toEqual([COLLEAGUE, ME]);
	});

	it('takes assignees from an expression and a due date in the workflow time zone', async () => {
		const result = await task('create', {
			assigneeIds: () => `${COLLEAGUE}, ${COLLEAGUE}`,
			text: '見積書を送る',
			limitType: 'time',
			dueDate: '2026-12-01T10:30:00',
		});

		expect(result.success).toHaveLength(1);
		const form = server().requests.at(-1)!.form;
		expect(form).toMatchObject({ to_ids: String(COLLEAGUE), limit_type: 'time' });
		expect(Number(form.limit)).toBe(Date.parse('2026-12-01T10:30:00+09:00') / 1000);
		expect(server().tasks(ROOM)[0]).toMatchObject({ limit_type: 'time', limit_time: Number(form.limit) });
	});

	it('accepts a due date with an offset as it is', async () => {
		await task('create', { assigneeIds: [ME], text: 'x', limitType: 'date', dueDate: '2026-12-01T00:00:00.000Z' });

		expect(server().requests.at(-1)!.form).toMatchObject({ limit_type: 'date', limit: String(Date.parse('2026-12-01T00:00:00Z') / 1000) });
	});

	it('routes an assignee who is not in the room to the Error output with 400', async () => {
		const result = await task('create', { assigneeIds: [OUTSIDER], text: '対応' });

		expect(result.error[0].json).toMatchObject({ status: 'error', code: 400 });
		expect(result.error[0].json.error.errors[0]).toContain('to_ids');
		expect(server().tasks()).toEqual([]);
	});

	it('does not send without an assignee, with an invalid one, or with an empty task', async () => {
		const result = await task(
			'create',
			{
				assigneeIds: (index: number) => [[], 'abc', [ME]][index],
				text: '{{task}}',
			},
			[{ task: 'x' }, { task: 'x' }, {}],
		);

		expect(result.success).toEqual([]);
		expect(result.error.map((item) => item.json.error.delivery)).toEqual(['not_sent', 'not_sent', 'not_sent']);
		expect(result.calls).toEqual([]);
	});

	it('paces task posts within the per-room limit they share with messages', async () => {
		const items = Array.from({ length: 14 }, (_, index) => ({ index }));

		const result = await task('create', { assigneeIds: [ME], text: 'リード {{index}}' }, items);

		expect(result.success).toHaveLength(14);
		expect(server().stats().tooMany.room).toBe(0);
		expect(server().maxPostsInWindow(ROOM)).toBeLessThanOrEqual(10);
		expectEachItemOnExactlyOneOutput(result, 14);
	});
});

describe('Chatwork → Task → Get, Get Many, Update Status', () => {
	async function createTask(assignees: number[] = [COLLEAGUE]): Promise<number> {
		const result = await task('create', { assigneeIds: assignees, text: '電話する' });
		return (result.success[0].json.taskIds as number[])[0];
	}

	it('gets one task', async () => {
		const taskId = await createTask();

		const result = await task('get', { taskId: String(taskId) });

		expect(result.success[0].json).toMatchObject({
			code: 200,
			taskId,
			body: { task_id: taskId, body: '電話する', status: 'open', account: { account_id: COLLEAGUE } },
		});
	});

	it('routes an unknown task to the Error output with 404', async () => {
		const result = await task('get', { taskId: '999999' });

		expect(result.error[0].json).toMatchObject({ code: 404, taskId: 999999 });
	});

	it('lists tasks one item per task, filtered by assignee and status', async () => {
		await createTask([COLLEAGUE, ME]);

		const all = await task('getMany');
		const mine = await task('getMany', { filters: { assigneeId: String(ME) } });

		expect(all.success).toHaveLength(2);
		expect(all.success.map((item) => item.json.taskId)).toEqual(all.success.map((item) => item.json.body.task_id));
		expect(mine.success.map((item) => item.json.body.account.account_id)).toEqual([ME]);
		expect(server().requests.at(-1)!.query).toEqual({ status: 'open', account_id: String(ME) });
	});

	it('treats the 204 of no tasks as zero items', async () => {
		const result = await task('getMany', { filters: { status: 'done' } });

		expect(result).toMatchObject({ success: [], error: [] });
		expect(server().requests.at(-1)!.status).toBe(204);
	});

	it('routes a task list of an unknown room to the Error output', async () => {
		const result = await run(server(), { resource: 'task', operation: 'getMany', roomId: room(UNKNOWN_ROOM) });

		expect(result.error[0].json).toMatchObject({ code: 404 });
	});

	it('marks a task done and open again', async () => {
		const taskId = await createTask();

		const done = await task('updateStatus', { taskId: String(taskId), status: 'done' });
		expect(done.success[0].json).toMatchObject({ code: 200, taskId, body: { task_id: taskId } });
		expect(server().tasks(ROOM)[0].status).toBe('done');

		await task('updateStatus', { taskId: String(taskId), status: 'open' });
		expect(server().tasks(ROOM)[0].status).toBe('open');
	});

	it('routes a status outside open/done to the Error output with Chatwork\'s 400', async () => {
		const taskId = await createTask();

		const result = await task('updateStatus', { taskId: String(taskId), status: 'closed' });

		expect(result.error[0].json).toMatchObject({ code: 400 });
		expect(result.error[0].json.error.errors.join(' ')).toContain('body');
	});
});
