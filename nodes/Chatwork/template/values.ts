import { TrustedText } from './trusted';

/** How a data value reads in a message: arrays joined with ", ", objects as JSON, nothing for null/undefined. */
export function toText(value: unknown): string {
	switch (typeof value) {
		case 'string':
			return value;
		case 'number':
		case 'bigint':
			return String(value);
		case 'boolean':
			return value ? 'true' : 'false';
		case 'object':
			if (value === null) return '';
			if (value instanceof TrustedText) return value.text;
			if (Array.isArray(value)) return joinValues(value, ', ');
			if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
			return toJson(value) ?? '';
		default:
			return '';
	}
}

/** Joins the non-empty entries of a list; null/undefined entries are skipped rather than left as gaps. */
export function joinValues(values: readonly unknown[], separator: string): string {
	const parts: string[] = [];
	for (const value of values) {
		if (value !== null && value !== undefined) parts.push(toText(value));
	}
	return parts.join(separator);
}

/** JSON without throwing: BigInt becomes a string, anything unserialisable yields undefined. */
export function toJson(value: unknown, indent?: number | string): string | undefined {
	try {
		return JSON.stringify(value, bigIntAsString, indent);
	} catch {
		return undefined;
	}
}

function bigIntAsString(_key: string, value: unknown): unknown {
	if (typeof value === 'bigint') return value.toString();
	if (value instanceof TrustedText) return value.text;
	return value;
}

/** A form field left empty: missing, empty or blank text, or an empty list. */
export function isBlank(value: unknown): boolean {
	if (value === null || value === undefined) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (value instanceof TrustedText) return value.text.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	return false;
}
