import {
	MAX_FIELDS,
	MAX_FILES,
	checkKey,
	copyChecked,
	decodeUtf8,
	type FormValue,
} from './inputLimits';
import { formatBytes } from './messages';
import { fromN8nMultipart, parseRawMultipart, type FormParts, type UploadedFile } from './multipart';
import type { DeliveredBody } from './rawBody';
import { Rejection, rejectOnThrow } from './rejection';
import { contentTypeOf, headerValue, type WebhookRequest } from './request';
import type { TriggerSettings } from './settings';
import { parseUrlencoded } from './urlencoded';

/** Step 2: the body, whatever its content type, as SATORI-style params (raw values as submitted) and files. */
export type Params = Record<string, FormValue>;

export interface ParsedSubmission {
	params: Params;
	files: UploadedFile[];
}

export type BodyKind = 'json' | 'form' | 'multipart';

/** Which parser a Content-Type calls for; anything else is a 415. */
export function bodyKindOf(request: WebhookRequest): BodyKind {
	const { mediaType, charset } = contentTypeOf(request.headers);
	if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
		throw new Rejection(415, 'unsupported_charset');
	}
	if (mediaType === 'application/json' || /^application\/[\w.-]+\+json$/.test(mediaType)) return 'json';
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
		const text = decodeUtf8(delivered.raw);
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

function parseForm(delivered: DeliveredBody, settings: TriggerSettings): Params {
	if (delivered.raw !== undefined) {
		checkBodySize(delivered.raw.length, settings);
		return collectFields(parseUrlencoded(delivered.raw));
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
	return collectFields(entries);
}

async function parseMultipart(
	request: WebhookRequest,
	delivered: DeliveredBody,
	settings: TriggerSettings,
): Promise<ParsedSubmission> {
	let parts: FormParts;
	if (delivered.multipart !== undefined) {
		parts = await fromN8nMultipart(delivered.multipart);
	} else if (delivered.raw !== undefined) {
		parts = await parseRawMultipart(delivered.raw, headerValue(request.headers, 'content-type') ?? '');
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
	const params = kind === 'json' ? parseJson(delivered, settings) : parseForm(delivered, settings);
	return { params, files: [] };
}
