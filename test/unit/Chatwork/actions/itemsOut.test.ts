import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { expectEachItemOnExactlyOneOutput } from '../../support/assertions';
import { ALL_HELPERS_TEMPLATE, anyItem } from '../../support/generators';
import { COLLEAGUE, ME, ROOM, binaryOf, room, run, useServer } from '../harness';
import { runsOf } from '../../support/propertyRuns';

const server = useServer();

/** Every operation that writes a text from the data, each with every helper in that text. */
const OPERATIONS: Record<string, IDataObject> = {
	'Message → Send': { resource: 'message', operation: 'send', roomId: room(ROOM), text: ALL_HELPERS_TEMPLATE },
	'Message → Update': { resource: 'message', operation: 'update', roomId: room(ROOM), messageId: '1', text: ALL_HELPERS_TEMPLATE },
	'Task → Create': { resource: 'task', operation: 'create', roomId: room(ROOM), assigneeIds: [COLLEAGUE], text: ALL_HELPERS_TEMPLATE },
	'File → Upload': { resource: 'file', operation: 'upload', roomId: room(ROOM), binaryPropertyName: 'data', message: ALL_HELPERS_TEMPLATE },
	'Room → Create': { resource: 'room', operation: 'create', name: '{{truncate memo 20}}{{date when}}', adminIds: [ME], additionalFields: { description: ALL_HELPERS_TEMPLATE } },
	'Room → Update': { resource: 'room', operation: 'update', roomId: room(ROOM), updateFields: { name: '{{default name "x"}}', description: ALL_HELPERS_TEMPLATE } },
};

const file = binaryOf(Buffer.from('%PDF-1.4\n'), 'a.pdf', 'application/pdf');

describe('N items in, N items out, on generated data through the node', () => {
	it.each(Object.keys(OPERATIONS))('%s puts every item on exactly one output, whatever its values', async (name) => {
		let items = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(anyItem, { minLength: 1, maxLength: 4 }), fc.boolean(), async (data, strict) => {
				const parameters = { ...OPERATIONS[name], options: { strict } };
				const result = await run(server(), parameters, { items: data, binary: data.map(() => ({ data: file })) });
				expectEachItemOnExactlyOneOutput(result, data.length);
				items += data.length;
			}),
			{ numRuns: 40 },
		);
		expect(items).toBeGreaterThanOrEqual(runsOf(40));
	}, 120_000);
});
