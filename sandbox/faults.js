// @ts-check
'use strict';

/**
 * Scripted faults: a rule matches requests by method, path and room, applies to the
 * next `times` of them (after letting `skip` pass), and either answers for the
 * server (status/body/headers, a Chatwork 429 of either kind, or a redirect), or breaks the
 * connection or answers a gateway's status around the moment a message is stored.
 */

const { faultAnswerProblem } = require('./faultAnswers');

/** @typedef {import('./index').FaultRule} FaultRule */
/** @typedef {import('./index').FaultHandle} FaultHandle */
/** @typedef {{ method: string, path: string, template: string | null, roomId: number | null }} FaultTarget */

class FaultScript {
	constructor() {
		/** @type {{ rule: FaultRule, seen: number, hits: number, cancelled: boolean }[]} */
		this.entries = [];
	}

	/**
	 * @param {FaultRule} rule
	 * @returns {FaultHandle}
	 */
	add(rule) {
		checkRule(rule);
		const entry = { rule: { ...rule }, seen: 0, hits: 0, cancelled: false };
		this.entries.push(entry);
		const times = rule.times ?? Infinity;
		return {
			get hits() {
				return entry.hits;
			},
			get remaining() {
				return entry.cancelled ? 0 : times - entry.hits;
			},
			get done() {
				return entry.cancelled || entry.hits >= times;
			},
			cancel() {
				entry.cancelled = true;
			},
		};
	}

	/**
	 * The rule that applies to this request, if any; counts it as used.
	 * @param {FaultTarget} target
	 * @returns {FaultRule | undefined}
	 */
	take(target) {
		for (const entry of this.entries) {
			const { rule } = entry;
			if (entry.cancelled || entry.hits >= (rule.times ?? Infinity)) continue;
			if (!matches(rule, target)) continue;
			entry.seen++;
			if (entry.seen <= (rule.skip ?? 0)) continue;
			entry.hits++;
			return rule;
		}
		return undefined;
	}

	clear() {
		this.entries = [];
	}
}

/**
 * @param {FaultRule} rule
 * @param {FaultTarget} target
 */
function matches(rule, target) {
	if (rule.method !== undefined && rule.method.toUpperCase() !== target.method) return false;
	if (rule.roomId !== undefined && rule.roomId !== target.roomId) return false;
	if (rule.path instanceof RegExp) {
		if (!rule.path.test(target.path)) return false;
	} else if (rule.path !== undefined) {
		// '/rooms/1001/messages' matches that room only; '/rooms/{room_id}/messages' any room.
		const template = target.template?.split(' ')[1];
		if (rule.path !== target.path && rule.path !== template) return false;
	}
	return true;
}

/** @param {FaultRule} rule */
function checkRule(rule) {
	const responds = rule.status !== undefined || rule.rateLimit !== undefined || rule.redirectTo !== undefined;
	const actions = [
		responds,
		rule.resetBeforeStore === true,
		rule.resetAfterStore === true,
		rule.delayAfterStoreMs !== undefined,
		rule.statusAfterStore !== undefined,
	];
	const count = actions.filter(Boolean).length;
	if (count > 1) {
		throw new Error(
			'a fault rule does one thing: respond (status/rateLimit/redirectTo), resetBeforeStore, resetAfterStore, delayAfterStoreMs or statusAfterStore',
		);
	}
	if (count === 0 && rule.delayMs === undefined) {
		throw new Error(
			'a fault rule needs an action: status, rateLimit, redirectTo, resetBeforeStore, resetAfterStore, delayAfterStoreMs, statusAfterStore or delayMs',
		);
	}
	if (rule.redirectTo !== undefined && rule.rateLimit !== undefined) throw new Error('redirectTo answers a redirect; leave rateLimit out');
	const problem = faultAnswerProblem(rule);
	if (problem) throw new Error(problem);
	if (rule.rateLimit !== undefined && rule.status !== undefined && rule.status !== 429) {
		throw new Error('rateLimit answers 429; leave status out');
	}
}

module.exports = { FaultScript };
