import type { IDataObject } from 'n8n-workflow';

import { accountOperation } from '../accountRequest';
import { taskFilters, taskQuery } from '../task/taskFilters';

const show = { resource: ['me'], operation: ['getTasks'] };

export const getTasks = accountOperation(
	'me',
	'getTasks',
	[taskFilters(show, false)],
	(ctx, itemIndex) => {
		const { qs, notSent } = taskQuery(ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject);
		return notSent ? { notSent } : { method: 'GET', path: '/my/tasks', qs };
	},
	{
		list: {
			fieldsFromEntry: (entry) => ({
				taskId: (entry.task_id as number) ?? null,
				roomId: ((entry.room as IDataObject | undefined)?.room_id as number) ?? null,
			}),
		},
	},
);
