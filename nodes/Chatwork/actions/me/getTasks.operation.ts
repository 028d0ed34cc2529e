import type { IDataObject } from 'n8n-workflow';

import { accountOperation } from '../shared/planners';
import { readTaskQuery, taskFilters } from '../shared/taskFilters.parameter';

export const getTasks = accountOperation(
	'me',
	'getTasks',
	[taskFilters({}, false)],
	(ctx) => (_, itemIndex) => {
		const query = readTaskQuery(ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject);
		return 'notSent' in query ? query : { method: 'GET', path: '/my/tasks', qs: query.qs };
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
