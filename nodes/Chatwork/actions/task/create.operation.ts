import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIME_ZONE } from '../../template/options';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { accountsField, parseIdList } from '../shared/accounts.parameter';
import { readRoom, roomLocator } from '../shared/room.parameter';
import { chatworkTextReader, readTemplateOptions, templateOptionsCollection } from '../shared/text.parameter';
import { toUnixSeconds } from './dueDate';

const show = { resource: ['task'], operation: ['create'] };

const description: INodeProperties[] = [
	{ ...roomLocator, description: 'The room the task is created in', displayOptions: { show } },
	accountsField('roomMembers', 'Assignees', 'assigneeIds', 'Members of the room who get the task', show, true),
	{
		displayName: 'Task',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. {{company}} {{name}}様へ折り返しのお電話',
		description: 'What to do, a template like Send\'s: {{company}}, {{name}}… insert fields of the incoming item',
		displayOptions: { show },
	},
	{
		displayName: 'Due',
		name: 'limitType',
		type: 'options',
		default: 'none',
		options: [
			{ name: 'No Deadline', value: 'none', description: 'No due date (期限なし)' },
			{ name: 'Date', value: 'date', description: 'A day, without a time' },
			{ name: 'Date and Time', value: 'time', description: 'A day and a time' },
		],
		description: 'Whether the task has a deadline (limit_type)',
		displayOptions: { show },
	},
	{
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'The deadline, in the workflow\'s time zone unless the value has an offset, e.g. {{ $now.plus(3, "days") }}',
		displayOptions: { show: { ...show, limitType: ['date', 'time'] } },
	},
	templateOptionsCollection(show),
];

function prepare(this: IExecuteFunctions) {
	const readText = chatworkTextReader(this, readTemplateOptions(this), { parameter: 'text', label: 'Task', noun: 'task' });
	const timeZone = this.getTimezone?.() || DEFAULT_TIME_ZONE;
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields: IDataObject & { roomId: number | null } = {
			roomId: 'roomId' in room ? room.roomId : null,
			taskIds: null,
			message: null,
		};
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const assigneeValue = this.getNodeParameter('assigneeIds', itemIndex, []);
		const assignees = parseIdList(assigneeValue);
		if (!assignees || assignees.length === 0) {
			return { notSent: `Choose at least one assignee (account IDs such as "101,102"); got "${String(assigneeValue ?? '')}".`, fields };
		}
		const text = readText(itemIndex);
		fields.emptyVariables = text.emptyVariables;
		fields.message = text.text ?? null;
		if (text.notSent !== undefined) return { notSent: text.notSent, fields };
		const body = text.text;
		const limitType = this.getNodeParameter('limitType', itemIndex, 'none') as string;
		const form: Record<string, string | number> = { body, to_ids: assignees.join(','), limit_type: limitType };
		if (limitType !== 'none') {
			const due = this.getNodeParameter('dueDate', itemIndex, '');
			const limit = toUnixSeconds(due, timeZone);
			if (limit === undefined) return { notSent: `"${String(due ?? '')}" is not a date the task can be due on.`, fields };
			form.limit = limit;
		}
		return requestPlan(
			{ method: 'POST', path: `/rooms/${room.roomId}/tasks`, form, postsToRoom: room.roomId },
			fields,
		);
	};
}

export const create: ChatworkOperation = {
	description,
	prepare,
	fieldsFromOutcome(outcome) {
		const ids = (outcome.responses.at(-1)?.body as { task_ids?: unknown } | null)?.task_ids;
		return Array.isArray(ids) ? { taskIds: ids.map(Number) } : {};
	},
};
