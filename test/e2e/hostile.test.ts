/**
 * The SATORI Webhook Trigger under generated hostile input in a real n8n 2.40.7: real Shift_JIS and
 * EUC-JP posts end to end, and over a thousand generated requests (malformed bodies, wrong types,
 * oversized fields, prototype keys, bad encodings, bad e-mails, notation in every field, C1 controls, two URLs in customer_detail_url, an unchecked
 * second name of a field, Japanese e-mail domains) against two
 * triggers: one with Options → Form Encoding (n8n leaves the body to the node) and one without
 * (n8n parses the body first). Every request carries a `rid`; the executions show which reached
 * Submission. The Rejected output stays off so that only accepted leads write executions: n8n's
 * SQLite cannot keep up with hundreds of concurrent execution writes on a 2-core machine.
 *
 * Run: npm run build && npx jest --selectProjects e2e --runInBand --testPathPatterns hostile
 */
import fc from 'fast-check';
import http from 'node:http';

import { startN8n, type N8nInstance } from '../../scripts/n8n/harness';
import { encodeLegacy, legacyForm, legacyMultipart } from '../support/legacyEncoding';

const SEED = 20261128;
const MAX_BODY_KB = 64;

interface Generated {
	kind: string;
	rid: string;
	headers: Record<string, string>;
	body: Buffer;
	/** accept: must be 2xx and reach Submission with `values`; reject: must be 4xx; either: any 2xx/4xx. */
	expect: 'accept' | 'reject' | 'either';
	values?: Record<string, string>;
}

const fields = [
	{ key: 'company', label: '会社名', type: 'text', maxLength: 60 },
	{ key: 'name', label: '氏名', type: 'text', maxLength: 20 },
	{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
	{ key: 'employees', label: '従業員数', type: 'number' },
	{ key: 'consent', label: '同意', type: 'boolean' },
	{ key: 'memo', label: 'お問い合わせ内容', type: 'text', maxLength: 2000 },
];

function workflow(id: string, webhookPath: string, options: Record<string, unknown>, typeVersion = 1) {
	return {
		id,
		name: `Hostile ${webhookPath}`,
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Trigger',
				type: 'n8n-nodes-satori-chatwork.satoriWebhookTrigger',
				typeVersion,
				position: [0, 0],
				webhookId: `${id.toLowerCase()}-hook`,
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					fields: { field: fields },
					unknownFields: 'keep',
					language: 'en',
					options: { maxBodySizeKb: MAX_BODY_KB, customerDetailUrlTemplate: 'https://app.satori.marketing/customers/{{rid}}', ...options },
				},
			},
			{ id: `${id}-submitted`, name: 'Submitted', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [300, 0], parameters: {} },
		],
		connections: { Trigger: { main: [[{ node: 'Submitted', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

const WITH_ENCODING = workflow('HostileFormEnc01', 'hostile-form-encoding', { binaryData: 'auto' });
const WITHOUT_ENCODING = workflow('HostileDefault01', 'hostile-default', {});
/**
 * Version 2 (what a new node gets) with Form Encoding added: n8n parses every body, so only a
 * `_charset_` field declares a legacy URL-encoded form, as without Form Encoding in version 1.
 */
const VERSION_2 = workflow('HostileVersion2', 'hostile-version-2', { binaryData: 'auto' }, 2);

/* Building bodies */

const form = (pairs: Array<[string, string]>) =>
	pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');

function multipart(pairs: Array<[string, string]>): { contentType: string; body: Buffer } {
	const boundary = 'hostileBoundary4f2a';
	const parts = pairs.map(([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`);
	return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`) };
}

type Shape = 'json' | 'form' | 'multipart';
function encode(shape: Shape, pairs: Array<[string, string]>): { headers: Record<string, string>; body: Buffer } {
	if (shape === 'json') {
		return { headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(Object.fromEntries(pairs))) };
	}
	if (shape === 'form') {
		return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form(pairs)) };
	}
	const { contentType, body } = multipart(pairs);
	return { headers: { 'content-type': contentType }, body };
}

/* Generators */

const NOTATION = ['[toall]', '[To:101]', '[rp aid=1 to=2-3]', '[info][title]x[/title]y[/info]', '[/code]', '[ｔｏａｌｌ]', '[to\u200ball]', '{{company}}', '[piconname:1]'];
const SAFE = [...'株式会社テスト山田太郎髙﨑ｶﾀｶﾅ①～abcXYZ019.-_'];
const safeText = (max: number) => fc.string({ unit: fc.constantFrom(...SAFE), minLength: 1, maxLength: max });
const withNotation = (max: number) =>
	fc.tuple(safeText(max), fc.constantFrom(...NOTATION), safeText(max)).map(([before, tag, after]) => `${before}${tag}${after}`);
const shape = fc.constantFrom<Shape>('json', 'form', 'multipart');

let counter = 0;
const nextRid = () => `r${++counter}`;

function sample<T>(arbitrary: fc.Arbitrary<T>, count: number): T[] {
	return fc.sample(arbitrary, { numRuns: count, seed: SEED + counter });
}

/** Valid leads with Chatwork notation in every field: the trigger passes them on as typed. */
function notationLeads(count: number): Generated[] {
	const domain = fc.constantFrom('example.jp', '日本.jp', 'テスト.co.jp');
	return sample(fc.tuple(shape, withNotation(8), withNotation(4), withNotation(40), domain), count).map(([kind, company, name, memo, at]) => {
		const rid = nextRid();
		const values = { company, name: name.slice(0, 20), memo, email: `${rid}@${at}` };
		return { kind: `notation ${kind}`, rid, ...encode(kind, [['rid', rid], ...Object.entries(values)]), expect: 'accept', values };
	});
}

/** Shift_JIS / EUC-JP leads, declared the ways a legacy form can declare them. */
function legacyLeads(count: number, withFormEncoding: boolean): Generated[] {
	const declarations = withFormEncoding
		? (['_charset_ form', 'charset form', '_charset_ multipart', 'charset multipart'] as const)
		: (['_charset_ form'] as const);
	return sample(
		fc.tuple(fc.constantFrom<'shift_jis' | 'euc-jp'>('shift_jis', 'euc-jp'), fc.constantFrom(...declarations), safeText(20), safeText(10), safeText(60)),
		count,
	).map(([encoding, declaration, company, name, memo]) => {
		const rid = nextRid();
		const values = { company, name, memo, email: `${rid}@example.jp` };
		const pairs: Array<[string, string]> = [['rid', rid], ...Object.entries(values)];
		const label = encoding === 'shift_jis' ? 'Shift_JIS' : 'EUC-JP';
		const named: Array<[string, string]> = declaration.startsWith('_charset_') ? [['_charset_', label], ...pairs] : pairs;
		const charset = declaration.startsWith('charset') ? `; charset=${label}` : '';
		if (declaration.endsWith('form')) {
			return {
				kind: `${encoding} ${declaration}`,
				rid,
				headers: { 'content-type': `application/x-www-form-urlencoded${charset}` },
				body: Buffer.from(legacyForm(named, encoding)),
				expect: 'accept',
				values,
			};
		}
		const { contentType, body } = legacyMultipart(named, encoding);
		return { kind: `${encoding} ${declaration}`, rid, headers: { 'content-type': `${contentType}${charset}` }, body, expect: 'accept', values };
	});
}

/** Requests that must be refused with a 4xx, each built around one generated fault. */
function mustReject(count: number, withFormEncoding: boolean): Generated[] {
	const lead = (rid: string): Array<[string, string]> => [['rid', rid], ['email', `${rid}@example.jp`], ['company', '株式会社テスト']];
	const faults: Array<fc.Arbitrary<(rid: string) => Omit<Generated, 'rid' | 'expect'>>> = [
		// Bad e-mails
		fc.tuple(shape, fc.oneof(
			fc.integer({ min: 65, max: 400 }).map((n) => `${'a'.repeat(n)}@example.jp`),
			fc.integer({ min: 255, max: 600 }).map((total) => `a@${'b'.repeat(60)}.${'c'.repeat(total - 66)}.jp`),
			fc.constantFrom('no-at-sign', 'a@', '@example.jp', 'a@@example.jp', 'a b@example.jp', '<a@example.jp>', '[toall]@example.jp'),
		)).map(([kind, email]) => (rid) => ({ kind: `bad e-mail ${kind}`, ...encode(kind, [['rid', rid], ['email', email]]) })),
		// Wrong types (JSON can say them)
		fc.constantFrom<[string, unknown]>(['email', 12345], ['email', true], ['email', ['a@example.jp']], ['name', { first: 'x' }], ['name', false], ['employees', 'many'], ['consent', 'maybe'], ['company', [1, 2]]).map(
			([key, value]) => (rid) => ({
				kind: `wrong type ${key}`,
				headers: { 'content-type': 'application/json' },
				body: Buffer.from(JSON.stringify({ rid, email: `${rid}@example.jp`, [key]: value })),
			}),
		),
		// Oversized fields and bodies
		fc.tuple(shape, fc.integer({ min: 21, max: 5000 }), fc.constantFrom('name', '姓', 'last_name')).map(([kind, length, key]) => (rid) => ({
			kind: `oversized ${key} ${kind}`,
			...encode(kind, [...lead(rid), [key, '長'.repeat(length)]]),
		})),
		fc.tuple(shape, fc.integer({ min: MAX_BODY_KB * 1024 + 1, max: 400_000 })).map(([kind, length]) => (rid) => ({
			kind: `oversized body ${kind}`,
			...encode(kind, [...lead(rid), ['memo', 'x'.repeat(length)]]),
		})),
		// Prototype keys
		fc.tuple(shape, fc.constantFrom('__proto__', 'constructor', 'prototype', 'a[__proto__]', 'constructor.prototype', '__proto__[admin]')).map(
			([kind, key]) => (rid) => ({ kind: `prototype key ${kind}`, ...encode(kind, [...lead(rid), [key, '1']]) }),
		),
		// Control characters
		fc.tuple(shape, fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b'), fc.constantFrom('company', 'memo', 'utm_source')).map(
			([kind, control, key]) => (rid) => ({ kind: `control character ${kind}`, ...encode(kind, [...lead(rid), [key, `a${control}b`]]) }),
		),
		// A second URL in customer_detail_url; a second, unchecked value under another name of a declared field
		fc.tuple(shape, fc.constantFrom(' ', '\n', '\t', '\u3000')).map(([kind, between]) => (rid) => ({
			kind: `two URLs ${kind}`,
			...encode(kind, [...lead(rid), ['customer_detail_url', `https://app.satori.marketing/c/1${between}https://evil.example/login`]]),
		})),
		fc.tuple(shape, fc.constantFrom<[string, string]>(['メールアドレス', 'not an email <script>'], ['メモ', 'x'.repeat(2001)])).map(([kind, [key, value]]) => (rid) => ({
			kind: `alias ${kind}`,
			...encode(kind, [...lead(rid), ['memo', 'ok'], [key, value]]),
		})),
		// Bad encodings: invalid UTF-8, undecodable legacy bytes, unsupported charsets
		fc.tuple(fc.constantFrom('%FF', '%C0%AF', '%E3%81', '%ED%A0%80'), fc.constantFrom('', '; charset=utf-8')).map(([bytes, charset]) => (rid) => ({
			kind: 'invalid UTF-8 form',
			headers: { 'content-type': `application/x-www-form-urlencoded${charset}` },
			body: Buffer.from(`${form(lead(rid))}&memo=${bytes}`),
		})),
		fc.constantFrom(Buffer.from([0xff, 0xfe]), Buffer.from([0xc0, 0xaf]), Buffer.from([0x8e, 0x52])).map((bytes) => (rid) => ({
			kind: 'invalid UTF-8 JSON',
			headers: { 'content-type': 'application/json' },
			body: Buffer.concat([Buffer.from(`{"rid":"${rid}","email":"${rid}@example.jp","memo":"`), bytes, Buffer.from('"}')]),
		})),
		fc.tuple(fc.constantFrom('Shift_JIS', 'EUC-JP'), fc.constantFrom('%81', '%81%20', '%A1%20', '%FD%FD')).map(([label, bytes]) => (rid) => ({
			kind: `undecodable ${label}`,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: Buffer.from(`_charset_=${label}&${form(lead(rid))}&memo=${bytes}`),
		})),
		fc.constantFrom('iso-8859-1', 'windows-1252', 'utf-16', 'x-bogus').map((label) => (rid) => ({
			kind: `unsupported charset ${label}`,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: Buffer.from(`_charset_=${label}&${form(lead(rid))}`),
		})),
		// Malformed bodies
		fc.tuple(shape, fc.nat()).map(([kind, cut]) => (rid) => {
			const { headers, body } = encode(kind, [...lead(rid), ['memo', 'あいう']]);
			const end = kind === 'multipart' ? body.length - 20 - (cut % 40) : kind === 'json' ? body.length - 1 - (cut % 10) : body.length;
			const broken = kind === 'form' ? Buffer.concat([body, Buffer.from('&memo2=%G1%')]) : body.subarray(0, end);
			return { kind: `malformed ${kind}`, headers, body: broken };
		}),
		fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.constantFrom('multipart/form-data; boundary=zz', 'multipart/form-data', 'application/json')).map(
			([bytes, contentType]) => () => ({ kind: `random bytes ${contentType}`, headers: { 'content-type': contentType }, body: Buffer.concat([Buffer.from('{"'), Buffer.from(bytes)]) }),
		),
		fc.constantFrom('text/plain', 'application/xml', 'image/png', '').map((contentType) => (rid) => ({
			kind: `wrong media type ${contentType || 'none'}`,
			headers: contentType ? { 'content-type': contentType } : ({} as Record<string, string>),
			body: Buffer.from(`rid=${rid}&email=${rid}%40example.jp`),
		})),
	];
	if (!withFormEncoding) {
		// Without Form Encoding, n8n itself answers these before the node runs (422): still 4xx.
		faults.push(
			fc.constantFrom('Shift_JIS', 'EUC-JP').map((label) => (rid) => ({
				kind: `charset=${label} without Form Encoding`,
				headers: { 'content-type': `application/x-www-form-urlencoded; charset=${label}` },
				body: Buffer.from(legacyForm(lead(rid), label === 'Shift_JIS' ? 'shift_jis' : 'euc-jp')),
			})),
			fc.constant((rid: string) => {
				const { contentType, body } = legacyMultipart([['_charset_', 'Shift_JIS'], ...lead(rid), ['name', '髙﨑']], 'shift_jis');
				return { kind: 'Shift_JIS multipart without Form Encoding', headers: { 'content-type': contentType }, body };
			}),
		);
	}
	return sample(fc.oneof(...faults), count).map((build) => {
		const rid = nextRid();
		return { ...build(rid), rid, expect: 'reject' as const };
	});
}

/* Sending */

interface Answer {
	status: number;
	text: string;
}

function send(url: string, request: Generated, agent: http.Agent): Promise<Answer> {
	return new Promise((resolve) => {
		const outgoing = http.request(
			url,
			{ method: 'POST', agent, timeout: 60_000, headers: { ...request.headers, 'content-length': String(request.body.length) } },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			},
		);
		// An answer that never comes is recorded as status 0, which the test reports by kind.
		outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 60 s')));
		outgoing.on('error', (error) => resolve({ status: 0, text: error.message }));
		outgoing.end(request.body);
	});
}

async function sendAll(url: string, requests: Generated[], concurrency = 4): Promise<Answer[]> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const answers: Answer[] = new Array(requests.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < requests.length) {
				const index = next++;
				answers[index] = await send(url, requests[index], agent);
			}
		}),
	);
	agent.destroy();
	return answers;
}

/* The run */

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = await startN8n({ name: 'hostile', workflows: [WITH_ENCODING, WITHOUT_ENCODING, VERSION_2] });
}, 45 * 60_000);

afterAll(async () => {
	await n8n?.stop();
});

describe.each([
	{ workflow: WITH_ENCODING, withFormEncoding: true, notation: 30, legacy: 40, reject: 540 },
	{ workflow: WITHOUT_ENCODING, withFormEncoding: false, notation: 20, legacy: 20, reject: 480 },
	// withFormEncoding false: in version 2 Form Encoding cannot keep the bytes of multipart or of a charset= body.
	{ workflow: VERSION_2, withFormEncoding: false, notation: 20, legacy: 20, reject: 300 },
])('generated hostile requests to $workflow.name', ({ workflow, withFormEncoding, notation, legacy, reject }) => {
	const requests = [...notationLeads(notation), ...legacyLeads(legacy, withFormEncoding), ...mustReject(reject, withFormEncoding)];
	const kinds = new Set(requests.map((request) => request.kind.split(' ')[0]));

	it(`answers ${requests.length} requests with 2xx or 4xx only, and only valid ones reach Submission`, async () => {
		expect(kinds.size).toBeGreaterThanOrEqual(10);
		const trigger = workflow.nodes[0].parameters as { path: string };
		const answers = await sendAll(n8n.webhookUrl(trigger.path), requests);

		const serverErrors = requests.map((r, i) => `${r.rid} ${r.kind}: ${answers[i].status}`).filter((_, i) => answers[i].status >= 500);
		expect(serverErrors).toEqual([]);
		const wrong = requests
			.map((request, i) => ({ request, answer: answers[i] }))
			.filter(({ request, answer }) =>
				request.expect === 'accept' ? answer.status !== 200 : request.expect === 'reject' ? answer.status < 400 || answer.status >= 500 : false,
			)
			.map(({ request, answer }) => `${request.rid} ${request.kind}: ${answer.status} ${answer.text.slice(0, 200)}`);
		expect(wrong).toEqual([]);

		// n8n is still up and answering.
		expect(n8n.isRunning).toBe(true);
		expect((await fetch(`${n8n.baseUrl}/healthz`)).status).toBe(200);

		// Every 200 started one execution whose Submission item is that request; refused ones started none.
		const accepted = requests.filter((_, i) => answers[i].status === 200);
		const executions = await n8n.waitForExecutions({ workflowId: workflow.id, count: accepted.length, timeoutMs: 180_000 });
		expect(await n8n.listExecutions({ workflowId: workflow.id })).toHaveLength(accepted.length);
		const submitted = executions.flatMap((execution) => n8n.nodeOutput(execution, 'Submitted')?.[0] ?? []);
		expect(submitted).toHaveLength(accepted.length);
		const byRid = new Map(submitted.map((item) => [String(item.rid), item]));
		for (const request of accepted) {
			const item = byRid.get(request.rid);
			expect(item).toBeDefined();
			if (request.values) expect(item).toMatchObject(request.values);
		}
		const rejectedRids = new Set(requests.filter((r) => r.expect === 'reject').map((r) => r.rid));
		expect(submitted.filter((item) => rejectedRids.has(String(item.rid)))).toEqual([]);
	});
});

describe('real legacy bytes end to end', () => {
	it('decodes 株式会社テスト, half-width kana and IBM extensions from Shift_JIS multipart with an upload', async () => {
		expect(encodeLegacy('髙﨑', 'shift_jis').toString('hex')).toBe('fbfcfab1');
		const content = Buffer.from([0x00, 0x8a, 0x94, 0xff]);
		const { contentType, body } = legacyMultipart(
			[['rid', 'sjis-upload'], ['会社名', '株式会社テスト'], ['氏名', '髙﨑 ｶﾀｶﾅ'], ['email', 'sjis@example.jp']],
			'shift_jis',
			[{ name: '資料', fileName: '髙﨑の資料.pdf', content }],
		);
		const agent = new http.Agent();
		const since = (await n8n.listExecutions({ workflowId: WITH_ENCODING.id, limit: 1 }))[0]?.id;
		const answer = await send(n8n.webhookUrl('hostile-form-encoding'), { kind: 'upload', rid: 'sjis-upload', headers: { 'content-type': `${contentType}; charset=Shift_JIS` }, body, expect: 'accept' }, agent);
		expect(answer.status).toBe(200);
		const [execution] = await n8n.waitForExecutions({ workflowId: WITH_ENCODING.id, since, count: 1 });
		const [item] = n8n.nodeOutput(execution, 'Submitted')![0];
		expect(item).toMatchObject({ company: '株式会社テスト', name: '髙﨑 ｶﾀｶﾅ', 資料: { fileName: '髙﨑の資料.pdf', size: content.length } });
	});

	it('in version 2: reads a Shift_JIS URL-encoded form from the bytes n8n kept, and refuses Shift_JIS multipart saying what works', async () => {
		const agent = new http.Agent();
		const url = n8n.webhookUrl('hostile-version-2');
		const since = (await n8n.listExecutions({ workflowId: VERSION_2.id, limit: 1 }))[0]?.id;
		const pairs: Array<[string, string]> = [['_charset_', 'Shift_JIS'], ['rid', 'v2-sjis-form'], ['会社名', '株式会社テスト'], ['氏名', '髙﨑 ｶﾀｶﾅ'], ['email', 'v2@example.jp']];
		const form = Buffer.from(legacyForm(pairs, 'shift_jis'));
		const accepted = await send(url, { kind: 'form', rid: 'v2-sjis-form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, expect: 'accept' }, agent);
		expect(accepted.status).toBe(200);
		const [execution] = await n8n.waitForExecutions({ workflowId: VERSION_2.id, since, count: 1 });
		expect(n8n.nodeOutput(execution, 'Submitted')![0][0]).toMatchObject({ company: '株式会社テスト', name: '髙﨑 ｶﾀｶﾅ' });

		const { contentType, body } = legacyMultipart(pairs, 'shift_jis');
		const refused = await send(url, { kind: 'multipart', rid: 'v2-sjis-multipart', headers: { 'content-type': contentType }, body, expect: 'reject' }, agent);
		expect(refused.status).toBe(400);
		expect(JSON.parse(refused.text)).toMatchObject({ ok: false, code: 'multipart_not_utf8' });
		expect(JSON.parse(refused.text).message).toContain('URL-encoded');
	});
});
