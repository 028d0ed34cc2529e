import { roomMembersField } from '../common.description';
import { memberForm } from './roomFields';
import { roomOperation } from './roomRequest';

const show = { resource: ['room'], operation: ['updateMembers'] };

export const updateMembers = roomOperation(
	'updateMembers',
	[
		{
			displayName: 'The lists replace the room\'s members: anyone not listed leaves the room',
			name: 'updateMembersNotice',
			type: 'notice',
			default: '',
		},
		roomMembersField('Admins', 'adminIds', 'Accounts with admin rights', show, true),
		roomMembersField('Members', 'memberIds', 'Accounts that can post', show),
		roomMembersField('Read-Only Members', 'readonlyIds', 'Accounts that can only read', show),
	],
	(ctx, roomId, itemIndex) => {
		const members = memberForm({
			admins: ctx.getNodeParameter('adminIds', itemIndex, []),
			members: ctx.getNodeParameter('memberIds', itemIndex, []),
			readonly: ctx.getNodeParameter('readonlyIds', itemIndex, []),
		});
		return members.notSent ?? { method: 'PUT', path: `/rooms/${roomId}/members`, form: members.form };
	},
);
