import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * Return All / Limit of a Get Many operation. Chatwork answers a list in one response, so Limit
 * keeps its first entries. Return All is on by default: workflows saved before it existed got every entry.
 */
export function listLimitFields(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: true,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** How many entries of a list answer an item outputs; undefined for all of them. */
export function readListLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, true) !== false) return undefined;
	const limit = Number(ctx.getNodeParameter('limit', itemIndex, 50));
	return Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 50;
}
