import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { STANDARD_FIELDS } from '../../../../nodes/SatoriWebhookTrigger/satoriFields';
import { Trigger, formBody, jsonBody } from '../harness';

const fields = [
	{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
	{ key: 'memo', label: 'メモ', type: 'text', maxLength: 20 },
	{ key: 'phone', label: '電話番号', type: 'phone' },
	{ key: 'website', label: 'ウェブサイト', type: 'url' },
];
const EMAIL_WRONG = 'メールアドレス: メールアドレスの形式が正しくありません';

let trigger: Trigger;
beforeAll(async () => {
	trigger = await Trigger.start({
		parameters: { fields: { field: fields }, rejectedOutput: true, options: { customerDetailUrlTemplate: 'https://app.satori.marketing/c/{{customer_id}}' } },
	});
});
afterAll(async () => await trigger.close());

const send = (body: IDataObject) => trigger.send(jsonBody({ email: 'a@example.jp', ...body }));

describe('customer_detail_url is the URL that was checked, or a 400', () => {
	const separators = ['\u0020', '\n', '\r\n', '\t', '\u3000', '\u00a0', '\u2028', '\u000b', '\u000c', '\ufeff'];

	it.each(separators.map((separator) => [JSON.stringify(separator), separator]))(
		'refuses a second URL after %s with a 400 naming customer_detail_url',
		async (_name, separator) => {
			const reply = await send({ customer_id: '1', customer_detail_url: `https://app.satori.marketing/c/1${separator}https://evil.example/login` });
			expect(reply.status).toBe(400);
			expect(reply.json.errors).toContainEqual({ field: 'customer_detail_url', message: expect.stringContaining('customer_detail_url') });
			expect(reply.submission).toHaveLength(0);
			expect(reply.rejected).toHaveLength(1);
		},
	);

	it.each([
		['https://APP.satori.marketing/c/1', 'https://app.satori.marketing/c/1'],
		['https://app.satori.marketing:443/c/./1', 'https://app.satori.marketing/c/1'],
		['https://app.satori.marketing/c/1?q="<b>"', 'https://app.satori.marketing/c/1?q=%22%3Cb%3E%22'],
		['  https://app.satori.marketing/c/1  ', 'https://app.satori.marketing/c/1'],
	])('returns %s in the canonical form %s', async (sent, canonical) => {
		const reply = await send({ customer_detail_url: sent });
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json.customer_detail_url).toBe(canonical);
	});

	it('never hands on a URL other than the one whose host was checked (generated)', async () => {
		const separator = fc.constantFrom(...separators, '\u2003', '\u205f', '\u1680');
		const second = fc.oneof(fc.webUrl(), fc.constantFrom('https://evil.example/login', 'javascript:alert(1)', '//evil.example'));
		await fc.assert(
			fc.asyncProperty(fc.webPath(), separator, second, async (path, between, other) => {
				const reply = await send({ customer_id: '7', customer_detail_url: `https://app.satori.marketing${path}${between}${other}` });
				expect(reply.status).toBe(400);
				expect(reply.json.errors.map((error: { field: string }) => error.field)).toContain('customer_detail_url');
			}),
			{ numRuns: 60 },
		);
		await fc.assert(
			fc.asyncProperty(fc.webPath(), fc.webQueryParameters(), async (path, query) => {
				const sent = `https://app.satori.marketing${path}?${query}`;
				const reply = await send({ customer_detail_url: sent });
				expect(reply.status).toBe(200);
				expect(reply.submission[0].json.customer_detail_url).toBe(new URL(sent).href);
			}),
			{ numRuns: 60 },
		);
	}, 60_000);
});

describe('control characters, C0 and C1 alike', () => {
	it.each([
		['CSI (U+009B)', '\u009b31m'],
		['NEL (U+0085)', 'a\u0085b'],
		['PAD (U+0080)', '\u0080'],
		['APC (U+009F)', 'x\u009f'],
	])('refuses %s in a value with the control-character 400', async (_name, value) => {
		const reply = await send({ memo: value });
		expect(reply.status).toBe(400);
		expect(reply.json.errors).toContainEqual({ field: 'memo', message: 'メモ: 制御文字（NUL など）は使用できません' });
	});

	it('refuses every C0 and C1 control but tab, LF and CR, in a value and in a field name, and keeps the rest (generated over the whole range)', async () => {
		const allowed = new Set([0x09, 0x0a, 0x0d]);
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 0, max: 0x9f }), fc.boolean(), fc.boolean(), async (code, inName, asForm) => {
				const character = String.fromCharCode(code);
				const isControl = code < 0x20 || (code >= 0x7f && code <= 0x9f);
				const name = inName ? `note${character}x` : 'memo';
				const value = inName ? 'ok' : `a${character}b`;
				const reply = asForm ? await trigger.send(formBody([['email', 'a@example.jp'], [name, value]])) : await send({ [name]: value });
				expect(reply.status).toBe(isControl && !allowed.has(code) ? 400 : 200);
			}),
			{ numRuns: 300 },
		);
	}, 60_000);
});

describe('a declared field sent twice under two of its names', () => {
	it.each<[string, IDataObject, string]>([
		['an invalid e-mail under メールアドレス beside a valid email', { メールアドレス: 'not an email <script>' }, 'メールアドレス'],
		['a 5,000-character メモ beside a valid memo', { memo: 'ok', メモ: 'あ'.repeat(5000) }, 'メモ'],
		['an invalid 電話番号 beside a valid tel', { tel: '03-1234-5678', 電話番号: 'call me' }, '電話番号'],
		['a javascript: URL under ホームページ beside a valid website', { website: 'https://example.jp', ホームページ: 'javascript:alert(1)' }, 'ホームページ'],
	])('validates %s, and names the second key', async (_name, body, key) => {
		const reply = await send(body);
		expect(reply.status).toBe(400);
		expect(reply.json.errors.map((error: { field: string }) => error.field)).toEqual([key]);
		expect(reply.json.errors[0].message).toMatch(new RegExp(`^${key}: `));
		expect(reply.submission).toHaveLength(0);
	});

	it('keeps both when both are valid: the first fills the field, params keeps the second', async () => {
		const reply = await send({ メールアドレス: 'b@example.jp' });
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject({ email: 'a@example.jp', params: { email: 'a@example.jp', メールアドレス: 'b@example.jp' } });
	});

	it('holds every other name of a declared field to its rules (generated over alias pairs)', async () => {
		const alias = (standard: 'email' | 'memo' | 'phone' | 'website') =>
			fc.constantFrom(...STANDARD_FIELDS[standard].filter((name) => name !== standard && name !== 'url'));
		const bad = fc.oneof(
			alias('email').map((key) => ({ key, good: { email: 'a@example.jp' }, value: 'not an email' })),
			alias('memo').map((key) => ({ key, good: { memo: 'ok' }, value: 'x'.repeat(21) })),
			alias('phone').map((key) => ({ key, good: { phone: '0312345678' }, value: 'abc' })),
			alias('website').map((key) => ({ key, good: { website: 'https://example.jp' }, value: 'ftp://example.jp' })),
		);
		await fc.assert(
			fc.asyncProperty(bad, fc.boolean(), async ({ key, good, value }, aliasFirst) => {
				const body = aliasFirst ? { [key]: value, ...good } : { ...good, [key]: value };
				const reply = await trigger.send(jsonBody({ email: 'a@example.jp', ...body }));
				expect(reply.status).toBe(400);
				expect(reply.json.errors.map((error: { field: string }) => error.field)).toContain(key);
			}),
			{ numRuns: 80 },
		);
	}, 60_000);
});

describe('internationalised e-mail domains', () => {
	// Seven labels of 20 kana: 34 octets each as A-labels, 60 in UTF-8; the limits count the ASCII form a server sees.
	const KANA_DOMAIN = `${Array(7).fill('あいうえおかきくけこさしすせそたちつてと').join('.')}.jp`;

	it.each(['info@日本.jp', `aaaaaa@${KANA_DOMAIN}`, 'info@例え.テスト', 'taro.yamada+lead@会社.co.jp', 'a@xn--wgv71a.jp', 'ｉｎｆｏ＠日本．ｊｐ'])('accepts %s (254 octets in ASCII at most) and keeps it as sent (after width folding)', async (email) => {
		const reply = await trigger.send(jsonBody({ email }));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json.email).toBe(email.normalize('NFKC'));
	});

	it.each([
		['a non-ASCII local part', '情報@example.jp'],
		['a percent-escape in the domain', 'a@ex%61mple.jp'],
		['an ideographic full stop, which IDNA would rewrite', 'a@日本。jp'],
		['a zero-width space in the domain', 'a@日\u200b本.jp'],
		['a domain without a dot', 'a@日本'],
		['a space in the domain', 'a@日 本.jp'],
		['a label that IDNA refuses', 'a@xn--zz.jp'],
		['a hyphen at the end of a label', 'a@bad-.jp'],
		['a 64-character label', `a@${'b'.repeat(64)}.jp`],
		['an address of 255 bytes in its ASCII form (385 in UTF-8)', `${'a'.repeat(7)}@${KANA_DOMAIN}`],
		['two @', 'a@b@example.jp'],
		['a dot at the start of the local part', '.a@example.jp'],
	])('refuses %s', async (_name, email) => {
		const reply = await trigger.send(jsonBody({ email }));
		expect(reply.status).toBe(400);
		expect(reply.json.errors).toEqual([{ field: 'email', message: EMAIL_WRONG }]);
	});

	it('accepts a Japanese domain whose ASCII form fits 254 bytes, measuring that form (generated)', async () => {
		const label = fc.string({ unit: fc.constantFrom(...'日本語会社営業部東京大阪テスト例abc-'), minLength: 1, maxLength: 30 }).filter((text) => !/^-|-$|^..--/.test(text));
		const local = fc.stringMatching(/^[a-z0-9]([a-z0-9_'+-]{0,40}[a-z0-9])?$/);
		await fc.assert(
			fc.asyncProperty(local, fc.array(label, { minLength: 1, maxLength: 8 }), fc.constantFrom('jp', 'co.jp', 'com'), async (name, labels, tld) => {
				const email = `${name}@${labels.join('.')}.${tld}`;
				const asciiDomain = new URL(`http://${labels.join('.')}.${tld}`).hostname;
				const fits = Buffer.byteLength(`${name}@${asciiDomain}`) <= 254 && asciiDomain.split('.').every((part) => part.length <= 63);
				const reply = await trigger.send(jsonBody({ email }));
				expect(reply.status).toBe(fits ? 200 : 400);
				if (reply.status === 200) expect(reply.submission[0].json.email).toBe(email);
			}),
			{ numRuns: 80 },
		);
	}, 60_000);
});
