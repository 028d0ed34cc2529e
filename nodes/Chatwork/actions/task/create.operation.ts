import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MAX_MESSAGE_LENGTH } from '../../transport/limits';
import { parseIdList, readRoom, roomLocator, roomMembersField } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import type { TemplateChoice } from '../templateText';
import { templateRenderer, templateOptionsCollection } from '../templateText';
import { toUnixSeconds } from './dueDate';

const show = { resource: ['task'], operation: ['create'] };

const description: INodeProperties[] = [
	{ ...roomLocator, description: 'The room the task is created in', displayOptions: { show } },
	roomMembersField('Assignees', 'assigneeIds', 'Members of the room who get the task', show, true),
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
	const renderText = templateRenderer(this, this.getNodeParameter('options', 0, {}) as TemplateChoice, 'text', 'Task');
	const timeZone = this.getTimezone?.() || 'Asia/Tokyo';
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
		const rendered = renderText(itemIndex);
		fields.emptyVariables = rendered.emptyVariables;
		if (rendered.notSent !== undefined) return { notSent: rendered.notSent, fields };
		const body = rendered.text;
		fields.message = body;
		if (body.trim() === '') {
			return { notSent: 'The task is empty after filling in the template; Chatwork needs at least one character.', fields };
		}
		if (body.length > MAX_MESSAGE_LENGTH) {
			return {
				notSent: `The task has ${body.length.toLocaleString('en-US')} characters; Chatwork accepts at most ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')}.`,
				fields,
			};
		}
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
