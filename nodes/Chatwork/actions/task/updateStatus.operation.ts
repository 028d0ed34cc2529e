import { taskIdParameter } from '../shared/ids.parameter';
import { roomEntityOperation } from '../shared/planners';

export const updateStatus = roomEntityOperation(
	'task',
	'updateStatus',
	taskIdParameter,
	[
		taskIdParameter.field(),
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'done',
			options: [
				{ name: 'Done', value: 'done', description: 'Mark the task as done (完了)' },
				{ name: 'Open', value: 'open', description: 'Reopen the task (未完了)' },
			],
			description: 'The new status of the task',
		},
	],
	(ctx) => (task, itemIndex) => ({
		method: 'PUT',
		path: `/rooms/${task.roomId}/tasks/${task.id}/status`,
		form: { body: String(ctx.getNodeParameter('status', itemIndex, 'done')) },
	}),
);
