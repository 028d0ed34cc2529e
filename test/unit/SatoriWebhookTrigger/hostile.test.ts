import {
	Trigger,
	formBody,
	jsonBody,
	multipartBody,
	type Delivery,
	type RequestSpec,
} from './harness';

/**
 * Malformed and hostile requests. Each gets its documented 4xx and starts nothing: no Submission,
 * no workflow data at all. Where n8n 2.40's own server answers before the node runs, the
 * `n8n` column says so (422 for JSON it cannot parse or a charset Node does not know; 413/400 for
 * multipart its parser refuses).
 */
interface HostileCase {
	name: string;
	request: () => RequestSpec;
	status: number;
	code?: string;
	/** Status and (node) code when delivered by n8n, where they differ. */
	n8n?: { status: number; code?: string };
}

const json = (text: string | Buffer): RequestSpec => ({ headers: { 'content-type': 'application/json' }, body: text });
const form = (text: string | Buffer): RequestSpec => ({
	headers: { 'content-type': 'application/x-www-form-urlencoded' },
	body: text,
});
const valid = { email: 'lead@example.jp', name: '正規 利用者' };
const n8nCannotParse = { status: 422 };

function nested(depth: number): unknown {
	let value: unknown = 'deep';
	for (let i = 0; i < depth; i++) value = { next: value };
	return { ...valid, payload: value };
}

function manyPairs(count: number): Array<[string, string]> {
	return Array.from({ length: count }, (_, i): [string, string] => [`f${i}`, 'x']);
}

const cases: HostileCase[] = [
	// Bad JSON
	{ name: 'truncated JSON', request: () => json('{"email":"a@example.jp"'), status: 400, code: 'malformed_json', n8n: n8nCannotParse },
	{ name: 'JSON with a trailing comma', request: () => json('{"email":"a@example.jp",}'), status: 400, code: 'malformed_json', n8n: n8nCannotParse },
	{ name: 'JSON with single quotes', request: () => json("{'email':'a@example.jp'}"), status: 400, code: 'malformed_json', n8n: n8nCannotParse },
	{ name: 'JSON with NaN', request: () => json('{"email":"a@example.jp","n":NaN}'), status: 400, code: 'malformed_json', n8n: n8nCannotParse },
	{ name: 'two JSON documents', request: () => json('{"email":"a@example.jp"}{"email":"b@example.jp"}'), status: 400, code: 'malformed_json', n8n: n8nCannotParse },
	{ name: 'an empty JSON body', request: () => json(''), status: 400, code: 'malformed_json' },
	{ name: 'a JSON array at the top', request: () => json(JSON.stringify([valid])), status: 400, code: 'json_not_object' },
	{ name: 'a JSON string at the top', request: () => json('"email=a@example.jp"'), status: 400, code: 'json_not_object' },
	{ name: 'JSON null', request: () => json('null'), status: 400, code: 'json_not_object' },
	{ name: 'a JSON number', request: () => json('42'), status: 400, code: 'json_not_object' },

	// Prototype pollution attempts
	{ name: 'a __proto__ key in JSON', request: () => json(`{"__proto__":{"admin":true},"email":"a@example.jp"}`), status: 400, code: 'forbidden_field_name' },
	{ name: 'a constructor key in JSON', request: () => json(`{"constructor":{"prototype":{"x":1}},"email":"a@example.jp"}`), status: 400, code: 'forbidden_field_name' },
	{ name: 'a nested __proto__ key in JSON', request: () => json(`{"email":"a@example.jp","a":{"b":{"__proto__":{"polluted":1}}}}`), status: 400, code: 'forbidden_field_name' },
	{ name: 'a prototype key in JSON', request: () => json(`{"email":"a@example.jp","prototype":"x"}`), status: 400, code: 'forbidden_field_name' },
	{ name: '__proto__ in a urlencoded form', request: () => form('email=a%40example.jp&__proto__=x'), status: 400, code: 'forbidden_field_name' },
	{ name: 'qs-style __proto__[admin] in a urlencoded form', request: () => form('email=a%40example.jp&__proto__%5Badmin%5D=1'), status: 400, code: 'forbidden_field_name' },
	{ name: 'constructor.prototype in a urlencoded form', request: () => form('email=a%40example.jp&constructor.prototype.x=1'), status: 400, code: 'forbidden_field_name' },
	{ name: 'constructor[] in a urlencoded form', request: () => form('email=a%40example.jp&constructor[]=1'), status: 400, code: 'forbidden_field_name' },
	{ name: 'a multipart part named __proto__', request: () => multipartBody([['email', 'a@example.jp'], ['__proto__', 'x']]), status: 400, code: 'forbidden_field_name' },
	{ name: 'a multipart part named constructor', request: () => multipartBody([['email', 'a@example.jp'], ['constructor', 'x']]), status: 400, code: 'forbidden_field_name' },

	// Nesting and counts
	{ name: 'JSON nested 6 levels', request: () => json(JSON.stringify(nested(5))), status: 400, code: 'too_deeply_nested' },
	{ name: 'JSON nested 100,000 levels', request: () => json('{"email":"a@example.jp","x":' + '['.repeat(100000) + ']'.repeat(100000) + '}'), status: 400, code: 'too_deeply_nested' },
	{ name: '10,000 urlencoded fields', request: () => formBody([['email', 'a@example.jp'], ...manyPairs(10000)]), status: 413, code: 'too_many_fields' },
	{ name: '10,000 JSON fields', request: () => jsonBody({ ...valid, ...Object.fromEntries(manyPairs(10000)) }), status: 413, code: 'too_many_fields' },
	{ name: 'a JSON list of 10,000 values', request: () => jsonBody({ ...valid, list: Array(10000).fill(1) }), status: 413, code: 'too_many_fields' },
	{ name: '10,000 multipart fields', request: () => multipartBody([['email', 'a@example.jp'], ...manyPairs(10000)]), status: 413, code: 'too_many_fields', n8n: { status: 413 } },
	{ name: 'a field name of 300 characters', request: () => jsonBody({ ...valid, ['k'.repeat(300)]: 'x' }), status: 400, code: 'field_name_too_long' },

	// Size
	{ name: 'a JSON body over 1 MB', request: () => jsonBody({ ...valid, memo: 'あ'.repeat(400000) }), status: 413, code: 'payload_too_large' },
	{ name: 'a urlencoded body over 1 MB', request: () => formBody([['email', 'a@example.jp'], ['memo', 'x'.repeat(1100000)]]), status: 413, code: 'payload_too_large' },
	{ name: 'a chunked body over 1 MB (no Content-Length)', request: () => ({ ...jsonBody({ ...valid, memo: 'x'.repeat(1100000) }), chunked: true }), status: 413, code: 'payload_too_large' },
	{ name: 'multipart text fields over 1 MB', request: () => multipartBody([['email', 'a@example.jp'], ['memo', 'x'.repeat(1100000)]]), status: 413, code: 'payload_too_large' },
	{
		name: 'a file over the 2 MB file limit',
		request: () => multipartBody([['email', 'a@example.jp']], [{ name: 'cv', fileName: 'big.bin', type: 'application/octet-stream', content: Buffer.alloc(2 * 1024 * 1024 + 1) }]),
		status: 413,
		code: 'file_too_large',
	},
	{
		name: '11 files',
		request: () =>
			multipartBody(
				[['email', 'a@example.jp']],
				Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, fileName: `${i}.txt`, type: 'text/plain', content: 'x' })),
			),
		status: 413,
		code: 'too_many_files',
	},

	// Content type
	{ name: 'text/plain', request: () => ({ headers: { 'content-type': 'text/plain' }, body: 'email=a@example.jp' }), status: 415, code: 'unsupported_media_type' },
	{ name: 'application/xml', request: () => ({ headers: { 'content-type': 'application/xml' }, body: '<email>a@example.jp</email>' }), status: 415, code: 'unsupported_media_type' },
	{ name: 'text/html', request: () => ({ headers: { 'content-type': 'text/html' }, body: '<p>x</p>' }), status: 415, code: 'unsupported_media_type' },
	{ name: 'no Content-Type at all', request: () => ({ body: JSON.stringify(valid) }), status: 415, code: 'unsupported_media_type' },
	{ name: 'application/octet-stream', request: () => ({ headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([1, 2, 3]) }), status: 415, code: 'unsupported_media_type' },
	{ name: 'JSON declared as Shift_JIS', request: () => ({ headers: { 'content-type': 'application/json; charset=Shift_JIS' }, body: JSON.stringify(valid) }), status: 415, code: 'unsupported_charset', n8n: n8nCannotParse },
	{ name: 'a form declared as ISO-8859-1', request: () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' }, body: 'email=a%40example.jp' }), status: 415, code: 'unsupported_charset', n8n: n8nCannotParse },
	{ name: 'multipart without a boundary', request: () => ({ headers: { 'content-type': 'multipart/form-data' }, body: 'email=a@example.jp' }), status: 400, code: 'malformed_form', n8n: { status: 400 } },
	{
		name: 'multipart whose parts do not match the boundary',
		request: () => ({ headers: { 'content-type': 'multipart/form-data; boundary=abc' }, body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.jp\r\n--xyz--\r\n' }),
		status: 400,
		code: 'malformed_form',
		n8n: { status: 400 },
	},

	// Encoding
	{ name: 'a stray 0xFF byte in JSON', request: () => json(Buffer.concat([Buffer.from('{"email":"a@example.jp","name":"'), Buffer.from([0xff]), Buffer.from('"}')])), status: 400, code: 'invalid_utf8' },
	{ name: 'an overlong UTF-8 sequence in JSON', request: () => json(Buffer.concat([Buffer.from('{"email":"a@example.jp","name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])), status: 400, code: 'invalid_utf8' },
	{ name: 'Shift_JIS bytes sent as UTF-8 JSON', request: () => json(Buffer.concat([Buffer.from('{"email":"a@example.jp","name":"'), Buffer.from([0x8e, 0x52, 0x93, 0x63]), Buffer.from('"}')])), status: 400, code: 'invalid_utf8' },
	{ name: 'a lone surrogate escape in JSON', request: () => json('{"email":"a@example.jp","name":"\\ud800"}'), status: 400, code: 'invalid_utf8' },
	{ name: 'percent-encoded invalid UTF-8 in a form', request: () => form('email=a%40example.jp&name=%FF%FE'), status: 400, code: 'invalid_utf8' },
	{ name: 'percent-encoded Shift_JIS in a form', request: () => form('email=a%40example.jp&name=%8E%52%93%63'), status: 400, code: 'invalid_utf8' },
	{ name: 'a truncated UTF-8 sequence in a form', request: () => form('email=a%40example.jp&name=%E3%81'), status: 400, code: 'invalid_utf8' },
	{ name: 'a broken percent escape in a form', request: () => form('email=a%40example.jp&name=%ZZ'), status: 400, code: 'malformed_form' },
	{ name: 'a percent sign at the end of a form', request: () => form('email=a%40example.jp&name=abc%'), status: 400, code: 'malformed_form' },
	{
		name: 'invalid UTF-8 in a multipart field',
		request: () => {
			const spec = multipartBody([['email', 'a@example.jp'], ['name', 'PLACEHOLDER']]);
			const body = spec.body as Buffer;
			const at = body.indexOf('PLACEHOLDER');
			return { ...spec, body: Buffer.concat([body.subarray(0, at), Buffer.from([0xff, 0xfe]), body.subarray(at + 'PLACEHOLDER'.length)]) };
		},
		status: 400,
		code: 'invalid_utf8',
	},

	// Fields
	{ name: 'a missing required field', request: () => jsonBody({ name: 'no email' }), status: 400, code: 'invalid_fields' },
	{ name: 'a number where an email is expected', request: () => jsonBody({ email: 12345 }), status: 400, code: 'invalid_fields' },
	{ name: 'an object where text is expected', request: () => jsonBody({ ...valid, name: { first: 'a' } }), status: 400, code: 'invalid_fields' },
	{ name: 'a list where one email is expected', request: () => jsonBody({ email: ['a@example.jp', 'b@example.jp'] }), status: 400, code: 'invalid_fields' },
	{ name: 'a name longer than its maximum', request: () => jsonBody({ ...valid, name: '長'.repeat(101) }), status: 400, code: 'invalid_fields' },
	{ name: 'an email with a header-injection newline', request: () => jsonBody({ email: 'a@example.jp\r\nBcc: victim@example.jp' }), status: 400, code: 'invalid_fields' },
];

describe.each<Delivery>(['n8n', 'raw'])('hostile requests (delivery: %s)', (delivery) => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await Trigger.start({
			delivery,
			parameters: {
				fields: {
					field: [
						{ key: 'email', label: 'Email', type: 'email', required: true },
						{ key: 'name', label: 'Name', type: 'text', maxLength: 100 },
					],
				},
				options: { maxFileSizeMb: 2 },
			},
		});
	});
	afterAll(async () => await trigger.close());

	it.each(cases)('$name → documented 4xx, nothing emitted', async (hostile) => {
		const expected = delivery === 'n8n' && hostile.n8n ? hostile.n8n : { status: hostile.status, code: hostile.code };
		const reply = await trigger.send(hostile.request());
		expect(reply.status).toBe(expected.status);
		expect(reply.status).toBeGreaterThanOrEqual(400);
		expect(reply.status).toBeLessThan(500);
		expect(reply.submission).toHaveLength(0);
		expect(reply.outcome.result?.workflowData).toBeUndefined();
		expect(reply.outcome.error).toBeUndefined();
		if (expected.code !== undefined) {
			expect(reply.json).toMatchObject({ ok: false, code: expected.code });
			expect(typeof reply.json.message).toBe('string');
		}
	});

	it('still accepts a normal submission after all that', async () => {
		const reply = await trigger.send(jsonBody(valid));
		expect(reply.status).toBe(200);
		expect(reply.submission).toHaveLength(1);
		expect(({} as Record<string, unknown>).admin).toBeUndefined();
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

