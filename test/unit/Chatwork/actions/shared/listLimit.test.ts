import fc from 'fast-check';
import type { INodeProperties } from 'n8n-workflow';

import { Chatwork } from '../../../../../nodes/Chatwork/Chatwork.node';
import { COLLEAGUE, ME, ROOM, room, run, useServer } from '../../harness';

const server = useServer();

const GET_MANY: Array<{ resource: string; parameters: Record<string, unknown> }> = [
	{ resource: 'message', parameters: { roomId: room(ROOM) } },
	{ resource: 'room', parameters: {} },
	{ resource: 'task', parameters: { roomId: room(ROOM) } },
	{ resource: 'file', parameters: { roomId: room(ROOM) } },
	{ resource: 'contact', parameters: {} },
	{ resource: 'incomingRequest', parameters: {} },
];

function shownFor(property: INodeProperties, resource: string): boolean {
	const show = property.displayOptions?.show;
	return Boolean(show?.resource?.includes(resource) && show.operation?.includes('getMany'));
}

/** Two or more entries for each list that the sandbox can fill. */
async function fill(resource: string): Promise<void> {
	if (resource === 'message') for (const body of ['一件目', '二件目', '三件目']) server().addMessage(ROOM, { body });
	if (resource === 'room') server().addRoom({ name: '採用チーム' });
	if (resource === 'task') await run(server(), { resource: 'task', operation: 'create', roomId: room(ROOM), assigneeIds: [COLLEAGUE, ME], text: '電話する' });
}

describe('Chatwork → every Get Many → Return All / Limit', () => {
	it.each(GET_MANY.map(({ resource }) => resource))('%s: Return All (on by default) and Limit (shown when it is off, default 50)', (resource) => {
		const properties = new Chatwork().description.properties.filter((property) => shownFor(property, resource));
		const returnAll = properties.find((property) => property.name === 'returnAll');
		const limit = properties.find((property) => property.name === 'limit');

		expect(returnAll).toMatchObject({ type: 'boolean', default: true });
		expect(limit).toMatchObject({ type: 'number', default: 50, typeOptions: { minValue: 1 } });
		expect(limit?.displayOptions?.show?.returnAll).toEqual([false]);
	});

	it.each(['message', 'room', 'task', 'contact'])(
		'%s: without Return All in the saved parameters, every entry comes out as before; with Limit 1, only the first',
		async (resource) => {
			await fill(resource);
			const { parameters } = GET_MANY.find((entry) => entry.resource === resource)!;

			const saved = await run(server(), { resource, operation: 'getMany', ...parameters });
			const limited = await run(server(), { resource, operation: 'getMany', ...parameters, returnAll: false, limit: 1 });

			expect(saved.success.length).toBeGreaterThanOrEqual(2);
			expect(limited.success.map((item) => item.json.body)).toEqual([saved.success[0].json.body]);
			expect(limited.error).toEqual([]);
		},
	);

	it('applies the limit to each input item on its own, keeping Chatwork\'s order and the pairing', async () => {
		for (const body of ['a', 'b', 'c']) server().addMessage(ROOM, { body });

		const result = await run(
			server(),
			{ resource: 'message', operation: 'getMany', roomId: room(ROOM), returnAll: false, limit: 2 },
			{ items: [{}, {}] },
		);

		expect(result.success.map((item) => [item.pairedItem, item.json.body.body])).toEqual([
			[{ item: 0 }, 'a'],
			[{ item: 0 }, 'b'],
			[{ item: 1 }, 'a'],
			[{ item: 1 }, 'b'],
		]);
	});

	it('outputs the first min(entries, limit) messages for any number of messages and any limit', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 0, max: 12 }), fc.option(fc.integer({ min: 1, max: 15 })), async (count, limit) => {
				server().reset();
				const bodies = Array.from({ length: count }, (_, index) => `メッセージ${index}`);
				for (const body of bodies) server().addMessage(ROOM, { body });
				const parameters = limit === null ? {} : { returnAll: false, limit };

				const result = await run(server(), { resource: 'message', operation: 'getMany', roomId: room(ROOM), ...parameters });

				expect(result.success.map((item) => item.json.body.body)).toEqual(bodies.slice(0, limit ?? undefined));
			}),
			{ numRuns: 40 },
		);
	});
});
