import fc from 'fast-check';

import { Refusal } from '../../../../nodes/ChatworkTrigger/refusal';
import {
	givenSignature,
	requireSignature,
	signatureOf,
	verifySignature,
	webhookKey,
} from '../../../../nodes/ChatworkTrigger/1-verify/signature';

/**
 * Computed by hand, once, with Node's crypto (not with the code under test):
 *   key  = Buffer.from(TOKEN, 'base64')  → bytes 00 01 02 … 1f
 *   node -e 'crypto.createHmac("sha256", key).update(Buffer.from(BODY, "utf8")).digest("base64")'
 */
const TOKEN = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const BODY =
	'{"webhook_setting_id":"42","webhook_event_type":"message_created","webhook_event_time":1764300000,"webhook_event":{"message_id":"1900000000000000001","room_id":1001,"account_id":102,"body":"対応済み","send_time":1764300000,"update_time":0}}';
const SIGNATURE = 'PSY7Sg6UWfj5CicEi4u86V38ZJ1unMu3UIZPujQ1MSY=';

/** A real mention_to_me delivery with its token and signature, as published with an open-source verifier (Ruby). */
const PUBLISHED = {
	token: 'iY/hmitgwCBlc5DnjAZ8pyRG1HF0zFflfmKmtCDg1wk=',
	body: '{"webhook_setting_id":"581","webhook_event_type":"mention_to_me","webhook_event_time":1516629767,"webhook_event":{"from_account_id":2861671,"to_account_id":2739132,"room_id":93207172,"message_id":"1007287971738591232","body":"[rp aid=2739132 to=93207172-1007287785163345920] sue445\\ntest","send_time":1516629766,"update_time":0}}',
	signature: 'NTIUzbXiwLvM7C/MT3Kd75Lw1w2N5tyWtcEieKiqhY0=',
};

function keyOf(token: string): Buffer {
	const key = webhookKey(token);
	if (!('key' in key)) throw new Error(key.problem);
	return key.key;
}

const refusalOf = (work: () => unknown) => {
	try {
		work();
	} catch (error) {
		return error instanceof Refusal ? [error.status, error.code] : error;
	}
	return undefined;
};

describe('signature over the raw bytes', () => {
	it('matches the vector computed by hand', () => {
		expect(signatureOf(keyOf(TOKEN), Buffer.from(BODY, 'utf8'))).toBe(SIGNATURE);
		expect(refusalOf(() => verifySignature(keyOf(TOKEN), Buffer.from(BODY, 'utf8'), SIGNATURE))).toBeUndefined();
	});

	it('matches a published delivery of Chatwork itself', () => {
		const key = keyOf(PUBLISHED.token);
		expect(signatureOf(key, Buffer.from(PUBLISHED.body))).toBe(PUBLISHED.signature);
		expect(refusalOf(() => verifySignature(key, Buffer.from(PUBLISHED.body), PUBLISHED.signature))).toBeUndefined();
	});

	it('refuses the same JSON serialised again: the bytes, not the meaning, are signed', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(PUBLISHED.body), null, 1));
		expect(refusalOf(() => verifySignature(keyOf(PUBLISHED.token), reserialised, PUBLISHED.signature))).toEqual([
			401,
			'signature_mismatch',
		]);
	});

	it('refuses a missing body, a missing and a malformed signature with 401', () => {
		expect(refusalOf(() => verifySignature(keyOf(TOKEN), undefined, SIGNATURE))).toEqual([401, 'signature_unverifiable']);
		expect(refusalOf(() => requireSignature(undefined))).toEqual([401, 'signature_missing']);
		for (const malformed of ['abc', `${SIGNATURE}x`, SIGNATURE.slice(0, 42), '!'.repeat(44), `sha256=${SIGNATURE}`]) {
			expect(refusalOf(() => requireSignature(malformed))).toEqual([401, 'signature_malformed']);
		}
		expect(requireSignature(SIGNATURE)).toBe(SIGNATURE);
	});

	it('accepts only the canonical base64 of a digest: padding dropped, spare bits set or spaces around are refused (generated)', () => {
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 32, maxLength: 32 }),
				fc.integer({ min: 1, max: 3 }),
				fc.constantFrom(' ', '\t', '\n', '  '),
				fc.integer({ min: 0, max: 3 }),
				(bytes, spare, space, how) => {
					const canonical = Buffer.from(bytes).toString('base64');
					expect(requireSignature(canonical)).toBe(canonical);
					const last = alphabet[alphabet.indexOf(canonical[42]) | spare];
					const spelling = [
						canonical.slice(0, 43),
						`${canonical.slice(0, 42)}${last}=`,
						`${space}${canonical}${space}`,
						`${canonical.slice(0, 42)}${last}`,
					][how];
					// Every one of them decodes to the same 32 bytes: not a forgery, only not the form Chatwork sends.
					expect(Buffer.from(spelling, 'base64').equals(Buffer.from(bytes))).toBe(true);
					expect(refusalOf(() => requireSignature(spelling))).toEqual([401, 'signature_malformed']);
				},
			),
			{ numRuns: 500 },
		);
	});

	it('keeps the spaces around a query or header signature, so requireSignature sees them', () => {
		expect(givenSignature({}, new URLSearchParams(`chatwork_webhook_signature=${encodeURIComponent(` ${SIGNATURE}`)}`))).toBe(`+${SIGNATURE}`);
		expect(givenSignature({ 'x-chatworkwebhooksignature': `${SIGNATURE} ` }, new URLSearchParams())).toBe(`${SIGNATURE} `);
	});

	it('takes the header first, else the query parameter, with a `+` the query turned into a space put back', () => {
		const withPlus = `${'A+'.repeat(21)}A=`;
		const query = new URLSearchParams(`chatwork_webhook_signature=${withPlus}`);
		expect(givenSignature({}, query)).toBe(withPlus);
		expect(givenSignature({}, new URLSearchParams(`chatwork_webhook_signature=${encodeURIComponent(SIGNATURE)}`))).toBe(SIGNATURE);
		expect(givenSignature({ 'x-chatworkwebhooksignature': 'from-header' }, query)).toBe('from-header');
		expect(givenSignature({ 'x-chatworkwebhooksignature': '  ' }, new URLSearchParams())).toBeUndefined();
	});

	it('verifies what it signs and refuses any other body or signature (generated)', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 32, maxLength: 32 }),
				fc.uint8Array({ maxLength: 512 }),
				fc.nat(),
				fc.uint8Array({ minLength: 32, maxLength: 32 }),
				(keyBytes, bodyBytes, flip, otherSignature) => {
					const key = keyOf(Buffer.from(keyBytes).toString('base64'));
					const body = Buffer.from(bodyBytes);
					const signature = signatureOf(key, body);
					expect(refusalOf(() => verifySignature(key, body, signature))).toBeUndefined();
					if (body.length > 0) {
						const changed = Buffer.from(body);
						changed[flip % changed.length] ^= 1 << flip % 8;
						expect(refusalOf(() => verifySignature(key, changed, signature))).toEqual([401, 'signature_mismatch']);
					}
					const other = Buffer.from(otherSignature).toString('base64');
					if (other !== signature) {
						expect(refusalOf(() => verifySignature(key, body, other))).toEqual([401, 'signature_mismatch']);
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('the webhook token (credential)', () => {
	it('accepts the 44-character token Chatwork shows, with or without padding and surrounding spaces', () => {
		expect('key' in webhookKey(TOKEN)).toBe(true);
		expect('key' in webhookKey(` ${TOKEN}\n`)).toBe(true);
		expect('key' in webhookKey(TOKEN.replace(/=$/, ''))).toBe(true);
	});

	it.each([
		['', /empty/],
		[undefined, /empty/],
		['not base64 at all!', /not valid base64/],
		['AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd', /decodes to 30 bytes, not 32/],
		[`${TOKEN.slice(0, 43)}AAAA`, /not 32|not valid base64/],
	])('explains what is wrong with %p', (token, problem) => {
		const key = webhookKey(token);
		expect('problem' in key ? key.problem : '').toMatch(problem);
	});
});
