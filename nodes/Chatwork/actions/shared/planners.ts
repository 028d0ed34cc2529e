import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { HistoryFields } from '../../history';
import type { ChatworkOperation, ItemPlan, NotSent, Planned } from '../operation';
import { planOf, shownFor } from '../operation';
import type { IdParameter } from './ids.parameter';
import { readRoom, roomLocator } from './room.parameter';

// The planners of operations that make one request per item: each reads and checks what the
// request is about (the account, a room, or one thing in a room), then asks the operation for it.

/** Called once per execution (to compile templates, read options); returns the per-item request, or why not. */
export type RequestFor<Target> = (ctx: IExecuteFunctions) => (target: Target, itemIndex: number) => Planned;

/** What an operation adds to its planner: how Chatwork's answer reads (list entries, IDs…). */
export type OperationExtras = Omit<Partial<ChatworkOperation>, 'description' | 'prepare'>;

/** Reads an item's target; the fields name it in the history item, even when it cannot be sent. */
type ReadTarget<Target> = (ctx: IExecuteFunctions, itemIndex: number) => { fields: HistoryFields; target: Target | NotSent };

function planner<Target extends object>(
	description: INodeProperties[],
	readTarget: ReadTarget<Target>,
	request: RequestFor<Target>,
	extras: OperationExtras,
): ChatworkOperation {
	return {
		description,
		prepare(this: IExecuteFunctions) {
			const requestOf = request(this);
			return (itemIndex: number): ItemPlan => {
				const { fields, target } = readTarget(this, itemIndex);
				if ('notSent' in target) return { notSent: target.notSent, fields };
				return planOf(requestOf(target, itemIndex), fields);
			};
		},
		...extras,
	};
}

function show(resource: string, operation: string) {
	return { resource: [resource], operation: [operation] };
}

/** An operation on the account itself (Me, Contacts, Contact Requests): no room. */
export function accountOperation(
	resource: string,
	operation: string,
	properties: INodeProperties[],
	request: RequestFor<object>,
	extras: OperationExtras = {},
): ChatworkOperation {
	const read: ReadTarget<object> = () => ({ fields: { roomId: null }, target: {} });
	return planner(shownFor(show(resource, operation), properties), read, request, extras);
}

/** An operation on one thing of the account, named by its ID (a contact request). */
export function accountEntityOperation<Id extends string | number>(
	resource: string,
	operation: string,
	id: IdParameter<Id>,
	request: RequestFor<{ id: Id }>,
	extras: OperationExtras = {},
): ChatworkOperation {
	const read: ReadTarget<{ id: Id }> = (ctx, itemIndex) => {
		const entity = id.read(ctx, itemIndex);
		return { fields: { roomId: null, [id.name]: 'id' in entity ? entity.id : null }, target: entity };
	};
	return planner(shownFor(show(resource, operation), [id.field()]), read, request, extras);
}

/** An operation on one room: the Room picker first, then the operation's own parameters. */
export function roomOperation(
	resource: string,
	operation: string,
	properties: INodeProperties[],
	request: RequestFor<{ roomId: number }>,
	extras: OperationExtras = {},
): ChatworkOperation {
	const read: ReadTarget<{ roomId: number }> = (ctx, itemIndex) => {
		const room = readRoom(ctx, itemIndex);
		return { fields: { roomId: 'roomId' in room ? room.roomId : null }, target: room };
	};
	return planner(shownFor(show(resource, operation), [roomLocator, ...properties]), read, request, extras);
}

/**
 * An operation on one thing in a room (a message, a task, a file): the room and the thing's ID are
 * read and checked. `properties` follow the Room picker and hold the ID's field (its texts may differ).
 */
export function roomEntityOperation<Id extends string | number>(
	resource: string,
	operation: string,
	id: IdParameter<Id>,
	properties: INodeProperties[],
	request: RequestFor<{ roomId: number; id: Id }>,
	extras: OperationExtras = {},
): ChatworkOperation {
	const read: ReadTarget<{ roomId: number; id: Id }> = (ctx, itemIndex) => {
		const room = readRoom(ctx, itemIndex);
		const fields: HistoryFields = { roomId: 'roomId' in room ? room.roomId : null, [id.name]: null };
		if ('notSent' in room) return { fields, target: room };
		const entity = id.read(ctx, itemIndex);
		if ('notSent' in entity) return { fields, target: entity };
		fields[id.name] = entity.id;
		return { fields, target: { roomId: room.roomId, id: entity.id } };
	};
	return planner(shownFor(show(resource, operation), [roomLocator, ...properties]), read, request, extras);
}
