// @ts-check
/**
 * Issue 25, defect 2: what the Chatwork Trigger's bounded Text Matches costs. Per call, a harmless
 * pattern run under the vm watchdog vs RegExp.test directly (the watchdog's price, paid on every
 * webhook that has a pattern), and how long the catastrophic pair holds the event loop now.
 * BENCH_PATTERN_CALLS (20000).
 */
'use strict';

const { boundedTest, PATTERN_BUDGET_MS } = require('../dist/nodes/ChatworkTrigger/3-filter/boundedMatch');

const CALLS = Number(process.env.BENCH_PATTERN_CALLS ?? 20_000);

/** @param {() => void} work @param {number} calls */
function usPerCall(work, calls) {
	for (let n = 0; n < Math.min(1000, calls); n++) work(); // warm-up
	const started = process.hrtime.bigint();
	for (let n = 0; n < calls; n++) work();
	return Number(process.hrtime.bigint() - started) / 1000 / calls;
}

/** @param {number[]} values @param {number} p */
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

async function main() {
	const harmless = /^(対応済み|done)$/iu;
	const text = 'Lead Botさん\n対応済み';
	const direct = usPerCall(() => harmless.test(text), CALLS);
	const bounded = usPerCall(() => boundedTest(harmless, text), CALLS);
	const evil = /(\w+\s?)+$/iu;
	const held = [];
	for (const length of [26, 31, 40, 1000]) {
		const started = performance.now();
		const outcome = boundedTest(evil, `${'a'.repeat(length)}!`);
		held.push([length, performance.now() - started, outcome]);
	}
	const laps = [];
	for (let n = 0; n < 2000; n++) {
		const started = performance.now();
		boundedTest(harmless, text);
		laps.push(performance.now() - started);
	}
	console.log(`\nText Matches (Chatwork Trigger), budget ${PATTERN_BUDGET_MS} ms, ${CALLS} calls, Node ${process.version}`);
	console.log(`| case | result |`);
	console.log(`|---|---|`);
	console.log(`| harmless pattern, RegExp.test | ${direct.toFixed(2)} µs per call |`);
	console.log(`| harmless pattern, bounded | ${bounded.toFixed(1)} µs per call (p99 of 2000: ${(percentile(laps, 99) * 1000).toFixed(0)} µs) |`);
	for (const [length, ms, outcome] of held) {
		console.log(`| (\\w+\\s?)+$ on ${length} × "a" + "!" | ${outcome} after ${Number(ms).toFixed(0)} ms (goal ≤ ~${PATTERN_BUDGET_MS} ms) |`);
	}
}

module.exports = { main };

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
