/**
 * How many generated cases a property with `numRuns` really gets: all of them in `npm run test:unit`
 * and `npm test`; at most QUICK_PROPERTY_RUNS in `npm run test:quick` (test/support/quickFastCheck.js).
 * For the checks that count runs.
 */
export function runsOf(numRuns: number): number {
	return Math.min(numRuns, Number(process.env.QUICK_PROPERTY_RUNS) || numRuns);
}

/**
 * The least count that shows a generator reached a kind of case in `fraction` of `numRuns` runs,
 * for `toBeGreaterThanOrEqual`. In `npm run test:quick` it is 0: 15 runs are too few to count on a
 * fraction (one run in twenty is missed by chance about half the time), and the full counts check it.
 */
export function reachedIn(fraction: number, numRuns: number): number {
	return process.env.QUICK_PROPERTY_RUNS ? 0 : fraction * numRuns;
}
