import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { HistoryFields } from '../history';
import type { ChatworkRequest } from '../../shared/chatwork/types';
import type { DeliveryJob, DeliveryOutcome } from '../transport/delivery';

/** Why an item cannot be sent: it goes to the Error output with this message, and nothing reaches Chatwork. */
export interface NotSent {
	notSent: string;
}

/** What one input item will do: a delivery job, or the reason it cannot be sent. */
export interface ItemPlan {
	job?: DeliveryJob;
	notSent?: string;
	fields: HistoryFields;
	/** Send: the lead's identity in the de-duplication store, and since when its message could be in the room. */
	identity?: { key: string; since: number };
}

/** Usually synchronous; asynchronous when an item's input must be read first (a binary file). */
export type PlanItem = (itemIndex: number) => ItemPlan | Promise<ItemPlan>;

/** One operation of one resource: its parameters, how it plans an item, what its answer means. */
export interface ChatworkOperation {
	description: INodeProperties[];
	/** Called once per execution (compile templates, read options), then once per item. */
	prepare(this: IExecuteFunctions): PlanItem;
	/** Its history items carry a signature (historySignature.ts), so Resend can trust them. */
	signsHistory?: boolean;
	/** Runs once before anything is sent: may turn planned jobs into refusals (Resend's once-only record). */
	beforeDelivery?(ctx: IExecuteFunctions, plans: ItemPlan[]): Promise<void>;
	/** Runs once after delivery, with each plan's outcome (undefined when it was not sent). */
	afterDelivery?(ctx: IExecuteFunctions, plans: ItemPlan[], outcomes: Array<DeliveryOutcome | undefined>): Promise<void>;
	/** History fields from what Chatwork answered (e.g. the new message ID). */
	fieldsFromOutcome?(outcome: DeliveryOutcome, plan: ItemPlan): HistoryFields;
	/** Binary data a delivered item carries out, from its job's follow-up (e.g. a downloaded file). */
	binaryFromOutcome?(outcome: DeliveryOutcome): IBinaryKeyData | undefined;
	/**
	 * A list operation: on success, one output item per entry of Chatwork's answer (its `body` is
	 * the entry); Chatwork's 204 (empty) gives none.
	 */
	list?: {
		/** Fields that identify one entry in its history item (e.g. its message ID). */
		fieldsFromEntry?(entry: IDataObject): HistoryFields;
	};
}

/** A planned request, or why there is none. */
export type Planned = ChatworkRequest | NotSent;

/** The plan of an item that makes one request: room-scoped requests share the room's lane. */
export function requestPlan(request: ChatworkRequest, fields: HistoryFields): ItemPlan {
	const lane = fields.roomId ? `room:${fields.roomId}` : 'account';
	return { fields, job: { lane, requests: [request] } };
}

/** An item's plan from what its planner found: one request, or the reason it is not sent. */
export function planOf(planned: Planned, fields: HistoryFields): ItemPlan {
	return 'notSent' in planned ? { notSent: planned.notSent, fields } : requestPlan(planned, fields);
}

/** The parameters of one operation, each shown only for it (their own conditions kept). */
export function shownFor(show: Record<string, string[]>, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: { show: { ...show, ...property.displayOptions?.show } },
	}));
}
