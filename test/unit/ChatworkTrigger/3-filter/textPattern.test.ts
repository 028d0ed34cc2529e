/**
 * Text Matches under a time budget (issue 25, defect 2): catastrophic patterns against generated
 * adversarial texts. The tests assert that each call returns and what it says, never how fast
 * (bench/textPattern.js measures that).
 */
import fc from 'fast-check';

import { boundedTest, probeThatTimesOut, slowPatternProblem } from '../../../../nodes/ChatworkTrigger/3-filter/boundedMatch';
import { textPattern } from '../../../../nodes/ChatworkTrigger/settings';

const compile = (source: string) => textPattern(source).pattern as RegExp;

/** Patterns with nested or overlapping repetition, each unable to match a text that ends in `end` below. */
const CATASTROPHIC = ['(\\w+\\s?)+$', '^(a+)+$', '^(a|aa)+$', '^(\\d+)*$', '^([a-z0-9]+\\s?)*$', '(x+x+)+y', '^(\\w|\\w\\w)+$', '^(.*a){25}$'].map(compile);
/** Runs of what those patterns repeat, then a character none of them can end on. */
const adversarial = fc
	.tuple(fc.constantFrom('a', 'x', '1', 'a ', 'aa', 'ax1'), fc.integer({ min: 20, max: 60 }), fc.constantFrom('!', '\u0000', '?', '#'))
	.map(([unit, count, end]) => `${unit.repeat(count)}${end}`);

describe('Text Matches under a time budget', () => {
	it('returns for every catastrophic pattern × generated adversarial text, and never says "match"', () => {
		const outcomes = new Set<string>();
		fc.assert(
			fc.property(fc.constantFrom(...CATASTROPHIC), adversarial, (pattern, text) => {
				const outcome = boundedTest(pattern, text);
				outcomes.add(outcome);
				expect(['no_match', 'timeout']).toContain(outcome);
			}),
			{ numRuns: 40 },
		);
		// The budget is what stopped them: at least one took it all.
		expect(outcomes.has('timeout')).toBe(true);
	}, 60_000);

	it('stops the issue\'s case, (\\w+\\s?)+$ on 31 × "a" + "!", and the pattern works afterwards', () => {
		const pattern = compile('(\\w+\\s?)+$');
		expect(boundedTest(pattern, `${'a'.repeat(31)}!`)).toBe('timeout');
		expect(boundedTest(pattern, 'all words here')).toBe('match');
		expect(boundedTest(pattern, 'ends with !')).toBe('no_match');
	});

	it('agrees with RegExp.test for harmless patterns on any text (generated; a long budget, so load cannot decide)', () => {
		const harmless = ['^(対応済み|done)$', 'bot.*\\n対応', '\\d{3}-\\d{4}', '[\\w\\s]+$', '^\\s*$', 'ü', '(?<=a)b'].map(compile);
		fc.assert(
			fc.property(fc.constantFrom(...harmless), fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('done', 'DONE', 'Bot\n対応済み', '123-4567')), (pattern, text) => {
				expect(boundedTest(pattern, text, 10_000)).toBe(pattern.test(text) ? 'match' : 'no_match');
			}),
			{ numRuns: 500 },
		);
	});

	it('finds a probe that times out for the catastrophic patterns, none for harmless ones', () => {
		expect(probeThatTimesOut(compile('(\\w+\\s?)+$'))).toBeDefined();
		expect(probeThatTimesOut(compile('^(a|aa)+$'))).toBeDefined();
		expect(probeThatTimesOut(compile('^(対応済み|done)$'))).toBeUndefined();
		expect(slowPatternProblem(compile('[\\w\\s]+$'))).toBeUndefined();
		expect(slowPatternProblem(compile('(\\w+\\s?)+$'))).toMatch(/runs longer than 100 ms .*"a" repeated, then "!"/);
	});
});
