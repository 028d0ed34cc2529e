import { memberListFields, readMemberLists } from '../shared/accounts.parameter';
import { roomOperation } from '../shared/planners';

const show = { resource: ['room'], operation: ['updateMembers'] };

export const updateMembers = roomOperation(
	'room',
	'updateMembers',
	[
		{
			displayName: 'The lists replace the room\'s members: anyone not listed leaves the room',
			name: 'updateMembersNotice',
			type: 'notice',
			default: '',
		},
		...memberListFields('roomMembers', show, 'Accounts with admin rights'),
	],
	(ctx) => (room, itemIndex) => {
		const members = readMemberLists(ctx, itemIndex);
		return members.notSent !== undefined ? { notSent: members.notSent } : { method: 'PUT', path: `/rooms/${room.roomId}/members`, form: members.form };
	},
);
