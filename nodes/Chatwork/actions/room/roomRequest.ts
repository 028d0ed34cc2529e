import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ChatworkRequest } from '../../transport/chatwork.api';
import { readRoom, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';

/**
 * An operation on one room that needs nothing but the room and maybe a few simple parameters
 * (Get, Get Members, Get/Delete Link…): `request` turns the room into Chatwork's request, or
 * into why it cannot be sent.
 */
export function roomOperation(
	operation: string,
	extra: INodeProperties[],
	request: (ctx: IExecuteFunctions, roomId: number, itemIndex: number) => ChatworkRequest | string,
	more: Partial<ChatworkOperation> = {},
): ChatworkOperation {
	return preparedRoomOperation(operation, extra, (ctx) => (roomId, itemIndex) => request(ctx, roomId, itemIndex), more);
}

/** A room operation that prepares once per execution (e.g. compiles its templates) before its requests. */
export function preparedRoomOperation(
	operation: string,
	extra: INodeProperties[],
	prepareRequest: (ctx: IExecuteFunctions) => (roomId: number, itemIndex: number) => ChatworkRequest | string,
	more: Partial<ChatworkOperation> = {},
): ChatworkOperation {
	const show = { resource: ['room'], operation: [operation] };
	return {
		description: [
			{ ...roomLocator, description: 'The Chatwork room (group chat)', displayOptions: { show } },
			...extra.map((property) => ({
				...property,
				displayOptions: { show: { ...show, ...property.displayOptions?.show } },
			})),
		],
		prepare(this: IExecuteFunctions) {
			const request = prepareRequest(this);
			return (itemIndex: number): ItemPlan => {
				const room = readRoom(this, itemIndex);
				if ('notSent' in room) return { notSent: room.notSent, fields: { roomId: null } };
				const planned = request(room.roomId, itemIndex);
				if (typeof planned === 'string') return { notSent: planned, fields: { roomId: room.roomId } };
				return requestPlan(planned, { roomId: room.roomId });
			};
		},
		...more,
	};
}
