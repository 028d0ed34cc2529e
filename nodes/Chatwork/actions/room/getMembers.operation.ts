import { roomOperation } from './roomRequest';

export const getMembers = roomOperation(
	'getMembers',
	[],
	(_, roomId) => ({ method: 'GET', path: `/rooms/${roomId}/members` }),
	{ list: { fieldsFromEntry: (entry) => ({ accountId: (entry.account_id as number) ?? null }) } },
);
