import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { HistoryFormat } from '../../history';
import type { DeliverySettings } from '../../transport/delivery';
import { DEFAULT_DELIVERY } from '../../transport/delivery';

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
			description: 'Retries after a connection that could not be made, a 503, or any 5xx or timeout on a read, with growing pauses. A post that Chatwork may have processed is retried only with Retry When Delivery Is Unknown. A message post is first looked for in the room (read back): found, it is not posted again; not found, it is retried within Max Retries.',
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
			description: 'Whether to retry a post, update or delete that Chatwork may already have processed: no answer came after sending (timeout, connection reset), or Chatwork answered 500, 502, 504 or another 5xx except 503. Chatwork has no way to detect a repeat, so a retry may post the message twice. A message post is read back from the room first; this retry is used only when the room cannot be read.',
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
