import fc from 'fast-check';
import type { INodeProperties } from 'n8n-workflow';

import { Chatwork } from '../../../../../nodes/Chatwork/Chatwork.node';
import { ROOM, room, run, useServer } from '../../harness';

const server = useServer();

// Each generated case runs a whole workflow in n8n-core; 60 of them outlast Jest's 5 s default on a busy machine.
jest.setTimeout(60_000);

const properties = new Chatwork().description.properties;

/** Every resource/operation pair whose parameters include `name`, read from the node's real description. */
function operationsShowing(name: string): Array<[string, string]> {
	const pairs = properties
		.filter((property: INodeProperties) => property.name === name)
		.flatMap((property) => {
			const show = property.displayOptions?.show ?? {};
			return (show.resource ?? []).flatMap((resource) => (show.operation ?? []).map((operation) => `${resource}/${operation}`));
		});
	return [...new Set(pairs)].map((pair) => pair.split('/') as [string, string]);
}

/** Text that is not a positive whole number (with or without spaces) and holds no room address. */
const notAnId = fc.oneof(
	fc.string({ maxLength: 12 }).filter((text) => !/^\s*0*[1-9]\d*\s*$/.test(text) && !/#!rid\d/.test(text)),
	fc.constantFrom('0', '000', '-1', '1.5', '1e3', '１２３', '123abc', 'rid123', 'https://www.chatwork.com/#!rid', ' '),
);

const ROOM_OPERATIONS = operationsShowing('roomId');

const ID_PARAMETERS: Array<[name: string, what: string, rule: string]> = [
	['messageId', 'message', 'digits only'],
	['taskId', 'task', 'a number'],
	['fileId', 'file', 'a number'],
	['requestId', 'request', 'a number'],
];

/** A value an expression gives: n8n refuses to start a workflow whose typed-in value fails the field's own check. */
const fromExpression = (value: unknown) => () => value;

/**
 * The operation's other required fields, each an expression with no value: n8n starts the workflow
 * (it checks only typed-in values), and the node must refuse the room or ID before reading them.
 */
function otherRequired(resource: string, operation: string, except: string): Record<string, string> {
	const shown = properties.filter(
		(property) =>
			property.required === true &&
			property.name !== except &&
			(property.displayOptions?.show?.resource ?? [resource]).includes(resource) &&
			(property.displayOptions?.show?.operation ?? [operation]).includes(operation),
	);
	return Object.fromEntries(shown.map((property) => [property.name, '={{ null }}']));
}

describe('Chatwork planners: what an operation is about is read and checked before anything is sent', () => {
	it('finds the room-scoped and ID-scoped operations in the description', () => {
		expect(ROOM_OPERATIONS.length).toBeGreaterThanOrEqual(20);
		for (const [name] of ID_PARAMETERS) expect(operationsShowing(name).length).toBeGreaterThan(0);
	});

	it('refuses any room that is not a room ID, in every room-scoped operation, with one wording and no request', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...ROOM_OPERATIONS), notAnId, async ([resource, operation], value) => {
				server().reset();
				const result = await run(server(), { ...otherRequired(resource, operation, 'roomId'), resource, operation, roomId: fromExpression(room(value)) });

				expect(result.success).toEqual([]);
				expect(result.error).toHaveLength(1);
				expect(result.error[0].json).toMatchObject({
					status: 'error',
					roomId: null,
					error: { delivery: 'not_sent', message: `"${value}" is not a Chatwork room ID. Use the number in the room's address (…#!rid123456789).` },
				});
				expect(result.calls).toEqual([]);
			}),
			{ numRuns: 60 },
		);
	});

	it('refuses any ID that is not an ID, in every operation with an ID field, naming the room and the kind of ID', async () => {
		const cases = ID_PARAMETERS.flatMap(([name, what, rule]) =>
			operationsShowing(name)
				// Mark as Read takes an empty ID to mean every message: an optional field, read by the operation itself.
				.filter(([, operation]) => operation !== 'markRead')
				.map(([resource, operation]) => ({ resource, operation, name, what, rule })),
		);
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...cases),
				notAnId,
				async ({ resource, operation, name, what, rule }, value) => {
					server().reset();
					const result = await run(server(), { ...otherRequired(resource, operation, name), resource, operation, roomId: room(ROOM), [name]: fromExpression(value) });

					expect(result.error).toHaveLength(1);
					const json = result.error[0].json;
					expect(json).toMatchObject({ status: 'error', [name]: null, error: { delivery: 'not_sent' } });
					expect((json.error as { message: string }).message).toBe(`"${value}" is not a Chatwork ${what} ID (${rule}).`);
					expect(json.roomId).toBe(resource === 'incomingRequest' ? null : ROOM);
					expect(result.calls).toEqual([]);
				},
			),
			{ numRuns: 60 },
		);
	});

	it('sends a valid room and ID to the path of the operation and names both in the history item', async () => {
		const result = await run(server(), { resource: 'task', operation: 'get', roomId: room(` ${ROOM} `), taskId: ' 42 ' });

		const history = [...result.success, ...result.error][0].json;
		expect(history).toMatchObject({ roomId: ROOM, taskId: 42, request: { method: 'GET', path: `/rooms/${ROOM}/tasks/42` } });
		expect(result.calls).toHaveLength(1);
	});
});
