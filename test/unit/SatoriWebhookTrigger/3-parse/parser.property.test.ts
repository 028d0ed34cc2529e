import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';
import { gzipSync } from 'zlib';

import { legacyForm, legacyMultipart } from '../../../support/legacyEncoding';
import { Trigger, multipartBody, type Delivery, type Exchange, type RequestSpec } from '../harness';

/**
 * Generated requests against the trigger's whole pipeline (a real HTTP server, n8n's body handling
 * or none): any body, content type and encoding gets a 2xx or a 4xx, never a 5xx or a throw, and
 * what a 2xx passes on keeps every declared rule.
 */
const fields = [
	{ key: 'name', label: '氏名', type: 'text', maxLength: 20 },
	{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
	{ key: 'phone', label: '電話番号', type: 'phone' },
	{ key: 'employees', label: '従業員数', type: 'number' },
	{ key: 'consent', label: '同意', type: 'boolean' },
	{ key: 'seminar', label: 'セミナー', type: 'choice', choices: 'A日程, B日程' },
];

interface Setup {
	delivery: Delivery;
	options: IDataObject;
	unknownFields: string;
}
const setups: Setup[] = [
	{ delivery: 'n8n', options: {}, unknownFields: 'keep' },
	{ delivery: 'n8n', options: { binaryData: 'auto' }, unknownFields: 'reject' },
	{ delivery: 'raw', options: { binaryData: 'shift_jis', maxBodySizeKb: 4 }, unknownFields: 'drop' },
];

/** Characters Shift_JIS, EUC-JP and ISO-2022-JP can all write, so legacy bodies can be generated from them. */
const JIS_TEXT = fc.string({
	unit: fc.constantFrom(...'株式会社テスト山田太郎髙﨑ｶﾀｶﾅ①～abc@.-_ 0123[]{}:/'),
	maxLength: 30,
});
const JIS_SAFE = fc.string({ unit: fc.constantFrom(...'株式会社テスト山田太郎abc@.-_ 0123[]:/'), maxLength: 30 });

const keyArbitrary = fc.oneof(
	fc.constantFrom(
		'email', 'メールアドレス', 'name', '氏名', '姓', '名', 'last_name', 'first_name', 'phone', 'employees', 'consent',
		'seminar', 'seminar[]', 'customer_detail_url', '_charset_', '__proto__', 'constructor', 'prototype',
		'a[__proto__]', 'constructor.prototype', 'submissionId', 'params', 'meta', 'k\u0000', '',
	),
	fc.string({ maxLength: 12 }),
	fc.string({ unit: 'binary', maxLength: 12 }),
);

const valueArbitrary = fc.oneof(
	fc.string({ maxLength: 30 }),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.constantFrom(
		'[toall]', '[To:1]', '[info][title]x[/title][/info]', 'a@example.jp', 'ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｊｐ', 'A日程', 'B日程', 'はい',
		'on', 'https://app.satori.marketing/c/1', 'https://evil.example/c/1', 'javascript:alert(1)', '\u0000', '\u001b[2J',
		'\uFFFD', '1e400', '-0', '０３－１２３４－５６７８', 'Shift_JIS', 'EUC-JP', 'UTF-8', 'x-unknown',
	),
	fc.integer({ min: 0, max: 400 }).map((length) => `${'a'.repeat(length)}@example.jp`),
	fc.integer({ min: 0, max: 3000 }).map((length) => '長'.repeat(length)),
);

const pairsArbitrary = fc.array(fc.tuple(keyArbitrary, valueArbitrary), { maxLength: 12 });
const withEmail = (pairs: Array<[string, string]>): Array<[string, string]> => [['email', 'lead@example.jp'], ...pairs];

const charsetParameter = fc.constantFrom('', '; charset=utf-8', '; charset=Shift_JIS', '; charset=EUC-JP', '; charset=ISO-2022-JP', '; charset=latin1', '; charset="x-sjis"', '; charset=');

const jsonValue = fc.jsonValue({ maxDepth: 7 });

const requestArbitrary: fc.Arbitrary<RequestSpec> = fc.oneof(
	// JSON: objects of hostile pairs, any JSON value, or bytes that are no JSON at all.
	fc.tuple(pairsArbitrary, charsetParameter).map(([pairs, charset]) => ({
		headers: { 'content-type': `application/json${charset}` },
		body: JSON.stringify(Object.fromEntries(withEmail(pairs))),
	})),
	jsonValue.map((value) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) ?? '' })),
	// URL-encoded in UTF-8, in a legacy encoding (declared or not), or raw bytes with stray escapes.
	fc.tuple(pairsArbitrary, charsetParameter).map(([pairs, charset]) => ({
		headers: { 'content-type': `application/x-www-form-urlencoded${charset}` },
		body: withEmail(pairs).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&'),
	})),
	fc
		.tuple(fc.array(fc.tuple(JIS_TEXT, JIS_TEXT), { maxLength: 8 }), fc.constantFrom('shift_jis', 'euc-jp') as fc.Arbitrary<'shift_jis' | 'euc-jp'>, charsetParameter)
		.map(([pairs, encoding, charset]) => ({
			headers: { 'content-type': `application/x-www-form-urlencoded${charset}` },
			body: legacyForm(withEmail(pairs), encoding),
		})),
	fc.tuple(fc.array(fc.tuple(JIS_SAFE, JIS_SAFE), { maxLength: 6 }), charsetParameter).map(([pairs, charset]) => ({
		headers: { 'content-type': `application/x-www-form-urlencoded${charset}` },
		body: legacyForm(withEmail(pairs), 'iso-2022-jp'),
	})),
	fc.tuple(fc.uint8Array({ maxLength: 400 }), fc.string({ unit: fc.constantFrom('%', '=', '&', '+', 'A', '8', 'F', 'g'), maxLength: 30 })).map(
		([bytes, escapes]) => ({
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: Buffer.concat([Buffer.from(`email=a%40example.jp&${escapes}`), Buffer.from(bytes)]),
		}),
	),
	// multipart in UTF-8 (names unescaped, so quotes and line breaks break parts), in a legacy encoding, or cut short.
	pairsArbitrary.map((pairs) => multipartBody(withEmail(pairs))),
	fc
		.tuple(fc.array(fc.tuple(JIS_TEXT, JIS_TEXT), { maxLength: 8 }), fc.constantFrom('shift_jis', 'euc-jp') as fc.Arbitrary<'shift_jis' | 'euc-jp'>, fc.boolean())
		.map(([pairs, encoding, declare]) => {
			const { contentType, body } = legacyMultipart(withEmail(declare ? [['_charset_', encoding], ...pairs] : pairs), encoding);
			return { headers: { 'content-type': contentType }, body };
		}),
	fc.tuple(pairsArbitrary, fc.nat()).map(([pairs, cut]) => {
		const spec = multipartBody(withEmail(pairs));
		const body = spec.body as Buffer;
		return { ...spec, body: body.subarray(0, cut % (body.length + 1)) };
	}),
	// Anything at all, under any content type, sometimes gzipped.
	fc
		.tuple(
			fc.uint8Array({ maxLength: 600 }),
			fc.oneof(
				fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=x', 'text/plain', 'application/xml', ''),
				fc.string({ maxLength: 40 }),
			),
			fc.boolean(),
		)
		.map(([bytes, contentType, gzip]) => ({
			headers: { 'content-type': contentType, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
			body: gzip ? gzipSync(bytes) : Buffer.from(bytes),
		})),
);

// eslint-disable-next-line no-control-regex -- matching control characters is what this expression is for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function strings(value: unknown, found: string[] = []): string[] {
	if (typeof value === 'string') found.push(value);
	else if (Array.isArray(value)) value.forEach((item) => strings(item, found));
	else if (typeof value === 'object' && value !== null) {
		for (const [key, inner] of Object.entries(value)) {
			found.push(key);
			strings(inner, found);
		}
	}
	return found;
}

function checkAnswer(reply: Exchange): void {
	expect(reply.outcome.error).toBeUndefined();
	expect(reply.status).toBeGreaterThanOrEqual(200);
	expect(reply.status).toBeLessThan(500);
	if (reply.status >= 300) {
		expect(reply.submission).toHaveLength(0);
		return;
	}
	for (const item of reply.submission) {
		// eslint-disable-next-line @typescript-eslint/no-unused-vars -- meta is left out on purpose
		const { meta: _meta, ...json } = item.json;
		expect(strings(json).filter((text) => CONTROL.test(text))).toEqual([]);
		if (typeof json.name === 'string') expect([...json.name].length).toBeLessThanOrEqual(20);
		const email = String(json.email);
		expect(Buffer.byteLength(email)).toBeLessThanOrEqual(254);
		expect(Buffer.byteLength(email.slice(0, email.lastIndexOf('@')))).toBeLessThanOrEqual(64);
		expect(json.customer_detail_url === null || new URL(String(json.customer_detail_url)).hostname.endsWith('satori.marketing')).toBe(true);
		expect(Object.keys(json)).not.toContain('__proto__');
		expect(Object.getPrototypeOf(json.params)).toBe(Object.prototype);
	}
}

describe.each(setups)('any request to the trigger (delivery $delivery, options $options)', (setup) => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await Trigger.start({
			delivery: setup.delivery,
			parameters: { fields: { field: fields }, options: setup.options, unknownFields: setup.unknownFields, rejectedOutput: true },
		});
	});
	afterAll(async () => await trigger.close());

	it('gets a 2xx or a 4xx, never a 5xx or a throw, and a 2xx passes on only what the rules allow', async () => {
		await fc.assert(
			fc.asyncProperty(requestArbitrary, async (spec) => {
				checkAnswer(await trigger.send(spec));
			}),
			{ numRuns: 250 },
		);
	}, 120_000);
});
