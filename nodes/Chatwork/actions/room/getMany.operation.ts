import { listLimitFields } from '../shared/list.parameter';
import { accountOperation } from '../shared/planners';

export const getMany = accountOperation(
	'room',
	'getMany',
	[
		{
			displayName: 'Each output item is one room the account belongs to (group chats, direct chats and My Chat)',
			name: 'getManyNotice',
			type: 'notice',
			default: '',
		},
		...listLimitFields({}),
	],
	() => () => ({ method: 'GET', path: '/rooms' }),
	{ list: { fieldsFromEntry: (entry) => ({ roomId: (entry.room_id as number) ?? null }) } },
);
