import { Trigger, formBody, jsonBody, nameAndEmail, startWith } from '../harness';

const { fields, good, bad } = nameAndEmail;

describe('answer: JSON (default)', () => {
	it('answers 200 {"ok":true,"submissionId"} with the id the item carries', async () => {
		const trigger = await startWith({});
		const reply = await trigger.send(jsonBody(good));
		expect(reply.status).toBe(200);
		expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(reply.headers['cache-control']).toBe('no-store');
		expect(reply.json).toEqual({ ok: true, submissionId: reply.submission[0].json.submissionId });
		expect(reply.json.submissionId).toMatch(/^[0-9a-f-]{36}$/);
		await trigger.close();
	});
});

describe('answer: redirect', () => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await startWith({
			answer: 'redirect',
			thankYouUrl: 'https://example.co.jp/thanks?from=form',
			errorUrl: 'https://example.co.jp/error',
		});
	});
	afterAll(async () => await trigger.close());

	it('sends a valid submission to the thank-you page with 303 and the submission id', async () => {
		const reply = await trigger.send(formBody(Object.entries(good)));
		expect(reply.status).toBe(303);
		const location = new URL(reply.headers.location!);
		expect(location.origin + location.pathname).toBe('https://example.co.jp/thanks');
		expect(location.searchParams.get('from')).toBe('form');
		expect(location.searchParams.get('submission_id')).toBe(reply.submission[0].json.submissionId);
	});

	it('sends an invalid submission to the error page with the reason in the query, and emits nothing', async () => {
		const reply = await trigger.send(formBody(Object.entries(bad)));
		expect(reply.status).toBe(303);
		const location = new URL(reply.headers.location!);
		expect(location.pathname).toBe('/error');
		expect(location.searchParams.get('error')).toBe('invalid_fields');
		expect(location.searchParams.get('fields')).toBe('name,email');
		expect(location.searchParams.get('message')).toBe(
			'氏名: 必須項目です / メールアドレス: メールアドレスの形式が正しくありません',
		);
		expect(reply.submission).toHaveLength(0);
	});

	it('redirects a malformed body to the error page too', async () => {
		const reply = await trigger.send({ headers: { 'content-type': 'text/csv' }, body: 'a,b' });
		expect(reply.status).toBe(303);
		expect(new URL(reply.headers.location!).searchParams.get('error')).toBe('unsupported_media_type');
	});

	it('answers JSON 400 when no error URL is set', async () => {
		const other = await startWith({ answer: 'redirect', thankYouUrl: 'https://example.co.jp/thanks' });
		const reply = await other.send(formBody(Object.entries(bad)));
		expect(reply.status).toBe(400);
		expect(reply.json.ok).toBe(false);
		await other.close();
	});
});

describe('answer: HTML page', () => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await startWith({ answer: 'html', thankYouMessage: 'ありがとうございました。\n<b>3営業日</b>以内にご連絡します。' });
	});
	afterAll(async () => await trigger.close());

	it('shows the thank-you message, escaped, under a strict content security policy', async () => {
		const reply = await trigger.send(formBody(Object.entries(good)));
		expect(reply.status).toBe(200);
		expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
		expect(reply.text).toContain('<title>送信ありがとうございました</title>');
		expect(reply.text).toContain('ありがとうございました。<br>&lt;b&gt;3営業日&lt;/b&gt;以内にご連絡します。');
		expect(reply.submission).toHaveLength(1);
	});

	it('shows the errors with status 400, escaping what the submitter typed', async () => {
		const other = await Trigger.start({
			parameters: { fields, answer: 'html', unknownFields: 'reject', language: 'en' },
		});
		const reply = await other.send(formBody([...Object.entries(good), ['<script>alert(1)</script>', 'x']]));
		expect(reply.status).toBe(400);
		expect(reply.text).toContain('<li>&lt;script&gt;alert(1)&lt;/script&gt;: is not an accepted field</li>');
		expect(reply.text).not.toContain('<script>');
		expect(reply.submission).toHaveLength(0);
		await other.close();
	});
});

describe('honeypot', () => {
	it('gives a bot the normal answer but does not run Submission', async () => {
		const trigger = await startWith({ options: { honeypotField: 'website_confirm' } });
		const human = await trigger.send(formBody([...Object.entries(good), ['website_confirm', '']]));
		expect(human.status).toBe(200);
		expect(human.submission).toHaveLength(1);
		expect(human.submission[0].json).not.toHaveProperty('website_confirm');
		expect(human.submission[0].json.params).not.toHaveProperty('website_confirm');

		const bot = await trigger.send(formBody([...Object.entries(bad), ['website_confirm', 'http://spam.example']]));
		expect(bot.status).toBe(200);
		expect(bot.json).toEqual({ ok: true, submissionId: expect.any(String) });
		expect(bot.submission).toHaveLength(0);
		expect(bot.outcome.result?.workflowData).toBeUndefined();
		await trigger.close();
	});
});

describe('CORS', () => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await startWith({ options: { allowedOrigins: 'https://www.example.co.jp, https://lp.example.co.jp' } });
	});
	afterAll(async () => await trigger.close());

	it('lets an allowed origin read the answer', async () => {
		const reply = await trigger.send(jsonBody(good, { origin: 'https://lp.example.co.jp' }));
		expect(reply.status).toBe(200);
		expect(reply.headers['access-control-allow-origin']).toBe('https://lp.example.co.jp');
		expect(reply.headers.vary).toBe('Origin');
	});

	it('refuses a submission from another origin with 403 and emits nothing', async () => {
		const reply = await trigger.send(jsonBody(good, { origin: 'https://evil.example' }));
		expect(reply.status).toBe(403);
		expect(reply.json.code).toBe('origin_not_allowed');
		expect(reply.headers['access-control-allow-origin']).toBeUndefined();
		expect(reply.submission).toHaveLength(0);
	});

	it('accepts requests without an Origin header (servers such as SATORI)', async () => {
		expect((await trigger.send(jsonBody(good))).status).toBe(200);
	});

	it('allows every origin by default', async () => {
		const open = await startWith({});
		const reply = await open.send(jsonBody(good, { origin: 'https://anywhere.example' }));
		expect(reply.status).toBe(200);
		expect(reply.headers['access-control-allow-origin']).toBe('https://anywhere.example');
		await open.close();
	});
});

describe('test form page on GET', () => {
	it('serves a form with the declared fields and the hidden honeypot, posting to the same URL', async () => {
		const trigger = await Trigger.start({
			parameters: {
				fields: {
					field: [
						{ key: 'company', label: '会社名 <株>', type: 'text', required: true, maxLength: 50 },
						{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
						{ key: 'seminar', label: 'セミナー', type: 'choice', choices: 'A, B' },
						{ key: 'consent', label: '同意', type: 'boolean' },
						{ key: 'cv', label: '履歴書', type: 'file' },
					],
				},
				options: { testFormPage: true, honeypotField: 'hp_field' },
			},
		});
		const page = await trigger.send({ method: 'GET' });
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(page.text).toContain('<form method="post" action="?test_form=1" enctype="multipart/form-data" accept-charset="UTF-8">');
		expect(page.text).toContain('会社名 &lt;株&gt;');
		expect(page.text).toContain('<input type="email" id="f1" name="email" required>');
		expect(page.text).toContain('<option value="A">A</option>');
		expect(page.text).toContain('<input type="checkbox" id="f3" name="consent" value="true">');
		expect(page.text).toContain('<input type="file" id="f4" name="cv" multiple>');
		expect(page.text).toContain('name="hp_field" tabindex="-1"');
		expect(page.text).not.toContain('<script');
		expect(page.outcome.result?.workflowData).toBeUndefined();
		await trigger.close();
	});

	it('answers 404 on GET when the test form is off', async () => {
		const trigger = await startWith({});
		const reply = await trigger.send({ method: 'GET' });
		expect(reply.status).toBe(404);
		await trigger.close();
	});
});
