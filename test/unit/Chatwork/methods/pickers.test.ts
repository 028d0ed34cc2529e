import fc from 'fast-check';
import { inspect } from 'node:util';

import { searchRooms } from '../../../../nodes/Chatwork/methods/listSearch';
import { getContacts, getRoomMembers } from '../../../../nodes/Chatwork/methods/loadOptions';
import { executeContext } from '../../../support/executeNode';
import {
	COLLEAGUE,
	ME,
	ROOM,
	TOKEN,
	UNKNOWN_ROOM,
	useServer,
} from '../harness';

const server = useServer();

describe('Pickers', () => {
	function loadOptionsContext(roomId: unknown) {
		const base = executeContext({ items: [], parameters: {}, credentials: { apiToken: TOKEN, baseUrl: server().url } });
		return Object.assign(Object.create(base), { getCurrentNodeParameter: (name: string) => (name === 'roomId' ? roomId : undefined) });
	}

	it('lists the members of the chosen room', async () => {
		const options = await getRoomMembers.call(loadOptionsContext(String(ROOM)) as never);

		expect(options.map((option) => option.value)).toEqual([ME, COLLEAGUE, 103]);
		expect(options[1]).toMatchObject({ name: '佐藤 花子' });
	});

	it('lists no members before a room is chosen, and fails clearly for an unknown room', async () => {
		expect(await getRoomMembers.call(loadOptionsContext('') as never)).toEqual([]);
		await expect(getRoomMembers.call(loadOptionsContext(String(UNKNOWN_ROOM)) as never)).rejects.toThrow(/404/);
	});

	it('lists me and the contacts', async () => {
		const options = await getContacts.call(loadOptionsContext(undefined) as never);

		expect(options.map((option) => option.value)).toEqual([ME, COLLEAGUE, 103]);
		expect(String(options[0].name)).toContain('Lead Bot');
	});

	/** Everything n8n may show or log of an error: its message, description, messages, response and whole shape. */
	function everythingShownOf(error: unknown): string {
		const shown = error as { message?: string; description?: string; messages?: string[]; errorResponse?: unknown };
		return [
			shown.message,
			shown.description,
			JSON.stringify(shown.messages),
			JSON.stringify(shown.errorResponse),
			JSON.stringify(error),
			inspect(error, { depth: 10 }),
		].join('\n');
	}

	const pickers = [
		['the room search', () => searchRooms.call(loadOptionsContext(undefined) as never, '')],
		['the member list', () => getRoomMembers.call(loadOptionsContext(String(ROOM)) as never)],
		['the contact list', () => getContacts.call(loadOptionsContext(undefined) as never)],
	] as const;

	it.each(pickers)('%s: a 500 whose body echoes the token fails without the token in the message, description or response', async (_, pick) => {
		server().script({ status: 500, body: { errors: [`Invalid token ${TOKEN}`], message: `echo: ${TOKEN}`, token: TOKEN } });

		const error = await pick().then(
			() => undefined,
			(thrown: unknown) => thrown,
		);

		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/500/);
		expect(everythingShownOf(error)).not.toContain(TOKEN);
	});

	it('does not follow a redirect: the picker fails naming where it pointed, and no request goes there', async () => {
		server().script({ times: 1, redirectTo: 'http://127.0.0.1:9/v2' });

		await expect(getContacts.call(loadOptionsContext(undefined) as never)).rejects.toThrow(
			/307: a redirect to http:\/\/127\.0\.0\.1:9\/v2\/me, not followed/,
		);
	});

	it('any error body that quotes the token, however nested, never puts it into the picker error', async () => {
		const withToken = fc.letrec((tie) => ({
			value: fc.oneof(
				{ depthSize: 'small', withCrossShrink: true },
				fc.tuple(fc.string(), fc.string()).map(([before, after]) => `${before}${TOKEN}${after}`),
				fc.jsonValue(),
				fc.array(tie('value'), { maxLength: 3 }),
				fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
			),
		})).value;
		await fc.assert(
			fc.asyncProperty(withToken, fc.constantFrom(400, 403, 404, 500, 502, 503), async (echoed, status) => {
				server().reset();
				server().script({ times: 1, status, body: { errors: [`${TOKEN}`], echoed } });
				const error = await getContacts.call(loadOptionsContext(undefined) as never).then(
					() => undefined,
					(thrown: unknown) => thrown,
				);
				expect(error).toBeInstanceOf(Error);
				expect(everythingShownOf(error)).not.toContain(TOKEN);
			}),
			{ numRuns: 100 },
		);
	});
});
