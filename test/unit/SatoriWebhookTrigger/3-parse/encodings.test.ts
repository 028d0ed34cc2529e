import type { IDataObject } from 'n8n-workflow';

import { encodeLegacy, legacyForm, legacyMultipart } from '../../../support/legacyEncoding';
import { Trigger, type Exchange, type RequestSpec } from '../harness';

/**
 * Japanese legacy encodings. Through n8n's own body handling (delivery 'n8n'): a URL-encoded form
 * keeps its bytes in rawBody, so `_charset_` or Options → Form Encoding is enough; with the option
 * added n8n leaves every body unparsed, so charset= in Content-Type and multipart work too.
 */
const lead: Array<[string, string]> = [
	['会社名', '株式会社テスト'],
	['氏名', '髙﨑 ｶﾀｶﾅ'],
	['メールアドレス', 'takasaki@example.jp'],
	['お問い合わせ内容', '①～③の資料（№12）をください。'],
];
const expected = {
	company: '株式会社テスト',
	name: '髙﨑 ｶﾀｶﾅ',
	email: 'takasaki@example.jp',
	memo: '①～③の資料（№12）をください。',
};

const urlencoded = (body: string, charset?: string): RequestSpec => ({
	headers: { 'content-type': `application/x-www-form-urlencoded${charset ? `; charset=${charset}` : ''}` },
	body,
});

function expectRefused(reply: Exchange, status: number, code: string) {
	expect(reply.status).toBe(status);
	expect(reply.json).toMatchObject({ ok: false, code });
	expect(reply.submission).toHaveLength(0);
}

/** One started trigger per Form Encoding (undefined: the option not added), in one node version; closed after the file's describe. */
function triggersOf(typeVersion: 1 | 2) {
	const triggers = new Map<string, Trigger>();
	afterAll(async () => {
		for (const started of triggers.values()) await started.close();
	});
	return async (formEncoding?: string): Promise<Trigger> => {
		const key = formEncoding ?? 'none';
		if (!triggers.has(key)) {
			const parameters: IDataObject = formEncoding === undefined ? {} : { options: { binaryData: formEncoding } };
			triggers.set(key, await Trigger.start({ parameters: { ...parameters, language: 'en' }, typeVersion }));
		}
		return triggers.get(key)!;
	};
}

describe('Japanese legacy encodings', () => {
	const trigger = triggersOf(1);

	it('writes the test bytes as Windows does: 株式会社テスト, half-width kana and IBM extensions', () => {
		expect(encodeLegacy('株式会社テスト', 'shift_jis').toString('hex')).toBe('8a948eae89ef8ed0836583588367');
		expect(encodeLegacy('ｶﾀｶﾅ髙﨑', 'shift_jis').toString('hex')).toBe('b6c0b6c5fbfcfab1');
		expect(encodeLegacy('株式会社テスト', 'euc-jp').toString('hex')).toBe('b3f4bcb0b2f1bcd2a5c6a5b9a5c8');
	});

	it('reads a Shift_JIS form that names its encoding in a _charset_ field, without any option', async () => {
		const reply = await (await trigger()).send(urlencoded(legacyForm([['_charset_', 'Shift_JIS'], ...lead], 'shift_jis')));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject(expected);
		expect(reply.submission[0].json.params).not.toHaveProperty('_charset_');
	});

	it('reads a Shift_JIS form that declares nothing when Form Encoding is Shift_JIS', async () => {
		const reply = await (await trigger('shift_jis')).send(urlencoded(legacyForm(lead, 'shift_jis')));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject(expected);
	});

	it('still reads UTF-8 forms that say so when Form Encoding is Shift_JIS', async () => {
		const body = lead.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
		const reply = await (await trigger('shift_jis')).send(urlencoded(`_charset_=UTF-8&${body}`));
		expect(reply.submission[0].json).toMatchObject(expected);
	});

	it.each([
		['Shift_JIS', 'shift_jis'],
		['Windows-31J', 'shift_jis'],
		['x-sjis', 'shift_jis'],
		['EUC-JP', 'euc-jp'],
		['ISO-2022-JP', 'iso-2022-jp'],
	] as const)('reads a form declared charset=%s in Content-Type once Form Encoding is added', async (label, encoding) => {
		const pairs: Array<[string, string]> =
			encoding === 'iso-2022-jp'
				? [['会社名', '株式会社テスト'], ['email', 'a@example.jp']]
				: lead;
		const reply = await (await trigger('auto')).send(urlencoded(legacyForm(pairs, encoding), label));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject({ company: '株式会社テスト' });
	});

	it('is answered 422 by n8n itself when Content-Type names a legacy charset and Form Encoding is not added', async () => {
		const reply = await (await trigger()).send(urlencoded(legacyForm(lead, 'shift_jis'), 'Shift_JIS'));
		expect(reply.status).toBe(422);
		expect(reply.outcome.called).toBe(false);
	});

	it.each(['shift_jis', 'euc-jp'] as const)('reads a %s multipart form with an upload once Form Encoding is set', async (encoding) => {
		const content = Buffer.from([0x00, 0x81, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);
		const { contentType, body } = legacyMultipart(lead, encoding, [
			{ name: '添付', fileName: '髙﨑の資料.pdf', content },
		]);
		const reply = await (await trigger(encoding)).send({ headers: { 'content-type': contentType }, body });
		expect(reply.status).toBe(200);
		const item = reply.submission[0];
		expect(item.json).toMatchObject({ ...expected, 添付: { fileName: '髙﨑の資料.pdf', size: content.length } });
		expect(Buffer.from(item.binary!['添付'].data, 'base64')).toEqual(content);
	});

	it('reads a multipart form whose _charset_ part names EUC-JP, with Form Encoding Auto', async () => {
		const { contentType, body } = legacyMultipart([['_charset_', 'EUC-JP'], ...lead], 'euc-jp');
		const reply = await (await trigger('auto')).send({ headers: { 'content-type': contentType }, body });
		expect(reply.submission[0].json).toMatchObject(expected);
	});

	it('asks for Form Encoding when n8n has already decoded a Shift_JIS multipart form as UTF-8', async () => {
		const { contentType, body } = legacyMultipart([['_charset_', 'Shift_JIS'], ...lead], 'shift_jis');
		const reply = await (await trigger()).send({ headers: { 'content-type': contentType }, body });
		expectRefused(reply, 400, 'form_encoding_required');
		expect(reply.json.message).toContain('Shift_JIS');
	});

	it('accepts that multipart form when all of it is ASCII, which reads the same in Shift_JIS', async () => {
		const { contentType, body } = legacyMultipart([['_charset_', 'Shift_JIS'], ['email', 'a@example.jp']], 'shift_jis');
		const reply = await (await trigger()).send({ headers: { 'content-type': contentType }, body });
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject({ email: 'a@example.jp' });
	});

	it.each([
		['a lead byte at the end', 'shift_jis', 'name=%8A'],
		['a lead byte before an ASCII byte', 'shift_jis', 'name=%81%20'],
		['an invalid EUC-JP pair', 'euc-jp', 'name=%A1%20'],
		['an ISO-2022-JP escape that is not one', 'iso-2022-jp', 'name=%1B%28%5A'],
	])('refuses %s with 400 and passes nothing on, not even the valid fields', async (_case, encoding, body) => {
		const reply = await (await trigger('auto')).send(urlencoded(`email=a%40example.jp&${body}`, encoding));
		expectRefused(reply, 400, 'invalid_encoding');
		expect(reply.json.message).toMatch(/not valid (Shift_JIS|EUC-JP|ISO-2022-JP)/);
	});

	it('refuses undecodable bytes in a multipart field name too', async () => {
		const { contentType, body } = legacyMultipart([['email', 'a@example.jp']], 'shift_jis');
		const broken = Buffer.from(body.toString('latin1').replace('name="email"', 'name="\x81"'), 'latin1');
		const reply = await (await trigger('shift_jis')).send({ headers: { 'content-type': contentType }, body: broken });
		expectRefused(reply, 400, 'invalid_encoding');
	});

	it('refuses a declared Shift_JIS form with 415 when Form Encoding is UTF-8', async () => {
		const reply = await (await trigger('utf-8')).send(urlencoded(legacyForm([['_charset_', 'Shift_JIS'], ...lead], 'shift_jis')));
		expectRefused(reply, 415, 'unsupported_charset');
	});

	it.each(['iso-8859-1', 'windows-1252', 'utf-16le', 'no-such-charset'])(
		'refuses a form declared as %s with 415',
		async (label) => {
			const reply = await (await trigger('auto')).send(urlencoded('email=a%40example.jp', label));
			expectRefused(reply, 415, 'unsupported_charset');
		},
	);

	it('keeps JSON UTF-8 only, whatever Form Encoding says', async () => {
		const reply = await (await trigger('shift_jis')).send({
			headers: { 'content-type': 'application/json; charset=Shift_JIS' },
			body: encodeLegacy('{"company":"株式会社テスト"}', 'shift_jis'),
		});
		expectRefused(reply, 415, 'unsupported_charset');
	});
});

/**
 * Version 2 (what a new node gets): n8n parses every body, whatever Form Encoding says. It keeps the
 * bytes of a URL-encoded form, so Form Encoding and `_charset_` still work there; a multipart form
 * arrives decoded as UTF-8, so a legacy-encoded one is refused with a message that says what works.
 */
describe('Japanese legacy encodings in version 2', () => {
	const trigger = triggersOf(2);

	it.each(['shift_jis', 'euc-jp'] as const)('reads a %s URL-encoded form that declares nothing when Form Encoding names it', async (encoding) => {
		const reply = await (await trigger(encoding)).send(urlencoded(legacyForm(lead, encoding)));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject(expected);
	});

	it('reads a Shift_JIS URL-encoded form that names its encoding in a _charset_ field, without any option', async () => {
		const reply = await (await trigger()).send(urlencoded(legacyForm([['_charset_', 'Shift_JIS'], ...lead], 'shift_jis')));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject(expected);
	});

	it('is answered 422 by n8n itself when Content-Type names a legacy charset, even with Form Encoding', async () => {
		const reply = await (await trigger('auto')).send(urlencoded(legacyForm(lead, 'shift_jis'), 'Shift_JIS'));
		expect(reply.status).toBe(422);
		expect(reply.outcome.called).toBe(false);
	});

	it.each(['shift_jis', 'euc-jp'] as const)('refuses a %s multipart form with a message that says to send UTF-8 or URL-encoded, even with Form Encoding', async (encoding) => {
		const { contentType, body } = legacyMultipart(lead, encoding, [{ name: '添付', fileName: 'a.pdf', content: Buffer.from('%PDF') }]);
		for (const started of [await trigger(encoding), await trigger()]) {
			const reply = await started.send({ headers: { 'content-type': `${contentType}; charset=${encoding}` }, body });
			expectRefused(reply, 400, 'multipart_not_utf8');
			expect(reply.json.message).toMatch(/multipart forms only in UTF-8.*URL-encoded/);
		}
	});

	it('reads a UTF-8 multipart form with an upload, and an ASCII-only one that declares Shift_JIS', async () => {
		const content = Buffer.from([0x00, 0x81, 0xff, 0x0d, 0x0a]);
		const boundary = 'utf8Boundary0c1d';
		const part = (headers: string, value: Buffer) => Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), value, Buffer.from('\r\n')]);
		const body = Buffer.concat([
			...lead.map(([key, value]) => part(`Content-Disposition: form-data; name="${key}"`, Buffer.from(value))),
			part('Content-Disposition: form-data; name="添付"; filename="資料.pdf"\r\nContent-Type: application/pdf', content),
			Buffer.from(`--${boundary}--\r\n`),
		]);
		const reply = await (await trigger('auto')).send({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject({ ...expected, 添付: { fileName: '資料.pdf', size: content.length } });
		const ascii = legacyMultipart([['_charset_', 'Shift_JIS'], ['email', 'a@example.jp']], 'shift_jis');
		const plain = await (await trigger('shift_jis')).send({ headers: { 'content-type': ascii.contentType }, body: ascii.body });
		expect(plain.status).toBe(200);
		expect(plain.submission[0].json).toMatchObject({ email: 'a@example.jp' });
	});
});
