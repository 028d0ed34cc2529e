import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { HistoryItem } from '../history';
import { historyFromOutcome, historyNotSent, historyShaper } from '../history';
import { chatworkConnection, rateLimitKey } from '../../shared/chatwork/authentication';
import { scrubValue } from '../../shared/chatwork/scrub';
import { historySigningKey, signHistory } from '../historySignature';
import type { DeliveryOutcome } from '../transport/delivery';
import { deliverAll } from '../transport/delivery';
import { timeScale } from '../transport/limits';
import { limitsFor } from '../transport/rateLimiter';
import { readAuthentication } from './shared/authentication.parameter';
import { readDeliveryOptions } from './shared/delivery.parameter';
import { inputFieldsPicker } from './shared/inputFields.parameter';
import { readListLimit } from './shared/list.parameter';
import * as contact from './contact/Contact.resource';
import * as file from './file/File.resource';
import * as incomingRequest from './incomingRequest/IncomingRequest.resource';
import * as me from './me/Me.resource';
import * as message from './message/Message.resource';
import * as room from './room/Room.resource';
import * as task from './task/Task.resource';
import type { ChatworkOperation, ItemPlan, PlanItem } from './operation';

const PLANNING_SLICE_MS = 10;

const resources: Record<string, Record<string, ChatworkOperation>> = {
	message: message.operations,
	task: task.operations,
	room: room.operations,
	file: file.operations,
	contact: contact.operations,
	me: me.operations,
	incomingRequest: incomingRequest.operations,
};

/**
 * Plans every item (cheap: read parameters, render the template), delivers them all through the
 * shared transport, then puts each item's history item on Success or Error. Every input item
 * ends on exactly one output.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${resource}: ${operationName}" is not supported`);
	}

	const inputOf = inputFieldsPicker(this);
	try {
		return await runOperation.call(this, operation, inputOf);
	} catch (error) {
		// n8n's Continue settings would pass the input items on as if sent (on Success): every item
		// goes to the Error output instead, as a history item saying why nothing was sent.
		if (!this.continueOnFail()) {
			throw error instanceof NodeOperationError || error instanceof NodeApiError ? error : new NodeOperationError(this.getNode(), error as Error);
		}
		const message = (error as Error).message;
		return [
			[],
			items.map((item, itemIndex) => {
				const history = historyNotSent(message, {});
				if (inputOf) history.input = inputOf(item.json);
				return { json: history, pairedItem: { item: itemIndex } };
			}),
		];
	}
}

async function runOperation(
	this: IExecuteFunctions,
	operation: ChatworkOperation,
	inputOf: ((json: IDataObject) => IDataObject) | undefined,
): Promise<INodeExecutionData[][]> {
	const plans = await planAll(this, operation);

	const delivery = readDeliveryOptions(this);
	const connection = await chatworkConnection(this, readAuthentication(this));
	const scale = timeScale(connection.baseUrl);
	await operation.beforeDelivery?.(this, plans);
	const outcomes = await deliverAll(
		{
			ctx: this,
			connection,
			limits: limitsFor(connection.baseUrl, await rateLimitKey(this, connection), scale),
			settings: delivery,
			signal: this.getExecutionCancelSignal?.(),
		},
		plans.map((plan) => plan.job),
	);
	await operation.afterDelivery?.(this, plans, outcomes);

	const [success, failure] = outputItems(this, operation, plans, outcomes, {
		inputOf,
		token: connection.token,
		shape: historyShaper(this, delivery.historyFormat),
		signingKey: operation.signsHistory ? await historySigningKey(this) : undefined,
	});

	// n8n's Settings → On Error set to Continue wins over Delivery → On Error: Stop the Workflow.
	if (delivery.stopOnError && failure.length > 0 && !this.continueOnFail()) {
		const first = failure[0];
		const itemIndex = (first.pairedItem as { item: number }).item;
		throw new NodeOperationError(this.getNode(), String((first.json as HistoryItem).error?.message ?? first.json.errorMessage), {
			itemIndex,
			description: `${failure.length} of ${plans.length} items failed; ${success.length} were delivered.`,
		});
	}
	return [success, failure];
}

/** Every item's plan, one item after another: an upload holds only the files read so far, not all at once. */
async function planAll(ctx: IExecuteFunctions, operation: ChatworkOperation): Promise<ItemPlan[]> {
	const items = ctx.getInputData();
	const planItem = operation.prepare.call(ctx);
	const plans: ItemPlan[] = [];
	let lastYield = performance.now();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		plans.push(await planOrNotSent(ctx, planItem, itemIndex));
		// Planning 1,000 items takes a while inside n8n (parameters, expressions): let n8n answer
		// its webhooks and editor in between, instead of freezing until all are planned.
		if (performance.now() - lastYield > PLANNING_SLICE_MS) {
			await new Promise((resolve) => setImmediate(resolve));
			lastYield = performance.now();
		}
	}
	return plans;
}

/** Each item's history item on Success or Error; a list answer gives one Success item per entry. */
function outputItems(
	ctx: IExecuteFunctions,
	operation: ChatworkOperation,
	plans: ItemPlan[],
	outcomes: Array<DeliveryOutcome | undefined>,
	output: {
		inputOf: ((json: IDataObject) => IDataObject) | undefined;
		token: string;
		shape: ReturnType<typeof historyShaper>;
		signingKey?: Buffer;
	},
): [INodeExecutionData[], INodeExecutionData[]] {
	const items = ctx.getInputData();
	const { inputOf, signingKey } = output;
	const shape = (history: HistoryItem, itemIndex: number) => {
		const json = output.shape(history, itemIndex);
		if (signingKey) json.signature = signHistory(signingKey, json);
		return json;
	};
	const success: INodeExecutionData[] = [];
	const failure: INodeExecutionData[] = [];
	plans.forEach((plan, itemIndex) => {
		const outcome = outcomes[itemIndex];
		let history: HistoryItem = outcome
			? historyFromOutcome(outcome, {
					...plan.fields,
					...operation.fieldsFromOutcome?.(outcome, plan),
				})
			: historyNotSent(plan.notSent ?? 'Not sent.', plan.fields, plan.job?.requests[0]);
		if (inputOf) history.input = inputOf(items[itemIndex].json);
		// Whatever a server or a lower layer echoed, in whatever spelling, the token never leaves in an item.
		history = scrubValue(history, output.token);
		if (history.status === 'success' && operation.list) {
			for (const entry of listEntries(history.body).slice(0, readListLimit(ctx, itemIndex))) {
				success.push({
					json: shape({ ...history, ...operation.list.fieldsFromEntry?.(entry), body: entry }, itemIndex),
					pairedItem: { item: itemIndex },
				});
			}
			return;
		}
		const item: INodeExecutionData = { json: shape(history, itemIndex), pairedItem: { item: itemIndex } };
		const binary = outcome && history.status === 'success' ? operation.binaryFromOutcome?.(outcome) : undefined;
		if (binary) item.binary = binary;
		(history.status === 'success' ? success : failure).push(item);
	});
	return [success, failure];
}

/**
 * One item's plan. What one item's data breaks (an expression that fails on it) sends that item to
 * Error; a NodeOperationError is the node's configuration (a template syntax error) and stops the run.
 */
async function planOrNotSent(ctx: IExecuteFunctions, planItem: PlanItem, itemIndex: number): Promise<ItemPlan> {
	try {
		return await planItem(itemIndex);
	} catch (error) {
		if (!(error instanceof NodeOperationError)) return { notSent: (error as Error)?.message ?? String(error), fields: {} };
		throw new NodeOperationError(ctx.getNode(), error);
	}
}

/** The entries of a list answer; Chatwork's 204 has no body and means none. */
function listEntries(body: HistoryItem['body']): IDataObject[] {
	if (Array.isArray(body)) return body;
	if (body === null || body === undefined || body === '') return [];
	return typeof body === 'object' ? [body] : [];
}

