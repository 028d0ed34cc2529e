import { Rejection } from './rejection';

/** Bounds on the shape of a submission, whatever its content type. A real form stays far below them. */
export const MAX_FIELDS = 1000;
export const MAX_FILES = 10;
export const MAX_DEPTH = 5;
export const MAX_KEY_LENGTH = 200;

/** Names that reach into an object's prototype when used as a key (or a path segment) downstream. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type FormValue = string | number | boolean | null | FormValue[] | { [key: string]: FormValue };

export function checkKey(key: string): void {
	// `a[__proto__]` and `constructor.prototype` are how qs-style and path-style parsers get polluted.
	if (key.split(/[[\].]/).some((segment) => FORBIDDEN_KEYS.has(segment))) {
		throw new Rejection(400, 'forbidden_field_name', key);
	}
	if ([...key].length > MAX_KEY_LENGTH) {
		throw new Rejection(400, 'field_name_too_long', String(MAX_KEY_LENGTH));
	}
}


/** JSON escapes can spell half a surrogate pair, which no UTF-8 text can hold. */
function checkWellFormed(text: string): string {
	if (LONE_SURROGATE.test(text)) throw new Rejection(400, 'invalid_utf8');
	return text;
}

/**
 * Walks a parsed JSON value and copies it into fresh objects, refusing forbidden keys,
 * too many entries (counted over the whole tree) and too deep nesting.
 */
export function copyChecked(value: unknown, depth = 1, counter = { entries: 0 }): FormValue {
	if (typeof value === 'string') return checkWellFormed(value);
	if (value === null || typeof value === 'boolean') return value;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (depth > MAX_DEPTH) throw new Rejection(400, 'too_deeply_nested', String(MAX_DEPTH));
	if (Array.isArray(value)) {
		counter.entries += value.length;
		if (counter.entries > MAX_FIELDS) throw new Rejection(413, 'too_many_fields', String(MAX_FIELDS));
		return value.map((element) => copyChecked(element, depth + 1, counter));
	}
	if (typeof value === 'object') {
		const keys = Object.keys(value);
		counter.entries += keys.length;
		if (counter.entries > MAX_FIELDS) throw new Rejection(413, 'too_many_fields', String(MAX_FIELDS));
		const copy: { [key: string]: FormValue } = {};
		for (const key of keys) {
			checkKey(checkWellFormed(key));
			copy[key] = copyChecked((value as Record<string, unknown>)[key], depth + 1, counter);
		}
		return copy;
	}
	return null;
}
