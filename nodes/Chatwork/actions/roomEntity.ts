import type { IExecuteFunctions } from 'n8n-workflow';

import type { ChatworkRequest } from '../transport/chatwork.api';
import { readRoom } from './common.description';
import type { ItemPlan } from './operation';
import { requestPlan } from './operation';

export type ReadId<Id> = (
	ctx: IExecuteFunctions,
	itemIndex: number,
) => { id: Id; notSent?: undefined } | { id?: undefined; notSent: string };

/**
 * The planner of an operation on one thing in a room (a message, a task, a file): the room and the
 * thing's ID are read and checked, then one request. `field` names the ID in the history item.
 */
export function planRoomEntityRequest<Id extends string | number>(
	field: string,
	readId: ReadId<Id>,
	requestFor: (roomId: number, id: Id, ctx: IExecuteFunctions, itemIndex: number) => ChatworkRequest,
) {
	return function prepare(this: IExecuteFunctions) {
		return (itemIndex: number): ItemPlan => {
			const room = readRoom(this, itemIndex);
			const fields: ItemPlan['fields'] = { roomId: 'roomId' in room ? room.roomId : null, [field]: null };
			if ('notSent' in room) return { notSent: room.notSent, fields };
			const entity = readId(this, itemIndex);
			if (entity.notSent !== undefined) return { notSent: entity.notSent, fields };
			fields[field] = entity.id;
			return requestPlan(requestFor(room.roomId, entity.id, this, itemIndex), fields);
		};
	};
}
