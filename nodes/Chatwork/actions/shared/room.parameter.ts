import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NotSent } from '../operation';

/** The room picker shared by every room-scoped operation. */
export const roomLocator: INodeProperties = {
	displayName: 'Room',
	name: 'roomId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Chatwork room (group chat)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a room…',
			typeOptions: { searchListMethod: 'searchRooms', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 123456789',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A room ID is a number, e.g. 123456789' },
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://www.chatwork.com/#!rid123456789',
			extractValue: { type: 'regex', regex: '#!rid([0-9]+)' },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '.*#!rid[0-9]+.*',
						errorMessage: 'Paste the address of the room as shown in the browser, e.g. https://www.chatwork.com/#!rid123456789',
					},
				},
			],
		},
	],
};

/** Room IDs arrive as numbers, strings or room URLs (from expressions too). */
export function parseRoomId(value: unknown): number | undefined {
	const raw = typeof value === 'object' && value !== null ? (value as { value?: unknown }).value : value;
	const text = String(raw ?? '').trim();
	const fromUrl = /#!rid(\d+)/.exec(text);
	const digits = fromUrl ? fromUrl[1] : /^\d+$/.test(text) ? text : undefined;
	const id = digits === undefined ? NaN : Number(digits);
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** The room of an item, or why it has none (shared wording for every room-scoped operation). */
export function readRoom(ctx: IExecuteFunctions, itemIndex: number): { roomId: number } | NotSent {
	const value = ctx.getNodeParameter('roomId', itemIndex, undefined, { extractValue: true });
	const roomId = parseRoomId(value);
	if (roomId === undefined) {
		return {
			notSent: `"${String(value ?? '')}" is not a Chatwork room ID. Use the number in the room's address (…#!rid123456789).`,
		};
	}
	return { roomId };
}
