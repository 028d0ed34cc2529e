import type { ZodIssue } from 'zod';

import type { FieldError } from '../shared/refusal';
import type { FieldDefinition, FieldType, Language } from './settings';

/** The one mapping of zod issues to what the submitter reads: "field: what is wrong". */
export type { FieldError };

/** Reasons carried in `params.reason` of the custom issues schema.ts raises. */
export type CustomReason =
	| 'phone'
	| 'email'
	| 'url'
	| 'date'
	| 'choice'
	| 'must_be_checked'
	| 'control_characters'
	| 'url_whitespace';

type Wording = {
	required: string;
	mustBeChecked: string;
	singleValue: string;
	maxChars: (max: number) => string;
	unknownField: string;
	invalid: string;
	controlCharacters: string;
	urlWhitespace: string;
	type: Record<FieldType, (field: FieldDefinition) => string>;
};

const wording: Record<Language, Wording> = {
	ja: {
		required: '必須項目です',
		mustBeChecked: 'チェックが必要です',
		singleValue: '値は 1 つだけ指定してください',
		maxChars: (max) => `${max}文字以内で入力してください`,
		unknownField: '受け付けていない項目です',
		invalid: '入力内容が正しくありません',
		controlCharacters: '制御文字（NUL など）は使用できません',
		urlWhitespace: 'URL の中に空白や改行は使用できません（URL は 1 つだけ送ってください）',
		type: {
			text: () => '文字列で入力してください',
			email: () => 'メールアドレスの形式が正しくありません',
			phone: () => '電話番号の形式が正しくありません',
			url: () => 'URL（http:// または https://）の形式が正しくありません',
			number: () => '数値で入力してください',
			date: () => '日付（YYYY-MM-DD）の形式が正しくありません',
			boolean: () => 'はい/いいえ（true/false）で指定してください',
			choice: (field) => `次の中から選んでください: ${field.choices.join('、')}`,
			file: () => 'ファイルを添付してください',
		},
	},
	en: {
		required: 'is required',
		mustBeChecked: 'must be checked',
		singleValue: 'must be a single value',
		maxChars: (max) => `must be at most ${max} characters`,
		unknownField: 'is not an accepted field',
		invalid: 'is invalid',
		controlCharacters: 'must not contain control characters (NUL …)',
		urlWhitespace: 'must be one URL, without spaces or line breaks inside',
		type: {
			text: () => 'must be text',
			email: () => 'is not a valid email address',
			phone: () => 'is not a valid phone number',
			url: () => 'is not a valid http(s) URL',
			number: () => 'must be a number',
			date: () => 'must be a date (YYYY-MM-DD)',
			boolean: () => 'must be true or false',
			choice: (field) => `must be one of: ${field.choices.join(', ')}`,
			file: () => 'must be an uploaded file',
		},
	},
};

function whatIsWrong(issue: ZodIssue, field: FieldDefinition, words: Wording): string {
	switch (issue.code) {
		case 'invalid_type':
			if (issue.received === 'undefined') return words.required;
			if (issue.received === 'array' && field.type !== 'choice' && field.type !== 'file') {
				return words.singleValue;
			}
			return words.type[field.type](field);
		case 'too_small':
			return words.required;
		case 'too_big':
			return issue.type === 'string' ? words.maxChars(Number(issue.maximum)) : words.invalid;
		case 'invalid_string':
			return words.type[field.type](field);
		case 'custom': {
			const reason = (issue.params as { reason?: CustomReason } | undefined)?.reason;
			if (reason === 'must_be_checked') return words.mustBeChecked;
			return words.type[field.type](field);
		}
		default:
			return words.invalid;
	}
}

export function toFieldErrors(
	issues: readonly ZodIssue[],
	fields: readonly FieldDefinition[],
	language: Language,
): FieldError[] {
	const words = wording[language];
	const errors: FieldError[] = [];
	const reported = new Set<string>();
	const report = (key: string, message: string) => {
		if (reported.has(key)) return;
		reported.add(key);
		errors.push({ field: key, message });
	};

	for (const issue of issues) {
		if (issue.code === 'unrecognized_keys') {
			for (const key of issue.keys) report(key, `${key}: ${words.unknownField}`);
			continue;
		}
		const key = String(issue.path[0] ?? '');
		const field = fields.find((candidate) => candidate.key === key);
		const reason = issue.code === 'custom' ? (issue.params as { reason?: CustomReason } | undefined)?.reason : undefined;
		if (reason === 'control_characters' || reason === 'url_whitespace') {
			report(key, `${field?.label || key}: ${reason === 'url_whitespace' ? words.urlWhitespace : words.controlCharacters}`);
			continue;
		}
		if (field === undefined) {
			report(key, `${key}: ${words.invalid}`);
			continue;
		}
		report(key, `${field.label || field.key}: ${whatIsWrong(issue, field, words)}`);
	}

	// Declared order reads like the form; undeclared fields follow.
	const order = (key: string) => {
		const index = fields.findIndex((field) => field.key === key);
		return index === -1 ? fields.length : index;
	};
	return errors.sort((a, b) => order(a.field) - order(b.field));
}
