import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { idField, parseId } from '../common.description';

export function fileIdField(show: Record<string, string[]>): INodeProperties {
	return idField('File ID', 'fileId', 'ID of the file, e.g. {{ $json.fileId }} from an Upload step', show);
}

export function readFileId(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { id: number; notSent?: undefined } | { id?: undefined; notSent: string } {
	const value = ctx.getNodeParameter('fileId', itemIndex, '');
	const id = parseId(value);
	return id === undefined ? { notSent: `"${String(value ?? '')}" is not a Chatwork file ID (a number).` } : { id };
}
