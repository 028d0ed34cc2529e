import { z, type ZodIssue } from 'zod';

import type { FormValue } from '../inputLimits';
import type { UploadedFile } from '../3-parse/multipart';
import type { Params, ParsedSubmission } from '../3-parse/parseBody';
import { isHttpUrl } from '../httpUrl';
import { isEmailAddress } from './emailAddress';
import {
	CUSTOMER_DETAIL_URL,
	declaredStandardKeys,
	isAliasOfDeclared,
	joinParts,
	matchFields,
	standardKeyOf,
} from '../satoriFields';
import type { FieldDefinition, Language, TriggerSettings } from '../settings';
import { toFieldErrors, type CustomReason, type FieldError } from '../fieldErrors';

/** An uploaded file as the validated values hold it. */
export interface FileSummary {
	fileName: string;
	mimeType: string;
	size: number;
}

export type Validated =
	| { ok: true; values: Record<string, unknown>; declaredKeyOf: Map<string, string> }
	| { ok: false; errors: FieldError[] };

const custom = (reason: CustomReason) => ({ params: { reason } });

function blankToUndefined(value: unknown): unknown {
	if (typeof value === 'string' && value.trim() === '') return undefined;
	if (Array.isArray(value) && value.length === 0) return undefined;
	return value;
}

function asText(value: unknown): unknown {
	const present = blankToUndefined(value);
	if (typeof present === 'string') return present.trim();
	if (typeof present === 'number' && Number.isFinite(present)) return String(present);
	return present;
}

/** Full-width digits and letters (０３−１２３４ ＠ …) are what Japanese input methods often produce. */
function asFoldedText(value: unknown): unknown {
	const text = asText(value);
	return typeof text === 'string' ? text.normalize('NFKC') : text;
}

function maxChars(max: number) {
	return (value: string, context: z.RefinementCtx) => {
		// UTF-16 length bounds the character count from above, so most values need no counting.
		if (max > 0 && value.length > max && [...value].length > max) {
			context.addIssue({ code: z.ZodIssueCode.too_big, maximum: max, type: 'string', inclusive: true });
		}
	};
}

const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70]/g;
function isPhone(value: string): boolean {
	const digits = value.replace(/\D/g, '').length;
	return /^\+?[\d\s\-().]+$/.test(value) && digits >= 6 && digits <= 15;
}

/** 2026-11-28, 2026/11/28, 2026年11月28日 → 2026-11-28; anything else is left for the check to refuse. */
function asIsoDate(value: unknown): unknown {
	const text = asFoldedText(value);
	if (typeof text !== 'string') return text;
	const match = /^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$/.exec(text);
	if (!match) return text;
	return `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
}

function isCalendarDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
	return date.getUTCFullYear() === +match[1] && date.getUTCMonth() === +match[2] - 1 && date.getUTCDate() === +match[3];
}

function asNumber(value: unknown): unknown {
	const text = asFoldedText(value);
	if (typeof text !== 'string') return text;
	const plain = text.replace(/,/g, '');
	return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(plain) ? Number(plain) : text;
}

const TRUE_WORDS = new Set(['true', 'on', 'yes', '1', 'はい', 'checked']);
const FALSE_WORDS = new Set(['false', 'off', 'no', '0', 'いいえ']);
function asBoolean(value: unknown): unknown {
	const present = blankToUndefined(value);
	if (typeof present === 'number') return present === 1 ? true : present === 0 ? false : present;
	if (typeof present !== 'string') return present;
	const word = present.normalize('NFKC').trim().toLowerCase();
	if (TRUE_WORDS.has(word)) return true;
	if (FALSE_WORDS.has(word)) return false;
	return present;
}

function asList(value: unknown): unknown {
	const present = blankToUndefined(value);
	if (typeof present === 'string') return [present.trim()];
	if (Array.isArray(present)) return present.map((item) => (typeof item === 'string' ? item.trim() : item));
	return present;
}

const fileSummary = z.object({ fileName: z.string(), mimeType: z.string(), size: z.number() });

function valueSchema(field: FieldDefinition): z.ZodTypeAny {
	const optional = (schema: z.ZodTypeAny) => (field.required ? schema : schema.optional());
	switch (field.type) {
		case 'email':
			return z.preprocess(
				asFoldedText,
				optional(z.string().refine(isEmailAddress, custom('email')).superRefine(maxChars(field.maxLength))),
			);
		case 'phone':
			return z.preprocess(
				(value) => {
					const text = asFoldedText(value);
					return typeof text === 'string' ? text.replace(DASHES, '-') : text;
				},
				optional(z.string().refine(isPhone, custom('phone')).superRefine(maxChars(field.maxLength))),
			);
		case 'url':
			return z.preprocess(
				asFoldedText,
				optional(z.string().refine(isHttpUrl, custom('url')).superRefine(maxChars(field.maxLength))),
			);
		case 'number':
			return z.preprocess(asNumber, optional(z.number().finite()));
		case 'date':
			return z.preprocess(asIsoDate, optional(z.string().refine(isCalendarDate, custom('date'))));
		case 'boolean':
			return z.preprocess(
				asBoolean,
				field.required ? z.boolean().refine((checked) => checked, custom('must_be_checked')) : z.boolean().optional(),
			);
		case 'choice':
			return z.preprocess(
				asList,
				optional(
					z
						.array(z.string())
						.min(1)
						.refine((values) => values.every((value) => field.choices.includes(value)), custom('choice'))
						.transform((values) => (values.length === 1 ? values[0] : values)),
				),
			);
		case 'file':
			return z.preprocess(blankToUndefined, optional(z.array(fileSummary).min(1)));
		case 'text':
			return z.preprocess(asText, optional(z.string().superRefine(maxChars(field.maxLength))));
	}
}

/** The schema of a whole submission; `reject` turns undeclared fields into `unrecognized_keys` issues. */
export function buildSchema(settings: Pick<TriggerSettings, 'fields' | 'unknownFields'>, partFields: FieldDefinition[] = []) {
	const shape: Record<string, z.ZodTypeAny> = {};
	for (const field of [...settings.fields, ...partFields]) shape[field.key] = valueSchema(field);
	const schema = z.object(shape);
	return settings.unknownFields === 'reject' ? schema.strict() : schema.strip();
}

function summarise(files: UploadedFile[]): FileSummary[] {
	return files.map(({ fileName, mimeType, size }) => ({ fileName, mimeType, size }));
}

/**
 * The input of the schema: per declared field the value of the submitted key that answers it
 * (see matchFields), and, when undeclared fields are refused, those too.
 */
function assignValues(
	submission: ParsedSubmission,
	settings: Pick<TriggerSettings, 'fields' | 'unknownFields' | 'honeypotField'>,
): { input: Record<string, unknown>; declaredKeyOf: Map<string, string>; partFields: FieldDefinition[] } {
	const { params, files } = submission;
	const submitted = Object.keys(params);
	const { declaredKeyOf, answered, parts } = matchFields(submitted, settings.fields);
	const input: Record<string, unknown> = {};

	const valueFor = (field: FieldDefinition, key: string) => {
		if (field.type === 'file') {
			const uploaded = files.filter((file) => file.field === key);
			return uploaded.length > 0 ? summarise(uploaded) : params[key];
		}
		// An upload sent where text was declared is not that text.
		return files.some((file) => file.field === key) ? { uploadedFile: true } : params[key];
	};
	for (const { field, key } of answered) input[field.key] = valueFor(field, key);

	const partFields: FieldDefinition[] = [];

	// A second name of a declared field (メールアドレス beside email) reaches params, so it is held to
	// that field's rules under its own name.
	const standards = declaredStandardKeys(settings.fields);
	for (const name of submitted) {
		if (!isAliasOfDeclared(name, declaredKeyOf, standards)) continue;
		const field = settings.fields.find((candidate) => standardKeyOf(candidate.key) === standardKeyOf(name));
		if (field === undefined) continue;
		partFields.push({ ...field, key: name, label: name, required: false });
		input[name] = valueFor(field, name);
	}

	// Each part (姓, 名) and the joined value are held to the rules of the whole (氏名), so what
	// reaches the item is what was checked.
	for (const { field, keys } of parts) {
		for (const key of keys) {
			partFields.push({ ...field, key, label: key, type: 'text', required: false, choices: [] });
			input[key] = params[key];
		}
		const joinedValue = joinParts(keys.map((key) => (typeof params[key] === 'string' ? params[key] : '')));
		if (blankToUndefined(input[field.key]) === undefined && joinedValue !== '') input[field.key] = joinedValue;
	}

	if (settings.unknownFields === 'reject') {
		for (const name of submitted) {
			const known =
				declaredKeyOf.has(name) ||
				name === settings.honeypotField ||
				name === CUSTOMER_DETAIL_URL ||
				isAliasOfDeclared(name, declaredKeyOf, standards);
			if (!known) input[name] = params[name] as FormValue;
		}
	}
	return { input, declaredKeyOf, partFields };
}

/** C0 controls other than tab, line feed and carriage return, DEL and the C1 controls (CSI, NEL …): no form input produces them. */
// eslint-disable-next-line no-control-regex -- matching control characters is what this expression is for
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function hasControlCharacter(value: unknown): boolean {
	if (typeof value === 'string') return CONTROL_CHARACTER.test(value);
	if (Array.isArray(value)) return value.some(hasControlCharacter);
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).some(([key, inner]) => CONTROL_CHARACTER.test(key) || hasControlCharacter(inner));
	}
	return false;
}

/** Every field, declared or not, whose name or value holds a control character (NUL …). */
function controlCharacterIssues(params: Params, declaredKeyOf: Map<string, string>): ZodIssue[] {
	return Object.keys(params)
		.filter((key) => CONTROL_CHARACTER.test(key) || hasControlCharacter(params[key]))
		.map((key) => ({
			code: z.ZodIssueCode.custom,
			path: [declaredKeyOf.get(key) ?? key.replace(new RegExp(CONTROL_CHARACTER, 'g'), '\uFFFD')],
			message: '',
			params: { reason: 'control_characters' satisfies CustomReason },
		}));
}

/**
 * The URL parser reads `https://app.satori.marketing/c/1 https://evil.example/` as one URL on the
 * allowed host, while a reader sees two: whitespace inside customer_detail_url is refused.
 */
function detailUrlIssues(params: Params): ZodIssue[] {
	const sent = params[CUSTOMER_DETAIL_URL];
	if (typeof sent !== 'string' || !/\s/.test(sent.trim())) return [];
	return [{ code: z.ZodIssueCode.custom, path: [CUSTOMER_DETAIL_URL], message: '', params: { reason: 'url_whitespace' satisfies CustomReason } }];
}

export function validateSubmission(
	submission: ParsedSubmission,
	settings: Pick<TriggerSettings, 'fields' | 'unknownFields' | 'honeypotField'>,
	language: Language,
): Validated {
	const { input, declaredKeyOf, partFields } = assignValues(submission, settings);
	const result = buildSchema(settings, partFields).safeParse(input);
	const issues = [...(result.success ? [] : result.error.issues), ...controlCharacterIssues(submission.params, declaredKeyOf), ...detailUrlIssues(submission.params)];
	if (!result.success || issues.length > 0) {
		return { ok: false, errors: toFieldErrors(issues, [...settings.fields, ...partFields], language) };
	}
	return { ok: true, values: result.data as Record<string, unknown>, declaredKeyOf };
}
