import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { HistoryFields } from '../history';
import type { DeliveryJob, DeliveryOutcome } from '../transport/delivery';

/** What one input item will do: a delivery job, or the reason it cannot be sent. */
export interface ItemPlan {
	job?: DeliveryJob;
	notSent?: string;
	fields: HistoryFields;
}

export type PlanItem = (itemIndex: number) => ItemPlan;

/** One operation of one resource: its parameters, how it plans an item, what its answer means. */
export interface ChatworkOperation {
	description: INodeProperties[];
	/** Called once per execution (compile templates, read options), then once per item. */
	prepare(this: IExecuteFunctions): PlanItem;
	/** History fields from what Chatwork answered (e.g. the new message ID). */
	fieldsFromOutcome?(outcome: DeliveryOutcome, plan: ItemPlan): HistoryFields;
}
