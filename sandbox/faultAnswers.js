// @ts-check
'use strict';

/**
 * Fault answers a client cannot tell apart from a gateway or proxy in front of Chatwork: a status
 * answered after the message was stored (the gateway timed out on a Chatwork that did its work),
 * a redirect, and answers without X-RateLimit-* headers (a 429 that carries only Retry-After).
 */

const RATE_LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * The status a scripted answer has, when the rule names none.
 * @param {import('./index').FaultRule} rule
 */
function scriptedStatus(rule) {
	return rule.statusAfterStore ?? rule.status ?? (rule.redirectTo !== undefined ? 307 : 429);
}

/**
 * Headers this rule adds to or removes from an answer (null removes a header).
 * @param {import('./index').FaultRule} rule
 * @param {{ path: string, search: string }} request the path below /v2 and the query string
 * @returns {Record<string, string | null>}
 */
function faultHeaders(rule, request) {
	/** @type {Record<string, string | null>} */
	const headers = {};
	if (rule.rateLimitHeaders === false) for (const name of RATE_LIMIT_HEADERS) headers[name] = null;
	if (rule.redirectTo !== undefined) headers.location = `${rule.redirectTo.replace(/\/+$/, '')}${request.path}${request.search}`;
	for (const [name, value] of Object.entries(rule.headers ?? {})) headers[name.toLowerCase()] = value === null ? null : String(value);
	return headers;
}

/**
 * Sets the headers of an answer, leaving out those given as null.
 * @param {Record<string, string>} headers
 * @param {Record<string, string | null> | undefined} changes
 */
function applyHeaders(headers, changes) {
	for (const [name, value] of Object.entries(changes ?? {})) {
		if (value === null) delete headers[name];
		else headers[name] = value;
	}
}

/**
 * Why a rule about these faults is malformed, if it is.
 * @param {import('./index').FaultRule} rule
 * @returns {string | undefined}
 */
function faultAnswerProblem(rule) {
	if (rule.redirectTo !== undefined) {
		if (!/^https?:\/\//.test(rule.redirectTo)) return 'redirectTo needs an absolute http(s) URL';
		if (rule.status !== undefined && !REDIRECT_STATUSES.has(rule.status)) return 'redirectTo answers 301, 302, 303, 307 or 308';
	}
	if (rule.statusAfterStore !== undefined && !(Number.isInteger(rule.statusAfterStore) && rule.statusAfterStore >= 200 && rule.statusAfterStore < 600)) {
		return 'statusAfterStore needs an HTTP status';
	}
	return undefined;
}

module.exports = { scriptedStatus, faultHeaders, applyHeaders, faultAnswerProblem };
