import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PartRecord } from './actions/message/messageParts';
import { partsText } from './actions/message/messageParts';
import type { ChatworkRequest } from '../shared/chatwork/types';
import type { DeliveryError, DeliveryOutcome } from './transport/delivery';

/**
 * The history item (README → Outputs: the history item): what SATORI's "Webhook history" shows per delivery, as an n8n
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
	if (outcome.readBacks > 0) item.readBacks = outcome.readBacks;
	// Delivered, but known only by reading the room back: the answer itself never came.
	if (outcome.ok && outcome.settled.includes('confirmed')) item.delivery = 'confirmed';
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

/** Nested is the item above; Flat is one level of scalars a Data Table, Sheet or SQL row takes as is. */
export type HistoryFormat = 'nested' | 'flat';

/** Longest `responseBody` of a flat history item (characters); longer answers are cut. */
export const FLAT_RESPONSE_BODY_LIMIT = 10_000;

/** The flat history item: these fields, always all of them, in this order, plus the owner columns when Send has a Lead Owner (docs/chatwork-node.md: Webhook history). */
export interface FlatHistoryItem extends IDataObject {
	historyId: string;
	status: 'success' | 'error';
	code: number | null;
	delivery: DeliveryError['delivery'] | null;
	roomId: number | null;
	messageId: string | null;
	message: string | null;
	responseBody: string | null;
	errorMessage: string | null;
	attempts: number;
	durationMs: number;
	sentAt: string | null;
	workflowId: string | null;
	executionId: string | null;
	submissionId: string | null;
	redeliveryOf: string | null;
	/** Requests made to read the room back; 0 when every answer was clear. */
	readBacks: number;
	/** A split message's parts (JSON text: messageId and delivery of each); null for one part. */
	parts: string | null;
	/** Message → Send and Resend: what lets Resend tell a row this node wrote from an edited one. */
	signature: string | null;
	/** The template variables that rendered empty, as text ("company, name"); "" when none did. */
	emptyVariables: string;
	/** Send with Lead Owner only (these four columns are absent otherwise, so existing tables keep mapping). */
	assignee?: number | null;
	taskId?: number | null;
	taskDue?: string | null;
	taskError?: string | null;
}

/** Where a history item was made, for the flat item's identifying fields. */
export interface HistoryOrigin {
	historyId: string;
	workflowId: string | null;
	executionId: string | null;
	/** The input item's `submissionId` (set by the SATORI Webhook Trigger, kept by Resend). */
	submissionId: string | null;
}

export function flatHistory(history: HistoryItem, origin: HistoryOrigin): FlatHistoryItem {
	const flat: FlatHistoryItem = {
		historyId: origin.historyId,
		status: history.status,
		code: history.code,
		delivery: (history.delivery as FlatHistoryItem['delivery'] | undefined) ?? history.error?.delivery ?? (history.status === 'success' ? 'delivered' : null),
		roomId: history.roomId,
		messageId: textOrNull(history.messageId),
		message: typeof history.message === 'string' ? history.message : null,
		responseBody: responseBodyText(history.body),
		errorMessage: history.error?.message ?? null,
		attempts: history.attempts,
		durationMs: history.durationMs,
		sentAt: history.sentAt,
		workflowId: origin.workflowId,
		executionId: origin.executionId,
		submissionId: origin.submissionId,
		redeliveryOf: textOrNull(history.redeliveryOf),
		readBacks: typeof history.readBacks === 'number' ? history.readBacks : 0,
		parts: partsText(history.parts as PartRecord[] | undefined),
		signature: null,
		emptyVariables: (history.emptyVariables ?? []).join(', '),
	};
	if ('assignee' in history) {
		flat.assignee = typeof history.assignee === 'number' ? history.assignee : null;
		flat.taskId = typeof history.taskId === 'number' ? history.taskId : null;
		flat.taskDue = textOrNull(history.taskDue);
		flat.taskError = textOrNull(history.taskError);
	}
	return flat;
}

function responseBodyText(body: HistoryItem['body']): string | null {
	if (body === null || body === undefined || body === '') return null;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return text.length > FLAT_RESPONSE_BODY_LIMIT ? text.slice(0, FLAT_RESPONSE_BODY_LIMIT) : text;
}

function textOrNull(value: unknown): string | null {
	return value === null || value === undefined || value === '' ? null : String(value);
}

/**
 * Gives each output item its chosen format. A flat item's historyId is one UUID per input item
 * (one attempt chain), shared by the entries of a list answer.
 */
export function historyShaper(
	ctx: IExecuteFunctions,
	format: HistoryFormat,
): (history: HistoryItem, itemIndex: number) => HistoryItem | FlatHistoryItem {
	if (format === 'nested') return (history) => history;
	const items = ctx.getInputData();
	const workflowId = textOrNull(ctx.getWorkflow?.().id);
	const executionId = textOrNull(ctx.getExecutionId?.());
	const historyIds = new Map<number, string>();
	return (history, itemIndex) => {
		const historyId = historyIds.get(itemIndex) ?? randomUUID();
		historyIds.set(itemIndex, historyId);
		const submissionId = items[itemIndex]?.json.submissionId;
		return flatHistory(history, {
			historyId,
			workflowId,
			executionId,
			submissionId: typeof submissionId === 'string' && submissionId !== '' ? submissionId : null,
		});
	};
}
