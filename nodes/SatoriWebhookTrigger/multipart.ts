import { stat } from 'fs/promises';

import { Rejection, rejectOnFailure } from './rejection';
import type { ParsedMultipart } from './rawBody';

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

const REPLACEMENT_CHARACTER = '\uFFFD';

/** formidable decodes with replacement characters, so that is the only trace invalid UTF-8 leaves. */
function checkDecoded(text: string): string {
	if (text.includes(REPLACEMENT_CHARACTER)) throw new Rejection(400, 'invalid_utf8');
	return text;
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

/** Reads the `{data, files}` that n8n's server (formidable) made of a multipart body. */
export async function fromN8nMultipart(parsed: ParsedMultipart): Promise<FormParts> {
	checkPrototype(parsed.data);
	checkPrototype(parsed.files);
	const fields: Array<[string, string]> = [];
	for (const key of Object.keys(parsed.data)) {
		for (const value of asList(parsed.data[key])) {
			if (typeof value !== 'string') throw new Rejection(400, 'malformed_form');
			fields.push([checkDecoded(key), checkDecoded(value)]);
		}
	}

	const files: UploadedFile[] = [];
	for (const key of Object.keys(parsed.files)) {
		for (const file of asList(parsed.files[key])) {
			if (!isFormidableFile(file)) throw new Rejection(400, 'malformed_form');
			const size = typeof file.size === 'number' ? file.size : (await stat(file.filepath)).size;
			files.push({
				field: checkDecoded(key),
				fileName: checkDecoded(file.originalFilename || file.newFilename || 'file'),
				mimeType: file.mimetype || 'application/octet-stream',
				size,
				path: file.filepath,
			});
		}
	}
	return { fields, files };
}

/** Parses multipart bytes with the runtime's own (undici) parser, for hosts that did not. */
export async function parseRawMultipart(raw: Buffer, contentTypeHeader: string): Promise<FormParts> {
	const form = await rejectOnFailure(
		async () => await new Response(raw, { headers: { 'content-type': contentTypeHeader } }).formData(),
		() => new Rejection(400, 'malformed_form'),
	);

	const fields: Array<[string, string]> = [];
	const files: UploadedFile[] = [];
	for (const [key, value] of form.entries()) {
		if (typeof value === 'string') {
			fields.push([checkDecoded(key), checkDecoded(value)]);
			continue;
		}
		// A file input left empty arrives as a nameless, empty part; n8n drops those too.
		if (value.name === '' && value.size === 0) continue;
		files.push({
			field: checkDecoded(key),
			fileName: checkDecoded(value.name || 'file'),
			mimeType: value.type || 'application/octet-stream',
			size: value.size,
			bytes: Buffer.from(await value.arrayBuffer()),
		});
	}
	return { fields, files };
}
