/**
 * n8n's de-duplication store (scope workflow) as a Set, attached to an execute-context stand-in:
 * records keys, reports those recorded before, forgets keys. Atomic, unlike n8n's (see the History test).
 */
export function attachSeenStore(
	ctx: { getWorkflow?: unknown; helpers: Record<string, unknown> },
	records: Set<string>,
	workflowId: string,
): void {
	ctx.getWorkflow = () => ({ id: workflowId, name: workflowId, active: true });
	ctx.helpers.checkProcessedAndRecord = async (keys: string[], scope: string) => {
		if (scope !== 'workflow') throw new Error(`the node asked for scope ${scope}, not workflow`);
		const processed = keys.filter((key) => records.has(key));
		for (const key of keys) records.add(key);
		return { new: keys.filter((key) => !processed.includes(key)), processed };
	};
	ctx.helpers.removeProcessed = async (keys: string[]) => keys.forEach((key) => records.delete(key));
}
