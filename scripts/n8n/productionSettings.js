// @ts-check
/**
 * The n8n environment docs/performance.md → Production settings recommends: bench/n8n.js row 6 measures it
 * against n8n's defaults, and the demo runs with it.
 */
'use strict';

const PRODUCTION_SETTINGS = Object.freeze({
	// An execution takes an expression isolate only when an expression needs one.
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
	// A second warm isolate, for workflows where both the trigger and a later node need one.
	N8N_EXPRESSION_ENGINE_POOL_SIZE: '2',
});

module.exports = { PRODUCTION_SETTINGS };
