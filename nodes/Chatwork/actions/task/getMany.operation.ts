import type { IDataObject } from 'n8n-workflow';

import { listLimitFields } from '../shared/list.parameter';
import { roomOperation } from '../shared/planners';
import { readTaskQuery, taskFilters } from '../shared/taskFilters.parameter';

export const getMany = roomOperation(
	'task',
	'getMany',
	[...listLimitFields({}), taskFilters({}, true)],
	(ctx) => (room, itemIndex) => {
		const query = readTaskQuery(ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject);
		return 'notSent' in query ? query : { method: 'GET', path: `/rooms/${room.roomId}/tasks`, qs: query.qs };
	},
	{ list: { fieldsFromEntry: (entry) => ({ taskId: (entry.task_id as number) ?? null }) } },
);
