import type { IDataObject } from 'n8n-workflow';

import { toFieldErrors } from '../../../../nodes/SatoriWebhookTrigger/fieldErrors';
import { buildSchema } from '../../../../nodes/SatoriWebhookTrigger/4-validate/schema';
import type { FieldDefinition } from '../../../../nodes/SatoriWebhookTrigger/settings';
import { Trigger, formBody, jsonBody, multipartBody } from '../harness';

const declared = [
	{ key: 'company', label: '会社名', type: 'text', required: true, maxLength: 20 },
	{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
	{ key: 'phone', label: '電話番号', type: 'phone' },
	{ key: 'website', label: 'ウェブサイト', type: 'url' },
	{ key: 'employees', label: '従業員数', type: 'number' },
	{ key: 'visit_date', label: '来場日', type: 'date' },
	{ key: 'consent', label: '個人情報の取扱い', type: 'boolean', required: true },
	{ key: 'seminar', label: 'セミナー', type: 'choice', choices: 'A日程, B日程\nC日程' },
	{ key: 'resume', label: '履歴書', type: 'file' },
];

const valid = {
	company: '株式会社検証',
	email: 'kensho@example.jp',
	consent: 'on',
};

async function startWith(parameters: IDataObject = {}) {
	return await Trigger.start({ parameters: { fields: { field: declared }, ...parameters } });
}

describe('validation against the declared fields', () => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await startWith();
	});
	afterAll(async () => await trigger.close());

	async function errorsFor(body: IDataObject) {
		const reply = await trigger.send(jsonBody(body));
		expect(reply.submission).toHaveLength(0);
		return { status: reply.status, errors: reply.json.errors as Array<{ field: string; message: string }> };
	}

	it('accepts a valid submission and coerces values to their types', async () => {
		const reply = await trigger.send(
			jsonBody({
				...valid,
				phone: '０３－１２３４－５６７８',
				website: 'https://ｅｘａｍｐｌｅ.jp/',
				employees: '１,２００',
				visit_date: '2026年3月9日',
				seminar: 'B日程',
			}),
		);
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject({
			company: '株式会社検証',
			phone: '03-1234-5678',
			website: 'https://example.jp/',
			employees: 1200,
			visit_date: '2026-03-09',
			consent: true,
			seminar: 'B日程',
			resume: null,
		});
		// params keep what was typed.
		expect(reply.submission[0].json.params).toMatchObject({ phone: '０３－１２３４－５６７８', employees: '１,２００' });
	});

	it('answers 400 {"ok":false,"errors":[{field,message}]} naming every missing required field, in Japanese by default', async () => {
		const reply = await trigger.send(jsonBody({}));
		expect(reply.status).toBe(400);
		expect(reply.json).toEqual({
			ok: false,
			code: 'invalid_fields',
			message: '入力内容に誤りがあります。',
			errors: [
				{ field: 'company', message: '会社名: 必須項目です' },
				{ field: 'email', message: 'メールアドレス: 必須項目です' },
				{ field: 'consent', message: '個人情報の取扱い: 必須項目です' },
			],
		});
	});

	it('treats blank and whitespace-only values as missing', async () => {
		const { errors } = await errorsFor({ ...valid, company: '  　 ' });
		expect(errors).toEqual([{ field: 'company', message: '会社名: 必須項目です' }]);
	});

	it.each<[string, IDataObject, string, string]>([
		['an invalid email', { email: 'not-an-email' }, 'email', 'メールアドレス: メールアドレスの形式が正しくありません'],
		['a too long text (counting characters, not bytes)', { company: '株'.repeat(21) }, 'company', '会社名: 20文字以内で入力してください'],
		['a phone number with letters', { phone: '03-ABCD-5678' }, 'phone', '電話番号: 電話番号の形式が正しくありません'],
		['a phone number too short', { phone: '123' }, 'phone', '電話番号: 電話番号の形式が正しくありません'],
		['a javascript: URL', { website: 'javascript:alert(1)' }, 'website', 'ウェブサイト: URL（http:// または https://）の形式が正しくありません'],
		['a word for a number', { employees: 'many' }, 'employees', '従業員数: 数値で入力してください'],
		['an impossible date', { visit_date: '2026-02-30' }, 'visit_date', '来場日: 日付（YYYY-MM-DD）の形式が正しくありません'],
		['an unticked required checkbox', { consent: 'false' }, 'consent', '個人情報の取扱い: チェックが必要です'],
		['a checkbox value that is no yes/no', { consent: 'maybe' }, 'consent', '個人情報の取扱い: はい/いいえ（true/false）で指定してください'],
		['a value outside the choices', { seminar: 'Z日程' }, 'seminar', 'セミナー: 次の中から選んでください: A日程、B日程、C日程'],
		['text where a file is expected', { resume: 'cv.pdf' }, 'resume', '履歴書: ファイルを添付してください'],
		['an object where text is expected', { company: { name: 'x' } }, 'company', '会社名: 文字列で入力してください'],
		['a list where one value is expected', { company: ['A', 'B'] }, 'company', '会社名: 値は 1 つだけ指定してください'],
		['true where an email is expected', { email: true }, 'email', 'メールアドレス: メールアドレスの形式が正しくありません'],
	])('answers 400 to %s', async (_case, change, field, message) => {
		const { status, errors } = await errorsFor({ ...valid, ...change });
		expect(status).toBe(400);
		expect(errors).toEqual([{ field, message }]);
	});

	it('accepts several allowed choices sent as a list', async () => {
		const reply = await trigger.send(
			formBody([
				['company', 'C'],
				['email', 'c@example.jp'],
				['consent', 'on'],
				['seminar[]', 'A日程'],
				['seminar[]', 'C日程'],
			]),
		);
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json.seminar).toEqual(['A日程', 'C日程']);
	});

	it('accepts a file for a file field and refuses a file for a text field', async () => {
		const ok = await trigger.send(
			multipartBody(
				[
					['company', 'C'],
					['email', 'c@example.jp'],
					['consent', 'true'],
				],
				[{ name: 'resume', fileName: '職務経歴書.pdf', type: 'application/pdf', content: '%PDF' }],
			),
		);
		expect(ok.status).toBe(200);
		expect(ok.submission[0].json.resume).toMatchObject({ fileName: '職務経歴書.pdf', binaryProperty: 'resume' });

		const wrong = await trigger.send(
			multipartBody(
				[
					['email', 'c@example.jp'],
					['consent', 'true'],
				],
				[{ name: 'company', fileName: 'c.txt', type: 'text/plain', content: 'x' }],
			),
		);
		expect(wrong.status).toBe(400);
		expect(wrong.json.errors).toEqual([{ field: 'company', message: '会社名: 文字列で入力してください' }]);
		expect(wrong.submission).toHaveLength(0);
	});

	it('finds a declared standard field under its SATORI Japanese name', async () => {
		const reply = await trigger.send(jsonBody({ 会社名: '別名株式会社', メールアドレス: 'bad-address', consent: 'はい' }));
		expect(reply.status).toBe(400);
		expect(reply.json.errors).toEqual([
			{ field: 'email', message: 'メールアドレス: メールアドレスの形式が正しくありません' },
		]);
	});
});

describe('validation messages in English', () => {
	it('words every error as "label: what is wrong"', async () => {
		const trigger = await startWith({ language: 'en' });
		const reply = await trigger.send(jsonBody({ company: 'x'.repeat(25), email: 'nope', consent: 'no', employees: 'ten' }));
		expect(reply.status).toBe(400);
		expect(reply.json.message).toBe('Some fields are invalid.');
		expect(reply.json.errors).toEqual([
			{ field: 'company', message: '会社名: must be at most 20 characters' },
			{ field: 'email', message: 'メールアドレス: is not a valid email address' },
			{ field: 'employees', message: '従業員数: must be a number' },
			{ field: 'consent', message: '個人情報の取扱い: must be checked' },
		]);
		await trigger.close();
	});
});

describe('undeclared fields', () => {
	const body = { ...valid, utm_campaign: 'spring', 氏名: '山田 太郎', customer_detail_url: 'https://app.satori.marketing/customers/9' };

	it('keeps them by default, under normalised keys where SATORI has one', async () => {
		const trigger = await startWith();
		const reply = await trigger.send(jsonBody(body));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject({ utm_campaign: 'spring', name: '山田 太郎' });
		expect(reply.submission[0].json.params).toMatchObject({ utm_campaign: 'spring', 氏名: '山田 太郎' });
		await trigger.close();
	});

	it('drops them from the fields and the params when asked to', async () => {
		const trigger = await startWith({ unknownFields: 'drop' });
		const reply = await trigger.send(jsonBody(body));
		expect(reply.status).toBe(200);
		const item = reply.submission[0].json;
		expect(item).not.toHaveProperty('utm_campaign');
		expect(item).not.toHaveProperty('name');
		expect(item.params).not.toHaveProperty('utm_campaign');
		expect(item.customer_detail_url).toBe('https://app.satori.marketing/customers/9');
		await trigger.close();
	});

	it('rejects them with a 400 that names each one, but not SATORI aliases of declared fields nor customer_detail_url', async () => {
		const trigger = await startWith({ unknownFields: 'reject' });
		const reply = await trigger.send(jsonBody({ ...body, メールアドレス: 'kensho@example.jp' }));
		expect(reply.status).toBe(400);
		expect(reply.json.errors).toEqual([
			{ field: 'utm_campaign', message: 'utm_campaign: 受け付けていない項目です' },
			{ field: '氏名', message: '氏名: 受け付けていない項目です' },
		]);
		expect(reply.submission).toHaveLength(0);
		await trigger.close();
	});
});

describe('the one mapping of zod issues to field errors', () => {
	const fields: FieldDefinition[] = [
		{ key: 'n', label: 'Count', type: 'number', required: true, maxLength: 0, choices: [] },
		{ key: 't', label: '', type: 'text', required: false, maxLength: 3, choices: [] },
	];
	it('reports one error per field, in declared order, labelled by label or key', () => {
		const result = buildSchema({ fields, unknownFields: 'reject' }).safeParse({ t: 'abcd', x: 1, n: 'NaN' });
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(toFieldErrors(result.error.issues, fields, 'en')).toEqual([
			{ field: 'n', message: 'Count: must be a number' },
			{ field: 't', message: 't: must be at most 3 characters' },
			{ field: 'x', message: 'x: is not an accepted field' },
		]);
		expect(toFieldErrors(result.error.issues, fields, 'ja')[0]).toEqual({ field: 'n', message: 'Count: 数値で入力してください' });
	});
});

describe('what reaches the item is what was validated', () => {
	const nameFields = [
		{ key: 'name', label: '氏名', type: 'text', maxLength: 20 },
		{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
	];
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await Trigger.start({ parameters: { fields: { field: nameFields } } });
	});
	afterAll(async () => await trigger.close());

	const long = '長'.repeat(5000);

	it.each<[string, IDataObject]>([
		['姓 + 名 of 5,000 characters', { 姓: long, 名: '太郎' }],
		['姓 + 名 beside an empty 氏名', { name: '', 姓: long, 名: '太郎' }],
		['姓 + 名 beside a blank 氏名', { 氏名: '   ', last_name: long }],
		['a 5,000-character 姓 beside a valid 氏名', { 氏名: '山田 太郎', 姓: long }],
		['姓 and 名 each within 20 but 21 together', { 姓: '山'.repeat(10), 名: '太'.repeat(10) }],
	])('refuses %s against a declared 氏名 of at most 20 characters', async (_case, body) => {
		const reply = await trigger.send(jsonBody({ email: 'a@example.jp', ...body }));
		expect(reply.status).toBe(400);
		expect(reply.json.errors[0].message).toMatch(/20文字以内/);
		expect(reply.submission).toHaveLength(0);
	});

	it('joins 姓 + 名 within the limit into name, trimmed as validated, and keeps the parts', async () => {
		const reply = await trigger.send(jsonBody({ email: 'a@example.jp', name: '', 姓: ' 山田 ', 名: '太郎' }));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject({ name: '山田 太郎', last_name: '山田', first_name: '太郎' });
	});

	it.each<[string, number, string]>([
		['a 64-character local part', 200, `${'a'.repeat(64)}@example.jp`],
		['a 65-character local part', 400, `${'a'.repeat(65)}@example.jp`],
		['a 300-character local part', 400, `${'a'.repeat(300)}@example.jp`],
		['a 254-character address', 200, `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}.jp`],
		['a 255-character address', 400, `${'a'.repeat(61)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}.jp`],
		['a 64-octet local part written in full-width letters', 200, `${'ａ'.repeat(64)}@example.jp`],
	])('answers %s with %i', async (_case, status, email) => {
		const reply = await trigger.send(jsonBody({ email }));
		expect(reply.status).toBe(status);
		if (status === 400) expect(reply.json.errors).toEqual([{ field: 'email', message: 'メールアドレス: メールアドレスの形式が正しくありません' }]);
		else expect(reply.submission[0].json.email).toBe(email.normalize('NFKC'));
	});

	it.each<[string, IDataObject, string]>([
		['NUL in a declared text field', { name: '山田\u0000太郎' }, 'name'],
		['an escape character in a declared field found by its Japanese name', { 氏名: '\u001b[31m' }, 'name'],
		['DEL in an undeclared field', { memo: 'a\u007fb' }, 'memo'],
		['NUL deep in an undeclared JSON value', { extra: { list: ['ok', 'x\u0000'] } }, 'extra'],
		['NUL in a field name', { ['bad\u0000key']: 'x' }, 'bad\uFFFDkey'],
	])('refuses %s with a field error', async (_case, body, field) => {
		const reply = await trigger.send(jsonBody({ email: 'a@example.jp', ...body }));
		expect(reply.status).toBe(400);
		expect(reply.json.errors).toContainEqual({ field, message: expect.stringMatching(/制御文字（NUL など）は使用できません$/) });
		expect(reply.submission).toHaveLength(0);
	});

	it('keeps tabs and line breaks, which a textarea sends', async () => {
		const reply = await trigger.send(formBody([['email', 'a@example.jp'], ['memo', '1行目\r\n2行目\tタブ']]));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json.memo).toBe('1行目\r\n2行目\tタブ');
	});

	it('takes a JSON number in a text field as its decimal text, and refuses true/false there', async () => {
		const number = await trigger.send(jsonBody({ email: 'a@example.jp', name: 1000001 }));
		expect(number.submission[0].json).toMatchObject({ name: '1000001', params: { name: 1000001 } });
		const flag = await trigger.send(jsonBody({ email: 'a@example.jp', name: true }));
		expect(flag.json.errors).toEqual([{ field: 'name', message: '氏名: 文字列で入力してください' }]);
	});
});
