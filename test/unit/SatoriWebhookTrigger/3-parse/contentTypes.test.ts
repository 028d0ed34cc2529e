import { existsSync } from 'fs';

import { Trigger, formBody, jsonBody, multipartBody, type Delivery } from '../harness';

const fields = {
	field: [
		{ key: 'company', label: '会社名', type: 'text', required: true },
		{ key: 'name', label: '氏名', type: 'text', required: true },
		{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
	],
};

describe.each<Delivery>(['n8n', 'raw'])('content types (delivery: %s)', (delivery) => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await Trigger.start({ delivery, parameters: { fields } });
	});
	afterAll(async () => await trigger.close());

	it('accepts application/json with Japanese values and emits one Submission item', async () => {
		const reply = await trigger.send(
			jsonBody({ company: '株式会社サンプル', name: '山田 太郎', email: 'taro@example.co.jp' }),
		);
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({ ok: true, submissionId: expect.any(String) });
		expect(reply.submission).toHaveLength(1);
		const item = reply.submission[0].json;
		expect(item).toMatchObject({
			company: '株式会社サンプル',
			name: '山田 太郎',
			email: 'taro@example.co.jp',
			params: { company: '株式会社サンプル', name: '山田 太郎', email: 'taro@example.co.jp' },
			submissionId: reply.json.submissionId,
			customer_detail_url: null,
		});
		expect(new Date(item.submittedAt as string).toISOString()).toBe(item.submittedAt);
	});

	it('accepts application/json with a charset parameter and a +json media type', async () => {
		const body = JSON.stringify({ company: 'A社', name: '佐藤', email: 'sato@example.jp' });
		for (const type of ['application/json; charset=UTF-8', 'application/vnd.satori+json']) {
			const reply = await trigger.send({ headers: { 'content-type': type }, body });
			// n8n parses only exactly application/json; the node reads the raw bytes either way.
			expect(reply.status).toBe(200);
			expect(reply.submission[0].json.company).toBe('A社');
		}
	});

	it('accepts a UTF-8 byte-order mark in front of JSON', async () => {
		const body = Buffer.concat([
			Buffer.from([0xef, 0xbb, 0xbf]),
			Buffer.from(JSON.stringify({ company: 'BOM社', name: '鈴木', email: 'suzuki@example.jp' })),
		]);
		const reply = await trigger.send({ headers: { 'content-type': 'application/json' }, body });
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json.company).toBe('BOM社');
	});

	it('accepts application/x-www-form-urlencoded with percent-encoded Japanese', async () => {
		const reply = await trigger.send(
			formBody([
				['company', '合同会社テスト&サンズ'],
				['name', '田中 花子'],
				['email', 'hanako@example.com'],
				['memo', '1 + 1 = 2'],
			]),
		);
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject({
			company: '合同会社テスト&サンズ',
			name: '田中 花子',
			memo: '1 + 1 = 2',
		});
	});

	it('decodes + as a space in urlencoded bodies, as browsers send it', async () => {
		const reply = await trigger.send({
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'company=ACME+Inc.&name=Jane+Doe&email=jane%40example.com',
		});
		expect(reply.submission[0].json).toMatchObject({ company: 'ACME Inc.', name: 'Jane Doe', email: 'jane@example.com' });
	});

	it('turns repeated keys and field[] keys into arrays', async () => {
		const reply = await trigger.send(
			formBody([
				['company', 'X'],
				['name', 'Y'],
				['email', 'y@example.com'],
				['interest[]', 'セミナー'],
				['tag', 'a'],
				['tag', 'b'],
				['single[]', 'only'],
			]),
		);
		expect(reply.status).toBe(200);
		const item = reply.submission[0].json;
		expect(item.interest).toEqual(['セミナー']);
		expect(item.tag).toEqual(['a', 'b']);
		expect(item.single).toEqual(['only']);
		expect(item.params).toMatchObject({ interest: ['セミナー'], tag: ['a', 'b'] });
	});

	it('accepts multipart/form-data fields in Japanese', async () => {
		const reply = await trigger.send(
			multipartBody([
				['会社名', '株式会社マルチパート'],
				['氏名', '高橋 一郎'],
				['メールアドレス', 'ichiro@example.jp'],
				['interest[]', 'A'],
				['interest[]', 'B'],
			]),
		);
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json).toMatchObject({
			company: '株式会社マルチパート',
			name: '高橋 一郎',
			email: 'ichiro@example.jp',
			interest: ['A', 'B'],
			params: { 会社名: '株式会社マルチパート', 氏名: '高橋 一郎', メールアドレス: 'ichiro@example.jp' },
		});
	});

	it('turns two uploaded files into binary properties with file name and MIME type', async () => {
		const pdf = Buffer.from('%PDF-1.4 見積依頼書\n%%EOF');
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]);
		const reply = await trigger.send(
			multipartBody(
				[
					['company', 'ファイル株式会社'],
					['name', '伊藤'],
					['email', 'ito@example.jp'],
				],
				[
					{ name: 'attachment', fileName: '見積依頼書.pdf', type: 'application/pdf', content: pdf },
					{ name: 'logo', fileName: 'logo.png', type: 'image/png', content: png },
				],
			),
		);
		expect(reply.status).toBe(200);
		const [item] = reply.submission;
		expect(item.binary?.attachment).toMatchObject({ fileName: '見積依頼書.pdf', mimeType: 'application/pdf' });
		expect(Buffer.from(item.binary!.attachment.data, 'base64')).toEqual(pdf);
		expect(item.binary?.logo).toMatchObject({ fileName: 'logo.png', mimeType: 'image/png' });
		expect(Buffer.from(item.binary!.logo.data, 'base64')).toEqual(png);
		expect(item.json.attachment).toEqual({
			fileName: '見積依頼書.pdf',
			mimeType: 'application/pdf',
			size: pdf.length,
			binaryProperty: 'attachment',
		});
		expect(item.json.params).toMatchObject({ attachment: '見積依頼書.pdf', logo: 'logo.png' });
	});

	it('numbers several files sent under one field name', async () => {
		const reply = await trigger.send(
			multipartBody(
				[
					['company', 'C'],
					['name', 'N'],
					['email', 'n@example.com'],
				],
				[
					{ name: 'docs[]', fileName: 'a.txt', type: 'text/plain', content: 'A' },
					{ name: 'docs[]', fileName: 'b.txt', type: 'text/plain', content: 'B' },
				],
			),
		);
		expect(reply.status).toBe(200);
		const [item] = reply.submission;
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(['docs0', 'docs1']);
		expect(item.json.docs).toEqual([
			{ fileName: 'a.txt', mimeType: 'text/plain', size: 1, binaryProperty: 'docs0' },
			{ fileName: 'b.txt', mimeType: 'text/plain', size: 1, binaryProperty: 'docs1' },
		]);
	});

	it('ignores a file input left empty, as browsers send it', async () => {
		const reply = await trigger.send(
			multipartBody(
				[
					['company', 'C'],
					['name', 'N'],
					['email', 'n@example.com'],
				],
				[{ name: 'attachment', fileName: '', type: 'application/octet-stream', content: '' }],
			),
		);
		expect(reply.status).toBe(200);
		expect(reply.submission[0].binary).toBeUndefined();
	});

	it('records where the submission came from in meta, without credentials', async () => {
		const reply = await trigger.send({
			...jsonBody({ company: 'M', name: 'N', email: 'm@example.com' }),
			query: '?utm_source=newsletter&lp=spring',
			headers: {
				'content-type': 'application/json',
				'user-agent': 'Mozilla/5.0 test',
				referer: 'https://example.co.jp/contact',
				authorization: 'Bearer should-not-appear',
			},
		});
		expect(reply.submission[0].json.meta).toEqual({
			ip: '127.0.0.1',
			userAgent: 'Mozilla/5.0 test',
			referer: 'https://example.co.jp/contact',
			origin: null,
			contentType: 'application/json',
			method: 'POST',
			query: { utm_source: 'newsletter', lp: 'spring' },
		});
		expect(JSON.stringify(reply.submission[0].json)).not.toContain('should-not-appear');
	});

	it('copies uploads into binary data before n8n deletes its temporary files', async () => {
		const reply = await trigger.send(
			multipartBody(
				[
					['company', 'C'],
					['name', 'N'],
					['email', 'n@example.com'],
				],
				[{ name: 'cv', fileName: 'cv.txt', type: 'text/plain', content: '経歴' }],
			),
		);
		expect(Buffer.from(reply.submission[0].binary!.cv.data, 'base64').toString()).toBe('経歴');
		for (const file of reply.outcome.tempFiles) expect(existsSync(file)).toBe(false);
	});
});
