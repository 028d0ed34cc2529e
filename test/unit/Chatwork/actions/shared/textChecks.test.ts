import fc from 'fast-check';

import { COLLEAGUE, ROOM, room, run, useServer } from '../../harness';

const server = useServer();

/** The operations that post a Chatwork text from a template, with what their refusals call the text. */
const TEXT_OPERATIONS = [
	{ resource: 'message', operation: 'send', noun: 'message', parameters: {} },
	{ resource: 'message', operation: 'update', noun: 'message', parameters: { messageId: '1900000000000000001' } },
	{ resource: 'task', operation: 'create', noun: 'task', parameters: { assigneeIds: [COLLEAGUE] } },
];

const blank = fc.array(fc.constantFrom(' ', '\n', '\t', '\u3000', '\r\n'), { maxLength: 6 }).map((parts) => parts.join(''));

describe('Chatwork text checks: Send, Update and Task → Create refuse a text Chatwork would refuse, in one wording', () => {
	it('refuses a template that renders blank, naming the text, and sends nothing', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...TEXT_OPERATIONS), blank, async ({ resource, operation, noun, parameters }, padding) => {
				server().reset();
				const result = await run(server(), { resource, operation, roomId: room(ROOM), ...parameters, text: `${padding}{{missing}}${padding}` }, { items: [{}] });

				expect(result.success).toEqual([]);
				expect(result.error[0].json).toMatchObject({
					status: 'error',
					roomId: ROOM,
					emptyVariables: ['missing'],
					error: { delivery: 'not_sent', message: `The ${noun} is empty after filling in the template; Chatwork needs at least one character.` },
				});
				expect(result.calls).toEqual([]);
			}),
			{ numRuns: 30 },
		);
	});

	it('refuses more than 65,535 characters with the count, and names Split Long Messages only where it exists', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...TEXT_OPERATIONS), fc.integer({ min: 65_536, max: 70_000 }), async ({ resource, operation, noun, parameters }, length) => {
				server().reset();
				const result = await run(server(), { resource, operation, roomId: room(ROOM), ...parameters, text: '{{long}}' }, { items: [{ long: 'あ'.repeat(length) }] });

				const remedy = operation === 'send' ? ' or turn on Split Long Messages' : '';
				expect(result.error[0].json).toMatchObject({
					error: {
						delivery: 'not_sent',
						message: `The ${noun} has ${length.toLocaleString('en-US')} characters; Chatwork accepts at most 65,535. Shorten the template (e.g. {{truncate memo 1000}})${remedy}.`,
					},
				});
				expect((result.error[0].json.message as string).length).toBe(length);
				expect(result.calls).toEqual([]);
			}),
			{ numRuns: 12 },
		);
	});
});
