import { stat } from 'fs/promises';

import type { ParsedMultipart } from '../../shared/rawBody';
import { Rejection } from '../rejection';
import { MAX_FIELDS, MAX_FILES } from '../inputLimits';

export interface UploadedFile {
	/** The form field the file came in, without a trailing `[]`. */
	field: string;
	fileName: string;
	mimeType: string;
	size: number;
	/** Where n8n's parser left it (deleted by n8n after `webhook()` returns) … */
	path?: string;
	/** … or its bytes, when the node parsed the body itself. */
	bytes?: Buffer;
}

export interface FormParts {
	fields: Array<[string, string]>;
	files: UploadedFile[];
}

function asList(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [value];
}

interface FormidableFile {
	filepath: string;
	originalFilename?: string | null;
	newFilename?: string;
	mimetype?: string | null;
	size?: number;
}

function isFormidableFile(value: unknown): value is FormidableFile {
	return typeof value === 'object' && value !== null && typeof (value as FormidableFile).filepath === 'string';
}

/**
 * formidable stores a part named `__proto__` with a plain assignment, which swaps the prototype of
 * its result object instead of adding a key; a swapped prototype is the only trace of it.
 */
function checkPrototype(record: object): void {
	const prototype: unknown = Object.getPrototypeOf(record);
	if (prototype !== Object.prototype && prototype !== null) {
		throw new Rejection(400, 'forbidden_field_name', '__proto__');
	}
}

/** Reads the `{data, files}` that n8n's server (formidable) made of a multipart body, decoded as UTF-8. */
export async function fromN8nMultipart(parsed: ParsedMultipart): Promise<FormParts> {
	checkPrototype(parsed.data);
	checkPrototype(parsed.files);
	const fields: Array<[string, string]> = [];
	for (const key of Object.keys(parsed.data)) {
		for (const value of asList(parsed.data[key])) {
			if (typeof value !== 'string') throw new Rejection(400, 'malformed_form');
			fields.push([key, value]);
		}
	}

	const files: UploadedFile[] = [];
	for (const key of Object.keys(parsed.files)) {
		for (const file of asList(parsed.files[key])) {
			if (!isFormidableFile(file)) throw new Rejection(400, 'malformed_form');
			const size = typeof file.size === 'number' ? file.size : (await stat(file.filepath)).size;
			files.push({
				field: key,
				fileName: file.originalFilename || file.newFilename || 'file',
				mimeType: file.mimetype || 'application/octet-stream',
				size,
				path: file.filepath,
			});
		}
	}
	return { fields, files };
}

/** A multipart body split into its parts, names and values still bytes in the form's encoding. */
export interface MultipartBytes {
	fields: Array<[Buffer, Buffer]>;
	files: Array<{ name: Buffer; fileName: Buffer; mimeType: string; bytes: Buffer }>;
}

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const HEADERS_END = Buffer.from('\r\n\r\n');
const DISPOSITION_PARAMETER = /;\s*([^=\s;]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))/g;

const malformed = () => new Rejection(400, 'malformed_form');

/** HTML's form serialiser writes `"`, CR and LF in names as %22, %0D and %0A. */
function unescapeName(latin1: string): Buffer {
	return Buffer.from(
		latin1.replace(/%(22|0D|0A)/gi, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16))),
		'latin1',
	);
}

/** Content-Disposition `form-data; name="…"; filename="…"` and Content-Type of one part. */
function readPartHeaders(headerBytes: Buffer): { name: Buffer; fileName?: Buffer; mimeType?: string } {
	let disposition: string | undefined;
	let mimeType: string | undefined;
	// latin1 keeps every byte as one character, so names in Shift_JIS survive until decoded.
	for (const line of headerBytes.toString('latin1').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon <= 0) throw malformed();
		const header = line.slice(0, colon).trim().toLowerCase();
		if (header === 'content-disposition') disposition = line.slice(colon + 1).trim();
		if (header === 'content-type') mimeType = line.slice(colon + 1).trim();
	}
	if (disposition === undefined || !/^form-data\s*(;|$)/i.test(disposition)) throw malformed();
	const parameters = new Map<string, string>();
	for (const match of disposition.matchAll(DISPOSITION_PARAMETER)) {
		parameters.set(match[1].toLowerCase(), match[2] ?? match[3]);
	}
	const name = parameters.get('name');
	if (name === undefined) throw malformed();
	const fileName = parameters.get('filename');
	return { name: unescapeName(name), fileName: fileName === undefined ? undefined : unescapeName(fileName), mimeType };
}

/**
 * Splits multipart/form-data bytes (RFC 7578) into parts without decoding any text: the form's
 * encoding, which a `_charset_` part may name, is applied afterwards.
 */
export function splitMultipart(raw: Buffer, boundary: string | undefined): MultipartBytes {
	if (boundary === undefined || boundary === '' || boundary.length > 70) throw malformed();
	const delimiter = Buffer.from(`--${boundary}`, 'latin1');
	const separator = Buffer.from(`\r\n--${boundary}`, 'latin1');
	let position = raw.subarray(0, delimiter.length).equals(delimiter) ? 0 : raw.indexOf(separator) + 2;
	if (position === 1) throw malformed();
	position += delimiter.length;

	const parts: MultipartBytes = { fields: [], files: [] };
	for (;;) {
		if (raw[position] === DASH && raw[position + 1] === DASH) return parts;
		while (raw[position] === 0x20 || raw[position] === 0x09) position++;
		if (raw[position] !== CR || raw[position + 1] !== LF) throw malformed();
		position += 2;
		const end = raw.indexOf(separator, position);
		if (end === -1) throw malformed();
		const part = raw.subarray(position, end);
		position = end + separator.length;

		const headersEnd = part.indexOf(HEADERS_END);
		if (headersEnd <= 0) throw malformed();
		const { name, fileName, mimeType } = readPartHeaders(part.subarray(0, headersEnd));
		const content = part.subarray(headersEnd + HEADERS_END.length);
		if (fileName === undefined) {
			parts.fields.push([name, content]);
			if (parts.fields.length > MAX_FIELDS) throw new Rejection(413, 'too_many_fields', String(MAX_FIELDS));
		} else if (fileName.length > 0 || content.length > 0) {
			// A file input left empty arrives as a nameless, empty part; n8n drops those too.
			parts.files.push({ name, fileName, mimeType: mimeType || 'application/octet-stream', bytes: content });
			if (parts.files.length > MAX_FILES) throw new Rejection(413, 'too_many_files', String(MAX_FILES));
		}
	}
}
