import { createContext, Script } from 'vm';

/**
 * Text Matches runs a pattern the workflow's owner typed against text any room member wrote, and
 * JavaScript's backtracking engine can take hours on some pairs ((\w+\s?)+$ and 31 × "a" + "!").
 * Each test therefore runs under a watchdog: V8 interrupts a RegExp mid-backtrack when a vm
 * `timeout` expires, so no message holds the event loop longer than this.
 */
export const PATTERN_BUDGET_MS = 100;

export type PatternOutcome = 'match' | 'no_match' | 'timeout';

const NOTHING = /(?:)/;
// One context and one compiled script for every call: the only per-call cost is the watchdog.
const sandbox = createContext({ pattern: NOTHING, text: '' });
const patternTest = new Script('pattern.test(text)');

/** pattern.test(text), or 'timeout' when it could not finish within its budget (the RegExp itself is unharmed). */
export function boundedTest(pattern: RegExp, text: string, budgetMs = PATTERN_BUDGET_MS): PatternOutcome {
	sandbox.pattern = pattern;
	sandbox.text = text;
	try {
		return patternTest.runInContext(sandbox, { timeout: budgetMs }) === true ? 'match' : 'no_match';
	} catch {
		// Out of time (ERR_SCRIPT_EXECUTION_TIMEOUT), or out of backtracking stack: either way undecided.
		return 'timeout';
	} finally {
		// The message is not kept beyond the call.
		sandbox.pattern = NOTHING;
		sandbox.text = '';
	}
}

/**
 * Texts that make a backtracking pattern blow up: a long run of one kind of character that the
 * pattern can split many ways, then one character that makes the whole match fail.
 */
const PROBES = ['a', 'A1', '1', ' ', 'a ', 'あ', '-', '\n', '.'].flatMap((unit) =>
	['!', '\u0000', '\u3000'].map((end) => ({ unit, end, text: `${unit.repeat(Math.ceil(48 / unit.length))}${end}` })),
);

/**
 * A probe the pattern cannot finish within the budget, tried twice so that a busy machine does
 * not refuse a harmless pattern; undefined when every probe finishes. Not a proof of safety: the
 * budget at run time is.
 */
export function probeThatTimesOut(pattern: RegExp): (typeof PROBES)[number] | undefined {
	return PROBES.find(({ text }) => boundedTest(pattern, text) === 'timeout' && boundedTest(pattern, text) === 'timeout');
}

/** What activation says about a pattern some text makes run out of its budget, or undefined. */
export function slowPatternProblem(pattern: RegExp): string | undefined {
	const probe = probeThatTimesOut(pattern);
	if (probe === undefined) return undefined;
	return (
		`Filters → Text Matches runs longer than ${PATTERN_BUDGET_MS} ms on a ${probe.text.length}-character text ` +
		`(${JSON.stringify(probe.unit)} repeated, then ${JSON.stringify(probe.end)}), and any room member can send such a text. ` +
		'Rewrite it so that no part can match the same characters in several ways, e.g. (\\w+\\s?)+$ → [\\w\\s]+$'
	);
}
