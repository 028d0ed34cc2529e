import type { RunResult } from '../../support/executeNode';

/** The contract of every sending operation: each input item lands on exactly one output. */
export function expectEachItemOnExactlyOneOutput(result: RunResult, inputCount: number): void {
	const seen = [...result.success, ...result.error].map((item) => (item.pairedItem as { item: number }).item);
	expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: inputCount }, (_, index) => index));
	for (const item of result.success) expect(item.json.status).toBe('success');
	for (const item of result.error) expect(item.json.status).toBe('error');
}
