// @ts-check
/** How the n8n bench writes numbers, in its progress lines and its table. */
'use strict';

const { percentile } = require('./measuring');

const s = (/** @type {number} */ ms) => (ms / 1000).toFixed(2);
const ms = (/** @type {number} */ value) => value.toFixed(1);
const mib = (/** @type {number} */ kb) => (kb / 1024).toFixed(0);
const mark = (/** @type {boolean} */ ok) => (ok ? 'met' : 'MISSED');

/** @param {any} run */
function brief(run) {
	return `${run.status}, node ${s(run.senderMs)} s, execution ${s(run.executionMs)} s, delivered ${run.delivered}, 429s ${run.tooMany}, healthz p99 ${ms(percentile(run.probe.latencies, 99))} ms`;
}

module.exports = { s, ms, mib, mark, brief };
