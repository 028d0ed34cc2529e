import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { accountOperation } from '../accountRequest';
import { idField, listLimitFields, parseId } from '../common.description';
import type { ChatworkOperation } from '../operation';

const requestId = (operation: string) =>
	idField('Request ID', 'requestId', 'ID of the contact request, e.g. {{ $json.requestId }} from Get Many', {
		resource: ['incomingRequest'],
		operation: [operation],
	});

function answer(method: 'PUT' | 'DELETE') {
	return (ctx: IExecuteFunctions, itemIndex: number) => {
		const value = ctx.getNodeParameter('requestId', itemIndex, '');
		const id = parseId(value);
		return id === undefined
			? { notSent: `"${String(value ?? '')}" is not a Chatwork request ID (a number).` }
			: { method, path: `/incoming_requests/${id}` };
	};
}

const requestIdField = (ctx: IExecuteFunctions, itemIndex: number) => ({
	requestId: parseId(ctx.getNodeParameter('requestId', itemIndex, '')) ?? null,
});

const getMany = accountOperation('incomingRequest', 'getMany', listLimitFields({}), () => ({ method: 'GET', path: '/incoming_requests' }), {
	list: { fieldsFromEntry: (entry) => ({ requestId: (entry.request_id as number) ?? null }) },
});
const accept = accountOperation('incomingRequest', 'accept', [requestId('accept')], answer('PUT'), { fields: requestIdField });
const reject = accountOperation('incomingRequest', 'reject', [requestId('reject')], answer('DELETE'), { fields: requestIdField });

export const operations: Record<string, ChatworkOperation> = { getMany, accept, reject };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['incomingRequest'] } },
		options: [
			{ name: 'Accept', value: 'accept', action: 'Accept a contact request', description: 'Add the requester to the contacts' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many contact requests',
				description: 'Contact requests waiting for this account, one item per request',
			},
			{ name: 'Reject', value: 'reject', action: 'Reject a contact request', description: 'Decline the contact request' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...accept.description,
	...reject.description,
];
