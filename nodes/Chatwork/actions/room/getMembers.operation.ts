import { roomOperation } from '../shared/planners';

export const getMembers = roomOperation(
	'room',
	'getMembers',
	[],
	() => (room) => ({ method: 'GET', path: `/rooms/${room.roomId}/members` }),
	{ list: { fieldsFromEntry: (entry) => ({ accountId: (entry.account_id as number) ?? null }) } },
);
