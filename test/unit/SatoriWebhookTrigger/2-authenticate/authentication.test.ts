import { createHmac } from 'crypto';

import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { SatoriWebhookTrigger } from '../../../../nodes/SatoriWebhookTrigger/SatoriWebhookTrigger.node';
import { Trigger, formBody, jsonBody, multipartBody, withHeaders, type Delivery } from '../harness';

const HEADER_SECRET = 'header-secret-7f3a9c1e';
const BASIC_PASSWORD = 'p@ss-ワード-2026';
const SIGNING_SECRET = 'signing-secret-0123456789abcdef';

const fields = { field: [{ key: 'email', label: 'Email', type: 'email', required: true }] };
const lead = { email: 'lead@example.jp', 会社名: '署名株式会社' };

function sign(body: Buffer | string, secret = SIGNING_SECRET, encoding: 'hex' | 'base64' = 'hex'): string {
	return createHmac('sha256', secret).update(body).digest(encoding);
}

function basic(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

async function started(credentials: IDataObject, delivery: Delivery = 'n8n') {
	return await Trigger.start({
		delivery,
		parameters: { fields, authentication: 'satoriWebhookAuthApi' },
		credentials,
	});
}

function expectRefused(reply: Awaited<ReturnType<Trigger['send']>>, status: number, secrets: string[] = []) {
	expect(reply.status).toBe(status);
	expect(reply.submission).toHaveLength(0);
	expect(reply.outcome.result?.workflowData).toBeUndefined();
	for (const secret of secrets) expect(reply.text).not.toContain(secret);
}

describe('authentication: none', () => {
	it('lets any well-formed submission through', async () => {
		const trigger = await Trigger.start({ parameters: { fields } });
		const reply = await trigger.send(jsonBody(lead));
		expect(reply.status).toBe(200);
		expect(reply.submission).toHaveLength(1);
		await trigger.close();
	});
});

describe('authentication: shared secret header', () => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await started({ method: 'header', headerName: 'X-Satori-Token', headerSecret: HEADER_SECRET });
	});
	afterAll(async () => await trigger.close());

	it('accepts the right secret in the configured header (any letter case)', async () => {
		const reply = await trigger.send(jsonBody(lead, { 'x-satori-token': HEADER_SECRET }));
		expect(reply.status).toBe(200);
		expect(reply.submission).toHaveLength(1);
	});

	it('answers 401 when the header is missing', async () => {
		expectRefused(await trigger.send(jsonBody(lead)), 401);
	});

	it('answers 403 to a wrong secret without echoing either secret', async () => {
		const reply = await trigger.send(jsonBody(lead, { 'X-Satori-Token': 'guess-1234567' }));
		expectRefused(reply, 403, [HEADER_SECRET, 'guess-1234567']);
		expect(reply.json).toEqual({ ok: false, code: 'auth_failed', message: '認証に失敗しました。', errors: [] });
	});

	it('refuses a secret that is only a prefix of the right one', async () => {
		expectRefused(await trigger.send(jsonBody(lead, { 'X-Satori-Token': HEADER_SECRET.slice(0, -1) })), 403);
	});

	it('refuses the secret sent in another header', async () => {
		expectRefused(await trigger.send(jsonBody(lead, { 'X-Webhook-Secret': HEADER_SECRET })), 401);
	});

	it('checks authentication before it says anything about the body', async () => {
		const reply = await trigger.send({ headers: { 'content-type': 'text/plain' }, body: 'hello' });
		expectRefused(reply, 401);
	});
});

describe('authentication: Basic auth', () => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await started({ method: 'basic', user: 'satori', password: BASIC_PASSWORD });
	});
	afterAll(async () => await trigger.close());

	it('accepts the right user and (UTF-8) password', async () => {
		const reply = await trigger.send(formBody([['email', 'a@example.jp']], { authorization: basic('satori', BASIC_PASSWORD) }));
		expect(reply.status).toBe(200);
		expect(reply.submission).toHaveLength(1);
	});

	it('answers 401 with a Basic challenge when no credentials are sent', async () => {
		const reply = await trigger.send(formBody([['email', 'a@example.jp']]));
		expectRefused(reply, 401);
		expect(reply.headers['www-authenticate']).toMatch(/^Basic realm=/);
	});

	it('answers 403 to a wrong password and to a wrong user', async () => {
		expectRefused(
			await trigger.send(formBody([['email', 'a@example.jp']], { authorization: basic('satori', 'wrong-password') })),
			403,
			[BASIC_PASSWORD, 'wrong-password'],
		);
		expectRefused(
			await trigger.send(formBody([['email', 'a@example.jp']], { authorization: basic('intruder', BASIC_PASSWORD) })),
			403,
			[BASIC_PASSWORD],
		);
	});

	it('answers 401 to a malformed Authorization header', async () => {
		expectRefused(await trigger.send(formBody([['email', 'a@example.jp']], { authorization: 'Basic !!!' })), 401);
		expectRefused(await trigger.send(formBody([['email', 'a@example.jp']], { authorization: 'Bearer abc' })), 401);
	});
});

describe.each<Delivery>(['n8n', 'raw'])('authentication: HMAC-SHA256 signature (delivery: %s)', (delivery) => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await started(
			{ method: 'hmac', signatureHeader: 'X-Hub-Signature-256', signaturePrefix: 'sha256=', signatureEncoding: 'hex', secret: SIGNING_SECRET },
			delivery,
		);
	});
	afterAll(async () => await trigger.close());

	it('accepts a signature over the exact raw bytes', async () => {
		const body = '{"email":"lead@example.jp",  "会社名":"署名株式会社"}\n';
		const reply = await trigger.send({
			headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': `sha256=${sign(body)}` },
			body,
		});
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json.company).toBe('署名株式会社');
	});

	it('refuses the signature of the same JSON serialised differently', async () => {
		// Same data, other bytes: a verifier that re-serialised the parsed body would accept this.
		const signed = JSON.stringify(lead);
		const sent = JSON.stringify(lead, null, 2);
		const reply = await trigger.send({
			headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': `sha256=${sign(signed)}` },
			body: sent,
		});
		expectRefused(reply, 403);
	});

	it('accepts a signed urlencoded body', async () => {
		const spec = formBody([['email', 'form@example.jp'], ['氏名', '署名 花子']]);
		const reply = await trigger.send(withHeaders(spec, { 'X-Hub-Signature-256': `sha256=${sign(spec.body!)}` }));
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json.name).toBe('署名 花子');
	});

	it('answers 403 to a signature made with another secret, without echoing it', async () => {
		const body = JSON.stringify(lead);
		const wrong = sign(body, 'another-secret-0123456789');
		const reply = await trigger.send({
			headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': `sha256=${wrong}` },
			body,
		});
		expectRefused(reply, 403, [wrong, SIGNING_SECRET, sign(body)]);
	});

	it('answers 403 to a tampered body', async () => {
		const body = JSON.stringify(lead);
		const reply = await trigger.send({
			headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': `sha256=${sign(body)}` },
			body: body.replace('lead@', 'evil@'),
		});
		expectRefused(reply, 403);
	});

	it('answers 401 when the signature header is missing, 403 when it lacks the prefix or is not hex', async () => {
		const body = JSON.stringify(lead);
		expectRefused(await trigger.send({ headers: { 'content-type': 'application/json' }, body }), 401);
		expectRefused(
			await trigger.send({ headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': sign(body) }, body }),
			403,
		);
		expectRefused(
			await trigger.send({
				headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': `sha256=${'zz'.repeat(32)}` },
				body,
			}),
			403,
		);
	});

	it(
		delivery === 'n8n'
			? 'answers 401 to a signed multipart body, whose raw bytes n8n does not keep'
			: 'verifies a signed multipart body when it has the raw bytes',
		async () => {
			const spec = multipartBody([['email', 'mp@example.jp']]);
			const reply = await trigger.send(withHeaders(spec, { 'X-Hub-Signature-256': `sha256=${sign(spec.body!)}` }));
			if (delivery === 'n8n') {
				expectRefused(reply, 401);
				expect(reply.json.code).toBe('signature_needs_raw_body');
			} else {
				expect(reply.status).toBe(200);
				expect(reply.submission).toHaveLength(1);
			}
		},
	);
});

describe('authentication: HMAC with base64 signatures and no prefix (Typeform style)', () => {
	it('accepts the right base64 signature and refuses a wrong one', async () => {
		const trigger = await started({
			method: 'hmac',
			signatureHeader: 'Typeform-Signature',
			signaturePrefix: '',
			signatureEncoding: 'base64',
			secret: SIGNING_SECRET,
		});
		const body = JSON.stringify(lead);
		const ok = await trigger.send({
			headers: { 'content-type': 'application/json', 'Typeform-Signature': sign(body, SIGNING_SECRET, 'base64') },
			body,
		});
		expect(ok.status).toBe(200);
		const wrong = await trigger.send({
			headers: { 'content-type': 'application/json', 'Typeform-Signature': sign('other', SIGNING_SECRET, 'base64') },
			body,
		});
		expectRefused(wrong, 403);
		await trigger.close();
	});
});

describe('authentication misconfigured', () => {
	it('fails closed when no credential is selected: nothing runs and the owner sees an error', async () => {
		const trigger = await Trigger.start({ parameters: { fields, authentication: 'satoriWebhookAuthApi' } });
		const reply = await trigger.send(jsonBody(lead));
		expect(reply.status).toBe(500);
		expect(reply.submission).toHaveLength(0);
		expect(String(reply.outcome.error)).toMatch(/credential/i);
		await trigger.close();
	});

	it('never lets an empty configured secret match an empty header', async () => {
		const trigger = await started({ method: 'header', headerName: 'X-Token', headerSecret: '' });
		expectRefused(await trigger.send(jsonBody(lead, { 'X-Token': '' })), 401);
		expectRefused(await trigger.send(jsonBody(lead, { 'X-Token': 'x' })), 403);
		await trigger.close();
	});
});

describe('credential test', () => {
	const node = new SatoriWebhookTrigger();
	const test = node.methods.credentialTest.satoriWebhookAuthApiTest;
	const run = async (data: Record<string, unknown>) =>
		await test.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: 'satoriWebhookAuthApi', data } as never);

	it('passes a complete credential of each kind', async () => {
		await expect(run({ method: 'header', headerName: 'X-Token', headerSecret: HEADER_SECRET })).resolves.toMatchObject({ status: 'OK' });
		await expect(run({ method: 'basic', user: 'u', password: BASIC_PASSWORD })).resolves.toMatchObject({ status: 'OK' });
		await expect(run({ method: 'hmac', signatureHeader: 'X-Sig', secret: SIGNING_SECRET })).resolves.toMatchObject({ status: 'OK' });
	});

	it('names what is missing without showing the secret', async () => {
		const result = await run({ method: 'hmac', signatureHeader: 'X-Sig', secret: 'short' });
		expect(result).toEqual({ status: 'Error', message: 'The signing secret must be at least 16 characters long' });
		await expect(run({ method: 'header', headerName: 'Bad Header', headerSecret: HEADER_SECRET })).resolves.toMatchObject({ status: 'Error' });
		await expect(run({ method: 'basic', user: 'a:b', password: BASIC_PASSWORD })).resolves.toMatchObject({ status: 'Error' });
	});
});
