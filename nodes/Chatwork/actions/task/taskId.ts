import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { idField, parseId } from '../common.description';

export function taskIdField(show: Record<string, string[]>): INodeProperties {
	return idField('Task ID', 'taskId', 'ID of the task, e.g. {{ $json.taskIds[0] }} from a Create step', show);
}

export function readTaskId(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { id: number; notSent?: undefined } | { id?: undefined; notSent: string } {
	const value = ctx.getNodeParameter('taskId', itemIndex, '');
	const id = parseId(value);
	return id === undefined ? { notSent: `"${String(value ?? '')}" is not a Chatwork task ID (a number).` } : { id };
}
