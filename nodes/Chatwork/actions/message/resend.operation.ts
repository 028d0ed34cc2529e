import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MAX_MESSAGE_LENGTH } from '../../transport/limits';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { parseRoomId } from '../shared/room.parameter';
import type { PartRecord } from './messageParts';
import { readParts } from './messageParts';
import { historySigningKey, verifyHistory } from '../../historySignature';
import { forgetRedeliveries, recordRedeliveries, REDELIVERY_RECORD_SIZE } from './redeliveryRecord';
import { postMessageJob, selfUnreadField, send } from './send.operation';
import { splitMessage } from './splitMessage';

const show = { resource: ['message'], operation: ['resend'] };

const description: INodeProperties[] = [
	{
		displayName:
			'Input: history items of this node (its Error output, or rows read back from a Data Table). Each is posted again exactly as stored (message, roomId), at most once per historyId. Only rows this node signed are resent; a row whose delivery was unknown is first looked for in the room.',
		name: 'resendNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Max Age (Hours)',
		name: 'maxAgeHours',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 72,
		description:
			'History items whose sentAt is older than this are not resent (a late lead alert misleads more than it helps). 0 = no limit. Items without sentAt are refused unless this is 0.',
		displayOptions: { show },
	},
	{
		displayName: 'Include Unknown Deliveries',
		name: 'includeUnknownDeliveries',
		type: 'boolean',
		default: false,
		description: `Whether to resend items with delivery "unknown" and no code (the request was sent but no answer came: timeout, connection reset). Chatwork may already have posted them, so this can post a message twice. Such items are first looked for in the room (found: not posted again, not found: posted once); this option decides only when the room cannot be read (no permission, room gone, more than 100 newer messages). At most ${REDELIVERY_RECORD_SIZE.toLocaleString('en-US')} redeliveries per workflow are remembered.`,
		displayOptions: { show },
	},
	selfUnreadField(show),
];

/** What Resend needs from a history item, nested (the node's default) or flat (a stored row). */
interface StoredHistory {
	key: string;
	status: unknown;
	delivery: unknown;
	code: number | null;
	roomId: number | undefined;
	message: string | undefined;
	sentAt: Date | undefined;
	/** A split message's parts as the row recorded them; undefined for one part. */
	parts: PartRecord[] | undefined;
}

export function readStoredHistory(json: IDataObject): StoredHistory {
	const error = typeof json.error === 'object' && json.error !== null ? (json.error as IDataObject) : undefined;
	const roomId = parseRoomId(json.roomId);
	const message = typeof json.message === 'string' && json.message.trim() !== '' ? json.message : undefined;
	const sentAt = json.sentAt ? new Date(json.sentAt as string) : undefined;
	const historyId = typeof json.historyId === 'string' ? json.historyId.trim() : '';
	return {
		// A nested item has no historyId: the same item always gives the same key.
		key:
			historyId ||
			`nested:${createHash('sha256')
				.update(JSON.stringify([json.roomId ?? null, json.sentAt ?? null, json.message ?? null]))
				.digest('hex')}`,
		status: json.status,
		delivery: json.delivery ?? error?.delivery,
		code: json.code === null || json.code === undefined || json.code === '' || Number.isNaN(Number(json.code)) ? null : Number(json.code),
		roomId,
		message,
		sentAt: sentAt && !Number.isNaN(sentAt.getTime()) ? sentAt : undefined,
		parts: readParts(json.parts),
	};
}

/** Delivered or not, Chatwork may have it: looked for in the room before anything is posted. */
function mayHaveBeenPosted(stored: StoredHistory): boolean {
	return stored.delivery === 'unknown' || (stored.parts?.some((part) => part.delivery === 'unknown') ?? false);
}

/** Why a stored history item is not resent, or undefined when it may be. */
export function refusal(stored: StoredHistory, rules: { maxAgeMs: number; now: number }): string | undefined {
	if (stored.status === 'success') return 'Not resent: this history item was delivered (status success).';
	if (stored.status !== 'error') {
		return 'Not resent: this is not a Chatwork history item (status must be "error"). Connect the Error output of a Chatwork node, or rows stored from it.';
	}
	if (rules.maxAgeMs > 0) {
		if (!stored.sentAt) return 'Not resent: the history item has no sentAt, so its age cannot be checked against Max Age (set Max Age to 0 to allow it).';
		const ageMs = rules.now - stored.sentAt.getTime();
		if (ageMs > rules.maxAgeMs) {
			return `Not resent: sent ${Math.floor(ageMs / 3_600_000)} hours ago, older than Max Age (${rules.maxAgeMs / 3_600_000} hours).`;
		}
	}
	if (stored.roomId === undefined) return 'Not resent: the history item has no valid roomId.';
	if (stored.message === undefined) return 'Not resent: the history item has no message text to resend.';
	return undefined;
}

function prepare(this: IExecuteFunctions) {
	const items = this.getInputData();
	const now = Date.now();
	let key: Promise<Buffer> | undefined;
	return async (itemIndex: number): Promise<ItemPlan> => {
		const row = items[itemIndex].json;
		const stored = readStoredHistory(row);
		const fields = { roomId: stored.roomId ?? null, messageId: null, message: stored.message ?? null, redeliveryOf: stored.key };
		if (stored.status === 'error' && !verifyHistory(await (key ??= historySigningKey(this)), row)) {
			return { notSent: 'Not resent: this row was edited or not written by this node (its signature does not verify with this credential).', fields };
		}
		const reason = refusal(stored, {
			maxAgeMs: (this.getNodeParameter('maxAgeHours', itemIndex, 72) as number) * 3_600_000,
			now,
		});
		if (reason !== undefined) return { notSent: reason, fields };
		const message = stored.message!;
		const parts = message.length > MAX_MESSAGE_LENGTH ? splitMessage(message, MAX_MESSAGE_LENGTH) : [message];
		const selfUnread = this.getNodeParameter('selfUnread', itemIndex, false) as boolean;
		// Parts the row says are in the room are not posted again; a part whose fate is unknown is looked for first.
		const known = stored.parts?.length === parts.length ? stored.parts : undefined;
		const readBack = {
			knownIds: known?.map((part) => (part.delivery === 'delivered' || part.delivery === 'confirmed' ? part.messageId : null)),
			...(mayHaveBeenPosted(stored)
				? {
						lookFirstSince: stored.sentAt?.getTime() ?? 0,
						postWhenUnreadable: this.getNodeParameter('includeUnknownDeliveries', itemIndex, false) as boolean,
					}
				: {}),
		};
		return { fields, job: postMessageJob(stored.roomId!, parts, selfUnread, readBack) };
	};
}

/** Records every key before anything is sent; a key recorded before (or twice in the input) is refused. */
async function beforeDelivery(ctx: IExecuteFunctions, plans: ItemPlan[]): Promise<void> {
	const seen = new Set<string>();
	const keyed: ItemPlan[] = [];
	for (const plan of plans) {
		if (!plan.job) continue;
		const key = String(plan.fields.redeliveryOf);
		if (seen.has(key)) {
			refuse(plan, `Not resent: already redelivered — history ${key} appears earlier in this input.`);
			continue;
		}
		seen.add(key);
		keyed.push(plan);
	}
	const recorded = await recordRedeliveries(ctx, [...seen]);
	for (const plan of keyed) {
		const key = String(plan.fields.redeliveryOf);
		if (recorded.has(key)) refuse(plan, `Not resent: already redelivered — history ${key} was resent by an earlier run of this workflow.`);
	}
}

/**
 * A redelivery that surely did not reach the room (refused, not posted, or held back because the room
 * could not be read) is forgotten, so a later run may try it again. One that posted and ended unknown
 * was already read back and the room could not tell: it stays recorded, so no later run posts a second copy.
 */
async function afterDelivery(ctx: IExecuteFunctions, plans: ItemPlan[], outcomes: Parameters<NonNullable<ChatworkOperation['afterDelivery']>>[2]) {
	const retry = plans
		.filter((plan, index) => {
			const outcome = outcomes[index];
			return outcome && !outcome.ok && (outcome.error?.delivery !== 'unknown' || outcome.attempts === 0);
		})
		.map((plan) => String(plan.fields.redeliveryOf));
	await forgetRedeliveries(ctx, retry);
}

function refuse(plan: ItemPlan, reason: string) {
	plan.job = undefined;
	plan.notSent = reason;
}

export const resend: ChatworkOperation = {
	description,
	prepare,
	signsHistory: true,
	beforeDelivery,
	afterDelivery,
	fieldsFromOutcome: send.fieldsFromOutcome,
};
