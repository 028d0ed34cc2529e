import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { DeliveryJob, DeliveryOutcome, FollowUpTools, ReadBackTarget } from '../../transport/delivery';
import { MAX_MESSAGE_LENGTH } from '../../transport/limits';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { readRoom, roomLocator } from '../shared/room.parameter';
import { chatworkTextReader, messageField, readTemplateOptions, templateOptionsCollection } from '../shared/text.parameter';
import { leadOwnerCollection, leadOwnerReader, ownerTaskRequest } from './leadOwner.parameter';
import { partsFromOutcome } from './messageParts';
import { recordIfPossible } from './redeliveryRecord';
import { splitMessage } from './splitMessage';

const show = { resource: ['message'], operation: ['send'] };

const SEED_EXAMPLE =
	'●●セミナーのお申込みフォームから{{company}}の {{name}}様の登録がありました。SATORIのカスタマー詳細ページは{{customer_detail_url}}です。';

/** Self Unread of an operation that posts a message (Send, Resend). */
export function selfUnreadField(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Self Unread',
		name: 'selfUnread',
		type: 'boolean',
		default: false,
		description: 'Whether the message stays unread for the account that posts it (self_unread=1)',
		displayOptions: { show },
	};
}

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	messageField(show, {
		placeholder: `e.g. ${SEED_EXAMPLE}`,
		description:
			'Text of the message. Write {{company}}, {{name}}, {{customer_detail_url}} (or SATORI\'s {{params:company}}) to insert fields of the incoming item. Helpers: {{cw_toall}}, {{cw_to 123}}, {{#cw_info title="…"}}…{{/cw_info}}, {{default x "…"}}, {{date submittedAt "YYYY-MM-DD HH:mm"}}.',
		hint: 'Values from the data cannot create Chatwork notation such as [toall]; notation you write here works. Dragging an input field in gives {{ $json.field }}, which the node fills in like {{field}}.',
	}),
	selfUnreadField(show),
	leadOwnerCollection(show),
	templateOptionsCollection(show, [
		{
			displayName: 'Split Long Messages',
			name: 'splitLongMessages',
			type: 'boolean',
			default: false,
			description: 'Whether a message longer than Chatwork\'s 65,535 characters is sent as several messages instead of going to the Error output',
		},
		{
			displayName: 'Lead Identity',
			name: 'leadIdentity',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.submissionId }}',
			description:
				'What identifies one lead across retried executions, e.g. the submissionId the SATORI Webhook Trigger sets. A lead this node already handled in this workflow is looked for in the room instead of being posted again. Empty: off (each execution costs one write to n8n\'s de-duplication store when set).',
		},
		{
			displayName: 'Look in the Room First',
			name: 'lookInRoomFirst',
			type: 'boolean',
			default: false,
			description:
				'Whether the message is first looked for in the room (posted by this account since the item\'s submittedAt, or within the last day) and posted only when it is not there. For leads that may have been posted already, such as those the Keep Submissions recovery brings back (they carry recovered: true, so an expression can turn it on for them only). Costs one read of the room per item it is on for.',
		},
	]),
];

function prepare(this: IExecuteFunctions) {
	const options = readTemplateOptions<{ splitLongMessages: boolean }>(this);
	const identityOf = leadIdentity(this);
	const items = this.getInputData();
	// A retried execution runs Send again when its first run may have posted: every item is looked for
	// first. Otherwise per item: the Keep Submissions example turns it on for the leads it brings back.
	const retried = this.getMode() === 'retry';
	const lookFirst = (itemIndex: number) => retried || this.getNodeParameter('options.lookInRoomFirst', itemIndex, false) === true;
	const heldBecause = retried
		? 'Not posted: this is a retried execution, whose first run may have posted this lead'
		: 'Not posted: Look in the Room First is on for this lead';
	const readOwner = leadOwnerReader(this, options);
	const readText = chatworkTextReader(this, options, {
		parameter: 'text',
		label: 'Message',
		noun: 'message',
		splitLongMessages: Boolean(options.splitLongMessages),
	});

	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = {
			roomId: 'roomId' in room ? room.roomId : null,
			messageId: null,
			message: null as string | null,
			emptyVariables: [] as string[],
		};
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const text = readText(itemIndex);
		fields.emptyVariables = text.emptyVariables;
		fields.message = text.text ?? null;
		if (text.notSent !== undefined) return { notSent: text.notSent, fields };
		let message = text.text;
		const owner = readOwner?.(itemIndex);
		if (owner) {
			Object.assign(fields, { assignee: owner.assignee ?? null });
			fields.emptyVariables = [...new Set([...fields.emptyVariables, ...owner.emptyVariables])];
			if (owner.notSent !== undefined) return { notSent: owner.notSent, fields };
			message = owner.mentionPrefix + text.text;
			fields.message = message;
			if (message.length > MAX_MESSAGE_LENGTH && !options.splitLongMessages) {
				return { notSent: `With the owner's mention the message has ${message.length.toLocaleString('en-US')} characters; Chatwork accepts at most ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')}. Shorten the template or turn on Split Long Messages.`, fields };
			}
		}
		const parts = message.length > MAX_MESSAGE_LENGTH ? splitMessage(message, MAX_MESSAGE_LENGTH) : [message];
		const selfUnread = this.getNodeParameter('selfUnread', itemIndex, false) as boolean;
		const job = postMessageJob(room.roomId, parts, selfUnread);
		if (owner?.notSent === undefined && owner?.task) job.followUp = createOwnerTask(room.roomId, owner.assignee, owner.task);
		if (lookFirst(itemIndex)) {
			job.readBack = { ...job.readBack!, lookFirstSince: sinceOf(items[itemIndex].json), heldBecause };
		}
		return { fields, job, identity: identityOf(room.roomId, itemIndex) };
	};
}

/** What became of the owner's task, in the history item; taskDue is the lead's deadline even when the task failed. */
interface OwnerTaskResult {
	taskId: number | null;
	taskDue?: string;
	taskError?: string;
}

/**
 * The owner's task, right after the message in the room's lane. A task that fails leaves the lead
 * delivered and owned (Success, with taskError): the message is in the room and must not be posted again.
 * Exactly once, like the message: when the message was found in the room rather than answered (a
 * retried lead, or a 5xx after Chatwork stored it), or the task's own answer never came, the owner's
 * open tasks are read first and one with the same text is the task.
 */
function createOwnerTask(roomId: number, assignee: number, task: { text: string; dueInMinutes: number }) {
	return async (outcome: DeliveryOutcome, tools: FollowUpTools): Promise<{ result: OwnerTaskResult }> => {
		const existing = () => findOpenTask(tools, roomId, assignee, task.text);
		if (outcome.settled.includes('confirmed')) {
			const found = await existing();
			if (found) return { result: found };
		}
		const request = ownerTaskRequest(roomId, assignee, task, tools.scale);
		const created = await tools.send(request);
		const ids = (created.responses.at(-1)?.body as { task_ids?: unknown } | null)?.task_ids;
		if (created.ok && Array.isArray(ids) && ids.length > 0) {
			return { result: { taskId: Number(ids[0]), taskDue: new Date(Number(request.form!.limit) * 1000).toISOString() } };
		}
		if (created.error?.delivery === 'unknown') {
			const found = await existing();
			if (found) return { result: found };
		}
		const why = created.error?.message ?? 'Chatwork did not answer with a task ID.';
		// The deadline stays: it is the lead's, and an escalation workflow needs it most when there is no task.
		return { result: { taskId: null, taskDue: new Date(Number(request.form!.limit) * 1000).toISOString(), taskError: `The message was posted, but the owner's task was not created: ${why}` } };
	};
}

/** The owner's open task in the room with exactly this text, if there is one. */
async function findOpenTask(tools: FollowUpTools, roomId: number, assignee: number, text: string): Promise<OwnerTaskResult | undefined> {
	const listed = await tools.send({ method: 'GET', path: `/rooms/${roomId}/tasks`, qs: { account_id: assignee, status: 'open' } });
	const tasks = Array.isArray(listed.responses.at(-1)?.body) ? (listed.responses.at(-1)!.body as Array<{ task_id?: unknown; body?: unknown; limit_time?: unknown }>) : [];
	const task = tasks.find((entry) => entry.body === text);
	if (!task) return undefined;
	const limit = Number(task.limit_time);
	return { taskId: Number(task.task_id), ...(limit > 0 ? { taskDue: new Date(limit * 1000).toISOString() } : {}) };
}

/** One day: how far back a retried lead is looked for when its item has no submittedAt. */
const RETRY_LOOKBACK_MS = 24 * 3_600_000;

/** The lead's key in the de-duplication store (node, room, identity), or none when it has no identity. */
function leadIdentity(ctx: IExecuteFunctions) {
	const items = ctx.getInputData();
	const node = ctx.getNode();
	// Opt-in: a store write per execution slowed 50 concurrent SQLite executions past n8n's DB ping (leadFlow e2e).
	const configured = (node.parameters.options as IDataObject | undefined)?.leadIdentity;
	if (configured === undefined || configured === null || String(configured).trim() === '') return () => undefined;
	return (roomId: number, itemIndex: number): ItemPlan['identity'] => {
		const json = items[itemIndex].json;
		const identity = String(ctx.getNodeParameter('options.leadIdentity', itemIndex, '') ?? '').trim();
		if (!identity) return undefined;
		return {
			// Short: n8n's store rewrites a workflow's whole list (up to 10,000 keys) on every call.
			key: `send:${createHash('sha256').update(`${node.id}\n${roomId}\n${identity}`).digest('base64url').slice(0, 22)}`,
			since: sinceOf(json),
		};
	};
}

/** Since when a lead's message could be in the room: its submittedAt, else the last day. */
function sinceOf(json: IDataObject): number {
	const submitted = typeof json.submittedAt === 'string' ? Date.parse(json.submittedAt) : NaN;
	return Number.isFinite(submitted) ? submitted : Date.now() - RETRY_LOOKBACK_MS;
}

/**
 * Records each lead's identity before anything is posted: one seen before (a retried execution, or
 * twice in this input) is looked for in the room and posted only when it is not there.
 */
async function beforeDelivery(ctx: IExecuteFunctions, plans: ItemPlan[]): Promise<void> {
	const identified = plans.filter((plan) => plan.job?.readBack && plan.identity);
	const keys = identified.map((plan) => plan.identity!.key);
	const seenBefore = await recordIfPossible(ctx, [...new Set(keys)]);
	if (!seenBefore) return;
	const seenHere = new Set<string>();
	for (const plan of identified) {
		const { key, since } = plan.identity!;
		if (seenBefore.has(key) || seenHere.has(key)) {
			plan.job!.readBack = {
				...plan.job!.readBack!,
				lookFirstSince: since,
				heldBecause: 'Not posted: this lead was handled before (a retried execution, or the same lead twice)',
			};
		}
		seenHere.add(key);
	}
}

/**
 * Posting a message (its parts in order) in the room's lane: Send and Resend share it. A post whose
 * outcome is unknown is settled by reading the room back (transport/readBack.ts).
 */
export function postMessageJob(roomId: number, parts: string[], selfUnread: boolean, readBack: Omit<ReadBackTarget, 'roomId'> = {}): DeliveryJob {
	const path = `/rooms/${roomId}/messages`;
	return {
		lane: `room:${roomId}`,
		readBack: { roomId, ...readBack },
		requests: parts.map((body) => ({
			method: 'POST' as const,
			path,
			form: { body, self_unread: selfUnread ? 1 : 0 },
			postsToRoom: roomId,
		})),
	};
}

export const send: ChatworkOperation = {
	description,
	prepare,
	signsHistory: true,
	beforeDelivery,
	fieldsFromOutcome(outcome, plan) {
		const ids = outcome.responses
			.filter((response) => response.statusCode < 300)
			.map((response) => String((response.body as { message_id?: unknown } | null)?.message_id ?? ''))
			.filter(Boolean);
		const fields = ids.length > 1 ? { messageId: ids[0], messageIds: ids } : { messageId: ids[0] ?? null };
		const count = plan.job?.requests.length ?? 0;
		const task = outcome.followUpResult as OwnerTaskResult | undefined;
		const withTask = task ? { ...fields, ...task } : fields;
		// A split message says what became of each part, so Resend can post only the missing ones.
		return count > 1 ? { ...withTask, parts: partsFromOutcome(outcome, count) } : withTask;
	},
};
