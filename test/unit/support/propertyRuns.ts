/**
 * How many generated cases a property with `numRuns` really gets: all of them in `npm run test:unit`
 * and `npm test`; at most QUICK_PROPERTY_RUNS in `npm run test:quick` (test/support/quickFastCheck.js).
 * For the checks that a generator reached its cases, which count runs.
 */
export function runsOf(numRuns: number): number {
	return Math.min(numRuns, Number(process.env.QUICK_PROPERTY_RUNS) || numRuns);
}
