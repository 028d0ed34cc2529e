// @ts-check
'use strict';

/** Upload limit per file (Chatwork: 5 MB) and a cap on a whole request body. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_BODY_BYTES = MAX_FILE_BYTES + 1024 * 1024;

/**
 * Reads the whole body, or reports that it is larger than `MAX_BODY_BYTES`.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ buffer: Buffer, tooLarge: boolean }>}
 */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => resolve({ buffer: Buffer.concat(chunks), tooLarge }));
		req.on('error', reject);
	});
}

/**
 * Turns a form body into fields (and files, for multipart). Any other content type
 * yields no fields, like Chatwork, which then answers "Parameter ... is required";
 * its text is kept as `rawBody` so a test can see what the client sent instead.
 *
 * @param {string | undefined} contentType
 * @param {Buffer} buffer
 * @returns {{ fields: Record<string, string>, files: import('./index').UploadedFile[], rawBody?: string }}
 */
function parseBody(contentType, buffer) {
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (buffer.length === 0) return { fields: {}, files: [] };
	if (type === 'application/x-www-form-urlencoded') {
		return { fields: firstValues(new URLSearchParams(buffer.toString('utf8'))), files: [] };
	}
	if (type === 'multipart/form-data') {
		const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
		if (boundary) return parseMultipart(buffer, boundary[1] ?? boundary[2].trim());
	}
	return { fields: {}, files: [], rawBody: buffer.toString('utf8').slice(0, 10_000) };
}

/**
 * A repeated key keeps its first value.
 * @param {URLSearchParams} params
 * @returns {Record<string, string>}
 */
function firstValues(params) {
	/** @type {Record<string, string>} */
	const fields = {};
	for (const [key, value] of params) if (!Object.prototype.hasOwnProperty.call(fields, key)) setField(fields, key, value);
	return fields;
}

/**
 * Defined rather than assigned, so a field named `__proto__` stays a plain field.
 * @param {Record<string, string>} fields
 * @param {string} key
 * @param {string} value
 */
function setField(fields, key, value) {
	Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * @param {Buffer} buffer
 * @param {string} boundary
 */
function parseMultipart(buffer, boundary) {
	/** @type {Record<string, string>} */
	const fields = {};
	/** @type {import('./index').UploadedFile[]} */
	const files = [];
	const delimiter = Buffer.from(`--${boundary}`);
	let position = buffer.indexOf(delimiter);
	while (position !== -1) {
		let start = position + delimiter.length;
		if (buffer.subarray(start, start + 2).toString() === '--') break;
		if (buffer.subarray(start, start + 2).toString() === '\r\n') start += 2;
		const next = buffer.indexOf(delimiter, start);
		if (next === -1) break;
		// The part's content ends with the CRLF that precedes the next delimiter.
		const part = buffer.subarray(start, next - 2 >= start ? next - 2 : next);
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd !== -1) {
			const headers = part.subarray(0, headerEnd).toString('utf8');
			const content = part.subarray(headerEnd + 4);
			const name = /name="([^"]*)"/i.exec(headers)?.[1];
			const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
			const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
			if (name !== undefined && filename !== undefined) {
				files.push({ field: name, filename, contentType: partType ?? 'application/octet-stream', data: Buffer.from(content) });
			} else if (name !== undefined && !Object.prototype.hasOwnProperty.call(fields, name)) {
				setField(fields, name, content.toString('utf8'));
			}
		}
		position = next;
	}
	return { fields, files };
}

module.exports = { readBody, parseBody, firstValues, MAX_FILE_BYTES, MAX_BODY_BYTES };
