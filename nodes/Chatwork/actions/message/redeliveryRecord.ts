import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Redeliveries remembered per workflow; Max Age keeps the keys that matter far below this. */
export const REDELIVERY_RECORD_SIZE = 10_000;

const OPTIONS = { mode: 'entries' as const, maxEntries: REDELIVERY_RECORD_SIZE };

/**
 * n8n's store reads, then writes its list: two overlapping runs of one workflow would both see a
 * key as new. Within one n8n process every read-and-write of a workflow's record runs in turn.
 */
const turns = new Map<string, Promise<unknown>>();

async function inTurn<T>(workflowId: string, work: () => Promise<T>): Promise<T> {
	const previous = turns.get(workflowId) ?? Promise.resolve();
	const current = previous.then(work, work);
	const settled = current.catch(() => undefined);
	turns.set(workflowId, settled);
	try {
		return await current;
	} finally {
		if (turns.get(workflowId) === settled) turns.delete(workflowId);
	}
}

function storeOf(ctx: IExecuteFunctions) {
	const helpers = ctx.helpers as Partial<IExecuteFunctions['helpers']>;
	if (typeof helpers.checkProcessedAndRecord !== 'function' || typeof helpers.removeProcessed !== 'function') {
		throw new NodeOperationError(ctx.getNode(), 'Resend needs n8n\'s de-duplication store (this.helpers.checkProcessedAndRecord), which this n8n does not offer.');
	}
	return { workflowId: String(ctx.getWorkflow().id ?? ''), helpers: helpers as IExecuteFunctions['helpers'] };
}

/** Records the keys in n8n's de-duplication store (scope workflow); returns those recorded before. */
export async function recordRedeliveries(ctx: IExecuteFunctions, keys: string[]): Promise<Set<string>> {
	if (keys.length === 0) return new Set();
	const { workflowId, helpers } = storeOf(ctx);
	const result = await inTurn(workflowId, () => helpers.checkProcessedAndRecord(keys, 'workflow', OPTIONS));
	return new Set(result.processed.map(String));
}

/**
 * Records keys like recordRedeliveries, for Send's lead identities; undefined when this n8n has no
 * de-duplication store (Send then posts as before rather than refuse to work).
 */
export async function recordIfPossible(ctx: IExecuteFunctions, keys: string[]): Promise<Set<string> | undefined> {
	const helpers = ctx.helpers as Partial<IExecuteFunctions['helpers']>;
	if (typeof helpers.checkProcessedAndRecord !== 'function') return undefined;
	return await recordRedeliveries(ctx, keys);
}

/** Forgets keys whose redelivery surely did not reach Chatwork, so a later run may try again. */
export async function forgetRedeliveries(ctx: IExecuteFunctions, keys: string[]): Promise<void> {
	if (keys.length === 0) return;
	const { workflowId, helpers } = storeOf(ctx);
	await inTurn(workflowId, () => helpers.removeProcessed(keys, 'workflow', OPTIONS));
}
