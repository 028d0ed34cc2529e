import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { NotSent } from '../operation';
import { notAnId, parseId } from './ids.parameter';

/** Filters shared by a room's tasks and my tasks (status, who assigned them). */
export function taskFilters(show: Record<string, string[]>, withAssignee: boolean): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Assigned By Account ID',
			name: 'assignedById',
			type: 'string',
			default: '',
			placeholder: 'e.g. 101',
			description: 'Only tasks this account assigned',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'open',
			options: [
				{ name: 'Open', value: 'open', description: 'Not done yet (未完了)' },
				{ name: 'Done', value: 'done', description: 'Completed (完了)' },
			],
			description: 'Open (未完了) or done (完了) tasks',
		},
	];
	if (withAssignee) {
		options.unshift({
			displayName: 'Assignee Account ID',
			name: 'assigneeId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 102',
			description: 'Only tasks of this assignee',
		});
	}
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		description: 'Chatwork returns open tasks unless Status says otherwise, at most 100',
		displayOptions: { show },
		options,
	};
}

/** The query of a task list, or why an ID filter is not an ID. */
export function readTaskQuery(filters: IDataObject): { qs: IDataObject } | NotSent {
	const qs: IDataObject = { status: filters.status || 'open' };
	for (const [name, key] of [
		['assigneeId', 'account_id'],
		['assignedById', 'assigned_by_account_id'],
	] as const) {
		const raw = String(filters[name] ?? '').trim();
		if (raw === '') continue;
		const id = parseId(raw);
		if (id === undefined) return { notSent: notAnId('account', raw) };
		qs[key] = id;
	}
	return { qs };
}
