import type { IDataObject } from 'n8n-workflow';

import type { ChatworkRequest } from './transport/chatwork.api';
import type { DeliveryError, DeliveryOutcome } from './transport/delivery';

/**
 * The history item (PRODUCT.md): what SATORI's "Webhook history" shows per delivery, as an n8n
 * item a workflow can branch on. Every sending operation outputs exactly one per input item.
 */
export interface HistoryItem extends IDataObject {
	status: 'success' | 'error';
	code: number | null;
	body: IDataObject | IDataObject[] | string | null;
	error: (IDataObject & DeliveryError) | null;
	roomId: number | null;
	attempts: number;
	durationMs: number;
	sentAt: string | null;
	request: { method: string; path: string } | null;
	/** Template variables that rendered empty (a misspelt {{compnay}} shows here); [] without a template. */
	emptyVariables: string[];
}

/** Fields an operation adds (roomId, messageId, message…). */
export type HistoryFields = IDataObject & { roomId?: number | null };

export function historyFromOutcome(outcome: DeliveryOutcome, fields: HistoryFields): HistoryItem {
	const last = outcome.responses.at(-1);
	const item: HistoryItem = {
		status: outcome.ok ? 'success' : 'error',
		code: outcome.code,
		body: (last?.body ?? null) as HistoryItem['body'],
		error: outcome.error ? { ...outcome.error } : null,
		roomId: null,
		emptyVariables: [],
		...fields,
		attempts: outcome.attempts,
		durationMs: outcome.durationMs,
		sentAt: outcome.startedAt ? outcome.startedAt.toISOString() : null,
		request: describeRequest(outcome.request),
	};
	if (outcome.rateLimitedMs > 0) item.rateLimitedMs = Math.round(outcome.rateLimitedMs);
	return item;
}

/** An item that failed before anything was sent (a template error, an invalid room…). */
export function historyNotSent(
	message: string,
	fields: HistoryFields,
	request?: ChatworkRequest,
): HistoryItem {
	return {
		status: 'error',
		code: null,
		body: null,
		error: { message, errors: [], retryable: false, delivery: 'not_sent' },
		roomId: null,
		emptyVariables: [],
		...fields,
		attempts: 0,
		durationMs: 0,
		sentAt: null,
		request: request ? describeRequest(request) : null,
	};
}

function describeRequest(request: ChatworkRequest): { method: string; path: string } {
	return { method: request.method, path: request.path };
}
