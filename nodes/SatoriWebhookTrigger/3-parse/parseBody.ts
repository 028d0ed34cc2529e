import type { DeliveredBody } from '../../shared/rawBody';
import { contentTypeOf, type WebhookRequest } from '../../shared/webhookRequest';
import { formatBytes, Rejection, rejectOnThrow } from '../rejection';
import type { TriggerSettings } from '../settings';
import { checkDecodedForm, decodeFormEntries, decodeText, encodingOfLabel } from './formEncoding';
import { MAX_FIELDS, MAX_FILES, checkKey, copyChecked, type FormValue } from '../inputLimits';
import { fromN8nMultipart, splitMultipart, type FormParts, type UploadedFile } from './multipart';
import { parseUrlencoded } from './urlencoded';

/** SATORI-style params: the raw values as submitted, whatever the body's content type. */
export type Params = Record<string, FormValue>;

export interface ParsedSubmission {
	params: Params;
	files: UploadedFile[];
}

export type BodyKind = 'json' | 'form' | 'multipart';

/** Which parser a Content-Type calls for; anything else is a 415. */
export function bodyKindOf(request: WebhookRequest): BodyKind {
	const { mediaType, charset } = contentTypeOf(request.headers);
	if (mediaType === 'application/json' || /^application\/[\w.-]+\+json$/.test(mediaType)) {
		// JSON is UTF-8 (RFC 8259); only forms come in legacy encodings.
		if (charset !== undefined && encodingOfLabel(charset) !== 'utf-8') throw new Rejection(415, 'unsupported_charset');
		return 'json';
	}
	if (mediaType === 'application/x-www-form-urlencoded') return 'form';
	if (mediaType === 'multipart/form-data') return 'multipart';
	throw new Rejection(415, 'unsupported_media_type');
}

/** `key[]` and repeated keys become arrays; a single plain key stays a string. */
function collectFields(entries: Array<[string, string]>): Params {
	const params: Params = {};
	const arrays = new Set<string>();
	for (const [rawKey, value] of entries) {
		const listKey = rawKey.endsWith('[]');
		const key = listKey ? rawKey.slice(0, -2) : rawKey;
		checkKey(key);
		const current = Object.prototype.hasOwnProperty.call(params, key) ? params[key] : undefined;
		if (arrays.has(key)) {
			(current as FormValue[]).push(value);
		} else if (current !== undefined || listKey) {
			arrays.add(key);
			params[key] = current === undefined ? [value] : [current, value];
		} else {
			params[key] = value;
		}
	}
	return params;
}

function checkBodySize(bytes: number, settings: TriggerSettings): void {
	if (bytes > settings.maxBodyBytes) {
		throw new Rejection(413, 'payload_too_large', formatBytes(settings.maxBodyBytes));
	}
}

function parseJson(delivered: DeliveredBody, settings: TriggerSettings): Params {
	let value: unknown = delivered.parsed;
	if (delivered.raw !== undefined) {
		checkBodySize(delivered.raw.length, settings);
		const text = decodeText(delivered.raw, 'utf-8');
		// Syntax errors, and the RangeError of absurdly deep nesting, are both a malformed body.
		value = rejectOnThrow(
			() => JSON.parse(text) as unknown,
			() => new Rejection(400, 'malformed_json'),
		);
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new Rejection(400, 'json_not_object');
	}
	return copyChecked(value) as Params;
}

function parseForm(request: WebhookRequest, delivered: DeliveredBody, settings: TriggerSettings): Params {
	const { charset } = contentTypeOf(request.headers);
	if (delivered.raw !== undefined) {
		checkBodySize(delivered.raw.length, settings);
		return collectFields(decodeFormEntries(parseUrlencoded(delivered.raw), charset, settings.formEncoding).fields);
	}
	const parsed = delivered.parsed;
	if (typeof parsed !== 'object' || parsed === null) throw new Rejection(400, 'malformed_form');
	const entries: Array<[string, string]> = [];
	for (const key of Object.keys(parsed)) {
		const value = (parsed as Record<string, unknown>)[key];
		for (const item of Array.isArray(value) ? value : [value]) {
			if (typeof item !== 'string') throw new Rejection(400, 'malformed_form');
			entries.push([key, item]);
		}
	}
	if (entries.length > MAX_FIELDS) throw new Rejection(413, 'too_many_fields', String(MAX_FIELDS));
	return collectFields(checkDecodedForm(entries, [], charset, settings.formEncoding));
}

/** Raw multipart bytes, split and then decoded in the form's encoding. */
function decodeRawMultipart(raw: Buffer, request: WebhookRequest, settings: TriggerSettings): FormParts {
	const { charset, boundary } = contentTypeOf(request.headers);
	const split = splitMultipart(raw, boundary);
	const { encoding, fields } = decodeFormEntries(split.fields, charset, settings.formEncoding);
	const files = split.files.map(
		(file): UploadedFile => ({
			field: decodeText(file.name, encoding),
			fileName: decodeText(file.fileName, encoding) || 'file',
			mimeType: file.mimeType,
			size: file.bytes.length,
			bytes: file.bytes,
		}),
	);
	return { fields, files };
}

async function parseMultipart(
	request: WebhookRequest,
	delivered: DeliveredBody,
	settings: TriggerSettings,
): Promise<ParsedSubmission> {
	let parts: FormParts;
	if (delivered.multipart !== undefined) {
		const decoded = await fromN8nMultipart(delivered.multipart);
		const { charset } = contentTypeOf(request.headers);
		const fileTexts = decoded.files.flatMap((file) => [file.field, file.fileName]);
		const remedy = settings.formEncodingKeepsMultipart ? 'form_encoding_required' : 'multipart_not_utf8';
		parts = { ...decoded, fields: checkDecodedForm(decoded.fields, fileTexts, charset, settings.formEncoding, remedy) };
	} else if (delivered.raw !== undefined) {
		parts = decodeRawMultipart(delivered.raw, request, settings);
	} else {
		throw new Rejection(400, 'malformed_form');
	}

	if (parts.fields.length > MAX_FIELDS) throw new Rejection(413, 'too_many_fields', String(MAX_FIELDS));
	checkBodySize(
		parts.fields.reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0),
		settings,
	);
	if (parts.files.length > MAX_FILES) throw new Rejection(413, 'too_many_files', String(MAX_FILES));
	for (const file of parts.files) {
		if (file.size > settings.maxFileBytes) {
			throw new Rejection(413, 'file_too_large', formatBytes(settings.maxFileBytes));
		}
	}

	const files = parts.files.map((file) => {
		const field = file.field.endsWith('[]') ? file.field.slice(0, -2) : file.field;
		return { ...file, field };
	});
	// The file names stand in the params, as SATORI shows an upload field's value.
	const params = collectFields([
		...parts.fields,
		...parts.files.map((file): [string, string] => [file.field, file.fileName]),
	]);
	return { params, files };
}

export async function parseBody(
	request: WebhookRequest,
	kind: BodyKind,
	delivered: DeliveredBody,
	settings: TriggerSettings,
): Promise<ParsedSubmission> {
	if (kind === 'multipart') return await parseMultipart(request, delivered, settings);
	if (delivered.multipart !== undefined) throw new Rejection(400, 'malformed_form');
	const params = kind === 'json' ? parseJson(delivered, settings) : parseForm(request, delivered, settings);
	return { params, files: [] };
}
