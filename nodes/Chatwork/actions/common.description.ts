import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { HistoryFormat } from '../history';
import type { DeliverySettings } from '../transport/delivery';
import { DEFAULT_DELIVERY } from '../transport/delivery';

/** The room picker shared by every room-scoped operation. */
export const roomLocator: INodeProperties = {
	displayName: 'Room',
	name: 'roomId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Chatwork room (group chat)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a room…',
			typeOptions: { searchListMethod: 'searchRooms', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 123456789',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A room ID is a number, e.g. 123456789' },
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://www.chatwork.com/#!rid123456789',
			extractValue: { type: 'regex', regex: '#!rid([0-9]+)' },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '.*#!rid[0-9]+.*',
						errorMessage: 'Paste the address of the room as shown in the browser, e.g. https://www.chatwork.com/#!rid123456789',
					},
				},
			],
		},
	],
};

/** Room IDs arrive as numbers, strings or room URLs (from expressions too). */
export function parseRoomId(value: unknown): number | undefined {
	const raw = typeof value === 'object' && value !== null ? (value as { value?: unknown }).value : value;
	const text = String(raw ?? '').trim();
	const fromUrl = /#!rid(\d+)/.exec(text);
	const digits = fromUrl ? fromUrl[1] : /^\d+$/.test(text) ? text : undefined;
	const id = digits === undefined ? NaN : Number(digits);
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

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

/** How requests are delivered: shared by every operation, read once per execution. */
export const deliveryOptions: INodeProperties = {
	displayName: 'Delivery',
	name: 'delivery',
	type: 'collection',
	placeholder: 'Add delivery option',
	default: {},
	description: 'Timeouts, retries and rate-limit handling. The defaults suit most workflows.',
	options: [
		{
			displayName: 'Concurrent Rooms',
			name: 'concurrentRooms',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 5,
			description: 'How many rooms are sent to at the same time. Messages to one room always go one after another, in input order.',
		},
		{
			displayName: 'History Format',
			name: 'historyFormat',
			type: 'options',
			default: 'nested',
			description: 'Shape of the history item on both outputs',
			options: [
				{ name: 'Nested', value: 'nested', description: 'Chatwork\'s answer and the error as objects (body, error, request)' },
				{
					name: 'Flat',
					value: 'flat',
					description: 'One level of plain fields (historyId, status, code, delivery, message, responseBody…) that a Data Table, Google Sheets or Postgres row stores as is',
				},
			],
		},
		{
			displayName: 'If an Item Fails',
			name: 'onError',
			type: 'options',
			default: 'output',
			options: [
				{ name: 'Send to Error Output', value: 'output', description: 'The item goes to the Error output and the workflow continues' },
				{
					name: 'Stop the Workflow',
					value: 'stop',
					description: 'Every item is still tried and the failed ones go to the Error output, then the execution fails with the first error. Settings → On Error: Continue overrides this.',
				},
			],
			description: 'What a failed item (Chatwork refused it, or it could not be sent) does. n8n\'s Settings → On Error decides what happens when the node itself cannot run (e.g. a template syntax error): Stop Workflow fails the execution, either Continue puts every item on the Error output.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description: 'Retries after a connection that could not be made, a 503, or any 5xx or timeout on a read, with growing pauses. A post that Chatwork may have processed is retried only with Retry When Delivery Is Unknown.',
		},
		{
			displayName: 'Rate-Limit Wait (Seconds)',
			name: 'maxRateLimitWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 330,
			description: 'Longest time one item may wait for Chatwork\'s rate limits (10 posts / 10 s per room, 300 requests / 5 min). If it would need longer, it goes to the Error output with code 429 and is not sent.',
		},
		{
			displayName: 'Retry When Delivery Is Unknown',
			name: 'retryUnknownDelivery',
			type: 'boolean',
			default: false,
			description: 'Whether to retry a post, update or delete that Chatwork may already have processed: no answer came after sending (timeout, connection reset), or Chatwork answered 500, 502, 504 or another 5xx except 503. Chatwork has no way to detect a repeat, so a retry may post the message twice.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description: 'How long to wait for Chatwork to answer one request',
		},
	],
};

export interface DeliveryChoice extends DeliverySettings {
	stopOnError: boolean;
	historyFormat: HistoryFormat;
}

export function readDeliveryOptions(ctx: IExecuteFunctions): DeliveryChoice {
	const options = ctx.getNodeParameter('delivery', 0, {}) as {
		concurrentRooms?: number;
		maxRetries?: number;
		maxRateLimitWait?: number;
		onError?: string;
		historyFormat?: HistoryFormat;
		retryUnknownDelivery?: boolean;
		timeout?: number;
	};
	return {
		timeoutMs: (options.timeout ?? DEFAULT_DELIVERY.timeoutMs / 1000) * 1000,
		maxRetries: options.maxRetries ?? DEFAULT_DELIVERY.maxRetries,
		maxRateLimitWaitMs: (options.maxRateLimitWait ?? DEFAULT_DELIVERY.maxRateLimitWaitMs / 1000) * 1000,
		concurrentLanes: options.concurrentRooms ?? DEFAULT_DELIVERY.concurrentLanes,
		retryUnknownDelivery: options.retryUnknownDelivery ?? DEFAULT_DELIVERY.retryUnknownDelivery,
		stopOnError: options.onError === 'stop',
		historyFormat: options.historyFormat === 'flat' ? 'flat' : 'nested',
	};
}

/** The room of an item, or why it has none (shared wording for every room-scoped operation). */
export function readRoom(ctx: IExecuteFunctions, itemIndex: number): { roomId: number } | { notSent: string } {
	const value = ctx.getNodeParameter('roomId', itemIndex, undefined, { extractValue: true });
	const roomId = parseRoomId(value);
	if (roomId === undefined) {
		return {
			notSent: `"${String(value ?? '')}" is not a Chatwork room ID. Use the number in the room's address (…#!rid123456789).`,
		};
	}
	return { roomId };
}

/** A positive integer ID (account, task, file, request) from a number or a string. */
export function parseId(value: unknown): number | undefined {
	const text = String(value ?? '').trim();
	const id = /^\d+$/.test(text) ? Number(text) : NaN;
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** A message ID: digits, kept as a string (Chatwork's are beyond Number.MAX_SAFE_INTEGER). */
export function parseMessageId(value: unknown): string | undefined {
	const text = String(value ?? '').trim();
	return /^\d+$/.test(text) && !/^0+$/.test(text) ? text : undefined;
}

/**
 * Account IDs from a picker (an array) or an expression ("101, 102", [101, "102"], 101).
 * Undefined when any part is not an ID; duplicates are dropped, order kept.
 */
export function parseIdList(value: unknown): number[] | undefined {
	const parts = Array.isArray(value)
		? value
		: typeof value === 'number'
			? [value]
			: String(value ?? '')
					.split(/[,、\s]+/)
					.filter((part) => part !== '');
	const ids: number[] = [];
	for (const part of parts) {
		const id = parseId(part);
		if (id === undefined) return undefined;
		if (!ids.includes(id)) ids.push(id);
	}
	return ids;
}

/** An ID field that may be typed or come from an expression. */
export function idField(
	displayName: string,
	name: string,
	description: string,
	show: Record<string, string[]>,
	placeholder = 'e.g. 123456',
): INodeProperties {
	return { displayName, name, type: 'string', default: '', required: true, placeholder, description, displayOptions: { show } };
}

/** Account IDs picked from a list (or given by expression), e.g. assignees or room members. */
function accountIdsField(
	typeOptions: INodeProperties['typeOptions'],
	displayName: string,
	name: string,
	description: string,
	show: Record<string, string[]>,
	required: boolean,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'multiOptions',
		typeOptions,
		default: [],
		required,
		description: `${description}. Choose from the list or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>, e.g. "101,102".`,
		displayOptions: { show },
	};
}

/** Account IDs picked from the members of the chosen room (or given by expression). */
export function roomMembersField(
	displayName: string,
	name: string,
	description: string,
	show: Record<string, string[]>,
	required = false,
): INodeProperties {
	const typeOptions = { loadOptionsMethod: 'getRoomMembers', loadOptionsDependsOn: ['roomId.value'] };
	return accountIdsField(typeOptions, displayName, name, description, show, required);
}

/** Account IDs picked from the contacts of the account (or given by expression). */
export function contactsField(
	displayName: string,
	name: string,
	description: string,
	show: Record<string, string[]>,
	required = false,
): INodeProperties {
	return accountIdsField({ loadOptionsMethod: 'getContacts' }, displayName, name, description, show, required);
}
