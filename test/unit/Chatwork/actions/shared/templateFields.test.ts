import type { IDataObject } from 'n8n-workflow';

import { expectEachItemOnExactlyOneOutput } from '../../../support/assertions';
import { COLLEAGUE, ME, ROOM, binaryOf, room, run, useServer } from '../../harness';

const server = useServer(1);

const lead = { company: '株式会社サンプル [toall]', name: '山田 太郎', category: 'toall' };
const pdf = binaryOf(Buffer.from('%PDF-1.4\n'), '見積書.pdf', 'application/pdf');

describe('every text that reaches Chatwork from data goes through the template engine and its notation guard', () => {
	it('File → Upload renders its message as a template, data notation inert, template notation live', async () => {
		const result = await run(
			server(),
			{ resource: 'file', operation: 'upload', roomId: room(ROOM), binaryPropertyName: 'data', message: '[info]{{company}}の{{name}}様 [{{category}}][/info]' },
			{ items: [lead], binary: [{ data: pdf }] },
		);

		expect(result.error).toEqual([]);
		expect(server().requests.at(-1)!.form).toEqual({ message: '[info]株式会社サンプル ［toall］の山田 太郎様 ［toall］[/info]' });
	});

	it('File → Upload takes the template options of Send (Strict Variables sends the item to Error, naming the variable)', async () => {
		const result = await run(
			server(),
			{ resource: 'file', operation: 'upload', roomId: room(ROOM), binaryPropertyName: 'data', message: '{{memo}}', options: { strict: true } },
			{ items: [lead], binary: [{ data: pdf }] },
		);

		expect(result.success).toEqual([]);
		expect(result.error[0].json.error).toMatchObject({ delivery: 'not_sent', message: expect.stringContaining('"memo"') });
		expect(server().files(ROOM)).toEqual([]);
	});

	it('Task → Create makes a tag the data completes inert', async () => {
		const result = await run(
			server(),
			{ resource: 'task', operation: 'create', roomId: room(ROOM), assigneeIds: [COLLEAGUE], text: '[{{category}}] {{company}}へ折り返し' },
			{ items: [lead] },
		);

		expect(result.error).toEqual([]);
		expect(server().requests.at(-1)!.form!.body).toBe('［toall］ 株式会社サンプル ［toall］へ折り返し');
	});

	it('Room → Create renders the name and the description as templates', async () => {
		const result = await run(
			server(),
			{
				resource: 'room',
				operation: 'create',
				name: '【案件】{{company}}',
				adminIds: [ME],
				additionalFields: { description: '[info]{{name}}様の案件 [To:{{id}}][/info]' },
			},
			{ items: [{ ...lead, id: '101' }] },
		);

		expect(result.error).toEqual([]);
		expect(server().requests.at(-1)!.form).toMatchObject({
			name: '【案件】株式会社サンプル ［toall］',
			description: '[info]山田 太郎様の案件 ［To:101］[/info]',
		});
	});

	it('Room → Update renders the new name and description as templates', async () => {
		const result = await run(
			server(),
			{ resource: 'room', operation: 'update', roomId: room(ROOM), updateFields: { name: '{{company}}', description: '{{name}} [{{category}}]' } },
			{ items: [lead] },
		);

		expect(result.error).toEqual([]);
		expect(server().requests.at(-1)!.form).toEqual({ name: '株式会社サンプル ［toall］', description: '山田 太郎 ［toall］' });
	});
});

describe('N items in, N items out, whatever the data', () => {
	it('delivers every item of `{{n}} {{date when}}` when one date is beyond what JavaScript can represent', async () => {
		const items: IDataObject[] = [
			{ n: 1, when: '2026-11-28T00:00:00Z' },
			{ n: 2, when: '99999999999999999' },
			{ n: 3, when: '0000-01-01' },
		];

		const result = await run(server(), { resource: 'message', operation: 'send', roomId: room(ROOM), text: '{{n}} {{date when "YYYY-MM-DD"}}' }, { items });

		expectEachItemOnExactlyOneOutput(result, 3);
		expect(server().messages(ROOM).map((message) => message.body)).toEqual(['1 2026-11-28', '2 99999999999999999', '3 0000-01-01']);
	});

	it('sends an item whose parameter expression fails to Error and delivers the others', async () => {
		// n8n evaluates the `{{ $… }}` part of an Expression-mode Message per item. n8n reads a
		// TypeError as empty, so item 2 (no `who`) fails on a node that is not in the workflow.
		const text = "=リード {{n}}{{ $json.who?.name.trim() ?? $('Contacts').item.json.name }}";
		const items = [{ n: 1, who: { name: '' } }, { n: 2 }, { n: 3, who: { name: '' } }];

		const result = await run(server(), { resource: 'message', operation: 'send', roomId: room(ROOM), text }, { items });

		expectEachItemOnExactlyOneOutput(result, 3);
		expect(result.error[0].pairedItem).toEqual({ item: 1 });
		expect(result.error[0].json.error).toMatchObject({ delivery: 'not_sent', message: expect.stringContaining("Referenced node doesn't exist") });
		expect(server().messages(ROOM).map((message) => message.body)).toEqual(['リード 1', 'リード 3']);
	});

	it('still stops the node on a template syntax error: it is the workflow\'s fault, not the item\'s', async () => {
		await expect(
			run(server(), { resource: 'message', operation: 'send', roomId: room(ROOM), text: '{{#if company}}' }, { items: [lead] }),
		).rejects.toThrow(/line 1, column 1/);
	});
});
