import type { IDataObject } from 'n8n-workflow';

import { normalise } from '../../../../nodes/SatoriWebhookTrigger/5-normalise/normalise';
import { standardKeyOf } from '../../../../nodes/SatoriWebhookTrigger/satoriFields';
import { Trigger, formBody, jsonBody } from '../harness';

describe('SATORI field names', () => {
	it.each([
		['会社名', 'company'],
		['企業名', 'company'],
		['company', 'company'],
		['Company Name', 'company'],
		['氏名', 'name'],
		['お名前', 'name'],
		['姓', 'last_name'],
		['名', 'first_name'],
		['ふりがな', 'name_kana'],
		['氏名（ふりがな）', 'name_kana'],
		['メールアドレス', 'email'],
		['E-mail', 'email'],
		['Ｅメール', 'email'],
		['部署名', 'department'],
		['役職', 'position'],
		['電話番号', 'phone'],
		['TEL', 'phone'],
		['携帯電話番号', 'mobile'],
		['ウェブサイト', 'website'],
		['住所', 'address'],
		['メモ', 'memo'],
		['お問い合わせ内容', 'memo'],
	])('maps %s to %s', (name, key) => {
		expect(standardKeyOf(name)).toBe(key);
	});

	it('leaves other names alone', () => {
		expect(standardKeyOf('utm_source')).toBeUndefined();
		expect(standardKeyOf('セミナー名')).toBeUndefined();
	});
});

describe('normalised submission items', () => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await Trigger.start({
			parameters: {
				fields: { field: [{ key: 'email', label: 'メールアドレス', type: 'email', required: true }] },
				options: { customerDetailUrlTemplate: 'https://app.satori.marketing/customers/{{customer_id}}' },
			},
		});
	});
	afterAll(async () => await trigger.close());

	it('puts a SATORI form in Japanese under the normalised keys and keeps the raw params beside them', async () => {
		const reply = await trigger.send(
			formBody([
				['企業名', '株式会社サトリ'],
				['姓', '山田'],
				['名', '太郎'],
				['せい', 'やまだ'],
				['めい', 'たろう'],
				['メールアドレス', 'yamada@example.co.jp'],
				['部署名', '営業部'],
				['役職', '部長'],
				['電話番号', '03-1234-5678'],
				['携帯電話番号', '090-1234-5678'],
				['ウェブサイト', 'https://example.co.jp'],
				['住所', '東京都千代田区1-1'],
				['メモ', '[toall] 資料請求です'],
				['セミナー名', '春の展示会'],
			]),
		);
		expect(reply.status).toBe(200);
		const item = reply.submission[0].json;
		expect(item).toMatchObject({
			company: '株式会社サトリ',
			last_name: '山田',
			first_name: '太郎',
			name: '山田 太郎',
			name_kana: 'やまだ たろう',
			email: 'yamada@example.co.jp',
			department: '営業部',
			position: '部長',
			phone: '03-1234-5678',
			mobile: '090-1234-5678',
			website: 'https://example.co.jp',
			address: '東京都千代田区1-1',
			memo: '[toall] 資料請求です',
			セミナー名: '春の展示会',
		});
		expect(item.params).toEqual({
			企業名: '株式会社サトリ',
			姓: '山田',
			名: '太郎',
			せい: 'やまだ',
			めい: 'たろう',
			メールアドレス: 'yamada@example.co.jp',
			部署名: '営業部',
			役職: '部長',
			電話番号: '03-1234-5678',
			携帯電話番号: '090-1234-5678',
			ウェブサイト: 'https://example.co.jp',
			住所: '東京都千代田区1-1',
			メモ: '[toall] 資料請求です',
			セミナー名: '春の展示会',
		});
	});

	it('keeps a full name that was sent rather than joining its parts', async () => {
		const reply = await trigger.send(jsonBody({ 氏名: '佐藤 花子', last_name: 'Sato', first_name: 'Hanako', email: 'h@example.jp' }));
		expect(reply.submission[0].json.name).toBe('佐藤 花子');
	});

	it('joins only the part that was sent', async () => {
		const reply = await trigger.send(jsonBody({ last_name: 'Sato', email: 'h@example.jp' }));
		expect(reply.submission[0].json.name).toBe('Sato');
	});

	it('passes customer_detail_url through when SATORI sends it', async () => {
		const url = 'https://app.satori.marketing/customers/abc123';
		const reply = await trigger.send(jsonBody({ email: 'a@example.jp', customer_detail_url: url, customer_id: 'zzz' }));
		expect(reply.submission[0].json.customer_detail_url).toBe(url);
		expect(reply.submission[0].json.params).toMatchObject({ customer_detail_url: url });
	});

	it('builds customer_detail_url from the template, URL-encoding the value', async () => {
		const reply = await trigger.send(jsonBody({ email: 'a@example.jp', customer_id: 'id/with space' }));
		expect(reply.submission[0].json.customer_detail_url).toBe(
			'https://app.satori.marketing/customers/id%2Fwith%20space',
		);
	});

	it('gives null when the template needs a value that was not sent, or when the sent URL is not http(s)', async () => {
		expect((await trigger.send(jsonBody({ email: 'a@example.jp' }))).submission[0].json.customer_detail_url).toBeNull();
		const reply = await trigger.send(jsonBody({ email: 'a@example.jp', customer_detail_url: 'javascript:alert(1)' }));
		expect(reply.submission[0].json.customer_detail_url).toBeNull();
	});

	it('never lets a form field overwrite the keys the trigger owns', async () => {
		const reply = await trigger.send(
			jsonBody({ email: 'a@example.jp', submissionId: 'forged', meta: 'forged', params: 'forged', submittedAt: 'forged' }),
		);
		const item = reply.submission[0].json;
		expect(item.submissionId).toBe(reply.json.submissionId);
		expect(item.meta).toMatchObject({ method: 'POST' });
		expect(item.submittedAt).not.toBe('forged');
		expect(item.params).toMatchObject({ submissionId: 'forged', meta: 'forged', params: 'forged' });
	});

	it('gives every declared field a key, null when it was not sent', async () => {
		const other = await Trigger.start({
			parameters: {
				fields: {
					field: [
						{ key: 'email', type: 'email', required: true },
						{ key: 'メモ', type: 'text' },
					],
				},
			},
		});
		const reply = await other.send(jsonBody({ email: 'a@example.jp' }));
		expect(reply.submission[0].json).toMatchObject({ email: 'a@example.jp', memo: null });
		await other.close();
	});
});

describe('normalise() on its own', () => {
	it('takes the first of two names for the same standard field', () => {
		const result = normalise(
			{ params: { email: 'first@example.jp', メールアドレス: 'second@example.jp' }, files: [] },
			{},
			new Map(),
			{
				fields: [],
				unknownFields: 'keep',
				honeypotField: '',
				customerDetailUrlTemplate: '',
				customerDetailUrlHosts: ['satori.marketing'],
				useCredential: false,
			},
		);
		expect(result.fields.email).toBe('first@example.jp');
		expect(result.params).toEqual({ email: 'first@example.jp', メールアドレス: 'second@example.jp' });
	});
});

describe('customer_detail_url from the submitter', () => {
	const template = 'https://app.satori.marketing/customers/{{customer_id}}';
	const triggers: Trigger[] = [];
	async function start(options: IDataObject, extra: IDataObject = {}) {
		const started = await Trigger.start({ parameters: { options, ...extra } });
		triggers.push(started);
		return started;
	}
	afterAll(async () => {
		for (const started of triggers) await started.close();
	});

	it.each([
		'https://evil.example/satori/customers/1',
		'https://app.satori.marketing.evil.example/customers/1',
		'https://app.satori.marketing@evil.example/customers/1',
		'https://user:pass@app.satori.marketing/customers/1',
		'https://evilsatori.marketing/customers/1',
		'https://xn--satri-wua.marketing/customers/1',
	])('does not let an unauthenticated form choose %s; the template builds it instead', async (url) => {
		const trigger = await start({ customerDetailUrlTemplate: template });
		const reply = await trigger.send(jsonBody({ email: 'a@example.jp', customer_id: 'c1', customer_detail_url: url }));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json.customer_detail_url).toBe('https://app.satori.marketing/customers/c1');
		expect(reply.submission[0].json.params).not.toHaveProperty('customer_detail_url');
	});

	it('leaves it empty when an untrusted URL is sent and no template is set', async () => {
		const trigger = await start({});
		const reply = await trigger.send(jsonBody({ email: 'a@example.jp', customer_detail_url: 'https://phish.example/login' }));
		expect(reply.submission[0].json.customer_detail_url).toBeNull();
	});

	it.each(['https://app.satori.marketing/customers/9', 'https://satori.marketing/c/9', 'https://APP.SATORI.MARKETING/c/9'])(
		"keeps %s, as the URL parser reads it: SATORI's own hosts are allowed by default",
		async (url) => {
			const trigger = await start({ customerDetailUrlTemplate: template });
			const reply = await trigger.send(jsonBody({ email: 'a@example.jp', customer_id: 'c1', customer_detail_url: url }));
			expect(reply.submission[0].json.customer_detail_url).toBe(url.replace('APP.SATORI.MARKETING', 'app.satori.marketing'));
		},
	);

	it('follows Customer Detail URL Hosts, which replaces the default list', async () => {
		const trigger = await start({ customerDetailUrlHosts: 'crm.example.co.jp, *.crm2.example' });
		const sent = async (url: string) =>
			(await trigger.send(jsonBody({ email: 'a@example.jp', customer_detail_url: url }))).submission[0].json.customer_detail_url;
		expect(await sent('https://crm.example.co.jp/c/1')).toBe('https://crm.example.co.jp/c/1');
		expect(await sent('https://eu.crm2.example/c/1')).toBe('https://eu.crm2.example/c/1');
		expect(await sent('https://app.satori.marketing/c/1')).toBeNull();
	});

	it('takes any http(s) URL from an authenticated sender, such as SATORI with a shared secret', async () => {
		const trigger = await Trigger.start({
			parameters: { options: { customerDetailUrlTemplate: template }, authentication: 'satoriWebhookAuthApi' },
			credentials: { method: 'header', headerName: 'X-Satori-Token', headerSecret: 'a-long-shared-secret-1234' },
		});
		triggers.push(trigger);
		const url = 'https://satori-proxy.example.co.jp/customers/9';
		const reply = await trigger.send(
			jsonBody({ email: 'a@example.jp', customer_id: 'c1', customer_detail_url: url }, { 'X-Satori-Token': 'a-long-shared-secret-1234' }),
		);
		expect(reply.submission[0].json.customer_detail_url).toBe(url);
		const notHttp = await trigger.send(
			jsonBody({ email: 'a@example.jp', customer_id: 'c1', customer_detail_url: 'javascript:alert(1)' }, { 'X-Satori-Token': 'a-long-shared-secret-1234' }),
		);
		expect(notHttp.submission[0].json.customer_detail_url).toBe('https://app.satori.marketing/customers/c1');
	});
});
