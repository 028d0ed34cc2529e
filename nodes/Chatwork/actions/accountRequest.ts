import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ChatworkRequest } from '../transport/chatwork.api';
import type { ChatworkOperation, ItemPlan } from './operation';
import { requestPlan } from './operation';

/**
 * An operation on the account itself (Me, Contacts, Incoming Requests): its parameters shown for
 * one resource and operation, and the request an item makes, or why it cannot be sent.
 */
export function accountOperation(
	resource: string,
	operation: string,
	properties: INodeProperties[],
	request: (ctx: IExecuteFunctions, itemIndex: number) => ChatworkRequest | { notSent: string },
	more: Partial<ChatworkOperation> & { fields?: (ctx: IExecuteFunctions, itemIndex: number) => Record<string, unknown> } = {},
): ChatworkOperation {
	const show = { resource: [resource], operation: [operation] };
	const { fields: fieldsOf, ...rest } = more;
	return {
		description: properties.map((property) => ({
			...property,
			displayOptions: { show: { ...show, ...property.displayOptions?.show } },
		})),
		prepare(this: IExecuteFunctions) {
			return (itemIndex: number): ItemPlan => {
				const fields = { roomId: null, ...(fieldsOf?.(this, itemIndex) as object) };
				const planned = request(this, itemIndex);
				if ('notSent' in planned) return { notSent: planned.notSent, fields };
				return requestPlan(planned, fields);
			};
		},
		...rest,
	};
}
