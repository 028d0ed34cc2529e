// @ts-check
'use strict';

/**
 * Parameter checks driven by a per-route spec that mirrors the RAML
 * (`type`, `required`, `enum`, `minLength`, `maxLength`, `pattern`, `default`).
 *
 * Types: 'string'; 'integer'; 'boolean' (Chatwork's 0/1); 'int-list'
 * (RAML "[string-list:type=integer]", comma-separated account IDs).
 * Lengths count Unicode code points, so an emoji is one character.
 */

/** @param {string} name */
const required = (name) => `Parameter '${name}' is required`;

/**
 * @param {Record<string, import('./index').ParamSpec>} specs
 * @param {Record<string, string>} raw the request's query and form fields, merged
 * @returns {{ values: Record<string, any>, errors: string[] }}
 */
function validateParams(specs, raw) {
	/** @type {Record<string, any>} */
	const values = {};
	/** @type {string[]} */
	const errors = [];
	for (const [name, spec] of Object.entries(specs)) {
		const given = Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined;
		if (given === undefined || (given === '' && spec.required)) {
			if (spec.required) errors.push(required(name));
			else if (spec.default !== undefined) values[name] = spec.default;
			continue;
		}
		const result = checkOne(name, spec, given);
		if (typeof result === 'object' && result !== null && 'error' in result) errors.push(result.error);
		else values[name] = result;
	}
	return { values, errors };
}

/**
 * @param {string} name
 * @param {import('./index').ParamSpec} spec
 * @param {string} given
 * @returns {any}
 */
function checkOne(name, spec, given) {
	if (spec.enum && !spec.enum.includes(given)) {
		return { error: `Parameter '${name}' must be one of: ${spec.enum.join(', ')}` };
	}
	switch (spec.type) {
		case 'integer':
			if (!/^-?\d+$/.test(given)) return { error: `Parameter '${name}' must be an integer` };
			return Number(given);
		case 'boolean':
			if (given !== '0' && given !== '1') return { error: `Parameter '${name}' must be 0 or 1` };
			return given === '1';
		case 'int-list': {
			const items = given.split(',').map((s) => s.trim());
			if (items.some((s) => !/^\d+$/.test(s))) {
				return { error: `Parameter '${name}' must be a comma-separated list of account IDs` };
			}
			return items.map(Number);
		}
		case 'string':
		default: {
			const length = [...given].length;
			if (spec.minLength !== undefined && length < spec.minLength) {
				return { error: `Parameter '${name}' must be at least ${spec.minLength} characters` };
			}
			if (spec.maxLength !== undefined && length > spec.maxLength) {
				return { error: `Parameter '${name}' must be at most ${spec.maxLength} characters` };
			}
			if (spec.pattern && !new RegExp(spec.pattern).test(given)) {
				return { error: `Parameter '${name}' is invalid` };
			}
			return given;
		}
	}
}

module.exports = { validateParams };
