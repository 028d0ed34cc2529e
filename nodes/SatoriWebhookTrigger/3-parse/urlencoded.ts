import { Rejection } from '../rejection';
import { MAX_FIELDS } from '../inputLimits';

const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;

function hexValue(byte: number): number {
	if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
	if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
	if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
	return -1;
}

/** `+` is a space and `%XY` a byte; the text encoding is applied later, once it is known. */
function unescapeComponent(bytes: Buffer): Buffer {
	const out = Buffer.allocUnsafe(bytes.length);
	let length = 0;
	for (let i = 0; i < bytes.length; i++) {
		const byte = bytes[i];
		if (byte === PLUS) {
			out[length++] = SPACE;
		} else if (byte === PERCENT) {
			const complete = i + 2 < bytes.length;
			const high = complete ? hexValue(bytes[i + 1]) : -1;
			const low = complete ? hexValue(bytes[i + 2]) : -1;
			if (high === -1 || low === -1) throw new Rejection(400, 'malformed_form');
			out[length++] = high * 16 + low;
			i += 2;
		} else {
			out[length++] = byte;
		}
	}
	return out.subarray(0, length);
}

/**
 * Splits application/x-www-form-urlencoded bytes into unescaped [key, value] byte pairs in order,
 * keeping repeated keys. Stays on bytes so that the form's own encoding (UTF-8, Shift_JIS …) decodes
 * them, and so that invalid bytes — escaped or not — are caught there.
 */
export function parseUrlencoded(raw: Buffer): Array<[Buffer, Buffer]> {
	let body = raw;
	if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);

	const segments: Buffer[] = [];
	let start = 0;
	for (let i = 0; i <= body.length; i++) {
		if (i === body.length || body[i] === AMPERSAND) {
			if (i > start) segments.push(body.subarray(start, i));
			if (segments.length > MAX_FIELDS) throw new Rejection(413, 'too_many_fields', String(MAX_FIELDS));
			start = i + 1;
		}
	}

	return segments.map((segment): [Buffer, Buffer] => {
		const eq = segment.indexOf(EQUALS);
		const key = eq === -1 ? segment : segment.subarray(0, eq);
		const value = eq === -1 ? Buffer.alloc(0) : segment.subarray(eq + 1);
		return [unescapeComponent(key), unescapeComponent(value)];
	});
}
