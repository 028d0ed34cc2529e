import { roomOperation } from '../shared/planners';

export const leaveOrDelete = roomOperation(
	'room',
	'leaveOrDelete',
	[
		{
			displayName: 'Action',
			name: 'actionType',
			type: 'options',
			default: 'leave',
			options: [
				{
					name: 'Leave',
					value: 'leave',
					description: 'This account leaves the room; its tasks and files there are deleted',
				},
				{
					name: 'Delete',
					value: 'delete',
					description: 'Delete the room with every message, task and file, for everyone (admins only)',
				},
			],
			description: 'Leave the room or delete it (action_type). Neither can be undone.',
		},
	],
	(ctx) => (room, itemIndex) => ({
		method: 'DELETE',
		path: `/rooms/${room.roomId}`,
		form: { action_type: String(ctx.getNodeParameter('actionType', itemIndex, 'leave')) },
	}),
);
