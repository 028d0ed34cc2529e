// @ts-check
/**
 * fast-check for `npm run test:quick`, the inner loop: the same properties with at most
 * QUICK_RUNS generated cases each (seeds stay random, a failure still prints its seed). The full
 * counts run in `npm run test:unit` and `npm test`, which CI runs.
 */
'use strict';

/** The file itself, not the package name: jest maps the name 'fast-check' to this module. */
/** @type {any} */
const real = require('../../node_modules/fast-check/lib/cjs/fast-check.js');

const QUICK_RUNS = 15;
// test/unit/support/propertyRuns.ts reads it, for the tests that count their runs.
process.env.QUICK_PROPERTY_RUNS = String(QUICK_RUNS);

/** @param {{ numRuns?: number } | undefined} params */
const clamped = (params) => ({ ...params, numRuns: Math.min(params?.numRuns ?? 100, QUICK_RUNS) });

/** @type {Record<string, unknown>} */
const quick = {
	...real,
	/** @param {any} property @param {any} [params] */
	assert: (property, params) => real.assert(property, clamped(params)),
	/** @param {any} property @param {any} [params] */
	check: (property, params) => real.check(property, clamped(params)),
};
quick.default = quick;
module.exports = quick;
