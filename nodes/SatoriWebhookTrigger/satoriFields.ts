import type { FieldDefinition } from './settings';

/**
 * SATORI's standard form fields (Japanese and English names, and what common form tools send)
 * and the normalised keys of the output item (README → The SATORI Webhook Trigger) they map onto.
 */
export const STANDARD_FIELDS = {
	company: ['会社名', '企業名', '貴社名', '御社名', '会社', '法人名', 'company', 'company_name', 'organization'],
	name: ['氏名', 'お名前', '名前', 'ご担当者名', 'name', 'full_name', 'your_name'],
	last_name: ['姓', '苗字', '名字', 'last_name', 'lastname', 'family_name', 'surname', 'sei'],
	first_name: ['名', 'first_name', 'firstname', 'given_name', 'mei'],
	name_kana: [
		'ふりがな',
		'フリガナ',
		'氏名(ふりがな)',
		'氏名(フリガナ)',
		'お名前(ふりがな)',
		'お名前(フリガナ)',
		'name_kana',
		'kana',
		'furigana',
	],
	last_name_kana: ['せい', 'セイ', '姓(ふりがな)', '姓(フリガナ)', 'last_name_kana'],
	first_name_kana: ['めい', 'メイ', '名(ふりがな)', '名(フリガナ)', 'first_name_kana'],
	email: ['メールアドレス', 'メール', 'eメール', 'eメールアドレス', 'email', 'e-mail', 'mail', 'email_address', 'mail_address'],
	department: ['部署名', '部署', '所属部署', '所属', 'department', 'division'],
	position: ['役職', '役職名', 'position', 'job_title'],
	phone: ['電話番号', '電話', 'tel', 'phone', 'phone_number', 'telephone'],
	mobile: ['携帯電話番号', '携帯番号', '携帯電話', '携帯', 'mobile', 'mobile_phone', 'cell_phone'],
	website: ['ウェブサイト', 'webサイト', 'ホームページ', 'ホームページurl', 'website', 'url', 'homepage', 'web_site'],
	postal_code: ['郵便番号', 'postal_code', 'postcode', 'zip', 'zip_code', 'zipcode'],
	prefecture: ['都道府県', 'prefecture'],
	address: ['住所', 'ご住所', 'address'],
	memo: ['メモ', '備考', 'お問い合わせ内容', '問い合わせ内容', 'ご質問', 'ご相談内容', 'memo', 'message', 'comment', 'inquiry', 'note'],
} as const;

export type StandardKey = keyof typeof STANDARD_FIELDS;

/** Spelling differences that do not make a different field: width, case, spaces, `_`/`-`/`・`. */
function fold(name: string): string {
	return name
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[\s_\-・]/g, '');
}

const byFoldedName = new Map<string, StandardKey>();
for (const [key, names] of Object.entries(STANDARD_FIELDS) as Array<[StandardKey, readonly string[]]>) {
	for (const name of names) byFoldedName.set(fold(name), key);
}

/** The normalised key a submitted or declared field name stands for, if it is a standard one. */
export function standardKeyOf(name: string): StandardKey | undefined {
	return byFoldedName.get(fold(name));
}

/** Parts joined into a whole when the whole was not sent: 姓 + 名 → 氏名. */
export const JOINED_FIELDS: ReadonlyArray<{ whole: StandardKey; parts: [StandardKey, StandardKey] }> = [
	{ whole: 'name', parts: ['last_name', 'first_name'] },
	{ whole: 'name_kana', parts: ['last_name_kana', 'first_name_kana'] },
];

/** The standard keys the declared fields stand for (a field declared `メールアドレス` stands for email). */
export function declaredStandardKeys(fields: readonly Pick<FieldDefinition, 'key'>[]): Set<StandardKey> {
	const standards = new Set<StandardKey>();
	for (const field of fields) {
		const standard = standardKeyOf(field.key);
		if (standard !== undefined) standards.add(standard);
	}
	return standards;
}

/**
 * How the submitted keys answer the declared fields: resolved here once, so that validation checks
 * and normalisation outputs the same pairing.
 */
export interface FieldMatch {
	/** Submitted key → the declared key it answers; a part (姓) answering a declared whole (氏名) maps to itself. */
	declaredKeyOf: Map<string, string>;
	/** Each declared field that was sent, in declared order, with the submitted key that answers it. */
	answered: Array<{ field: FieldDefinition; key: string }>;
	/** Each declared whole (氏名), with the submitted keys of its parts (姓, 名) that were sent. */
	parts: Array<{ field: FieldDefinition; keys: string[] }>;
}

/**
 * A declared field is answered by the same key, or else by another name of the same standard SATORI
 * field (a field declared `email` accepts `メールアドレス`). A form that asks 姓 and 名 separately
 * answers a declared 氏名 (name) with its parts.
 */
export function matchFields(submitted: readonly string[], fields: readonly FieldDefinition[]): FieldMatch {
	const declaredKeyOf = new Map<string, string>();
	const answered: FieldMatch['answered'] = [];
	for (const field of fields) {
		const standard = standardKeyOf(field.key);
		const key = submitted.includes(field.key)
			? field.key
			: submitted.find((name) => standard !== undefined && standardKeyOf(name) === standard && !declaredKeyOf.has(name));
		if (key === undefined) continue;
		declaredKeyOf.set(key, field.key);
		answered.push({ field, key });
	}

	const parts: FieldMatch['parts'] = [];
	for (const field of fields) {
		const joined = JOINED_FIELDS.find(({ whole }) => whole === standardKeyOf(field.key));
		if (!joined) continue;
		const keys = joined.parts
			.map((part) => submitted.find((name) => standardKeyOf(name) === part && !declaredKeyOf.has(name)))
			.filter((name): name is string => name !== undefined);
		for (const key of keys) declaredKeyOf.set(key, key);
		parts.push({ field, keys });
	}
	return { declaredKeyOf, answered, parts };
}

/** A submitted key that answers no declared field itself but is another name of one (the second of two spellings). */
export function isAliasOfDeclared(
	key: string,
	declaredKeyOf: ReadonlyMap<string, string>,
	standards: ReadonlySet<StandardKey>,
): boolean {
	const standard = standardKeyOf(key);
	return !declaredKeyOf.has(key) && standard !== undefined && standards.has(standard);
}

/** Nothing was entered: absent, null or only spaces. */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** 姓 + 名 → "姓 名": the parts that are not blank, trimmed, joined with a space. */
export function joinParts(parts: readonly unknown[]): string {
	return parts
		.filter((part) => !isBlank(part))
		.map((part) => String(part).trim())
		.join(' ');
}

/** Keys of the output item that form values may not overwrite. */
export const RESERVED_KEYS = new Set(['params', 'meta', 'submissionId', 'submittedAt', 'customer_detail_url']);

/** Sent by SATORI itself; never counted as an undeclared field. */
export const CUSTOMER_DETAIL_URL = 'customer_detail_url';
