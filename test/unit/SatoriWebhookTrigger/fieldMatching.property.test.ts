import fc from 'fast-check';

import { isHttpUrl } from '../../../nodes/SatoriWebhookTrigger/httpUrl';
import { matchFields, standardKeyOf, STANDARD_FIELDS } from '../../../nodes/SatoriWebhookTrigger/satoriFields';
import type { FieldDefinition } from '../../../nodes/SatoriWebhookTrigger/settings';

/** The rule the URL field used before the two isHttpUrl were folded into one: http(s) and a host. */
function httpUrlWithHost(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

const urlLike = fc.oneof(
	fc.webUrl(),
	fc.tuple(fc.constantFrom('http:', 'https:', 'HTTP:', 'ftp:', 'javascript:', ''), fc.constantFrom('', '/', '//', '///'), fc.string())
		.map(([scheme, slashes, rest]) => `${scheme}${slashes}${rest}`),
	fc.string(),
);

describe('isHttpUrl', () => {
	it('accepts exactly the http(s) URLs that have a host, so no caller needs a host check of its own', () => {
		fc.assert(fc.property(urlLike, (value) => isHttpUrl(value) === httpUrlWithHost(value)), { numRuns: 2000 });
	});

	it('refuses what is not a string', () => {
		for (const value of [undefined, null, 1, {}, ['https://example.jp']]) expect(isHttpUrl(value)).toBe(false);
	});
});

const standardNames = Object.values(STANDARD_FIELDS).flat();
const name = fc.oneof(fc.constantFrom(...standardNames), fc.constantFrom('utm_source', 'セミナー名', 'x'), fc.string({ maxLength: 6 }));
const field = (key: string): FieldDefinition => ({ key, label: '', type: 'text', required: false, maxLength: 0, choices: [] });

describe('matchFields', () => {
	it('pairs each submitted key with at most one declared field, of the same name or the same standard field', () => {
		fc.assert(
			fc.property(fc.uniqueArray(name, { maxLength: 8 }), fc.uniqueArray(name, { maxLength: 6 }), (submitted, declaredKeys) => {
				const { declaredKeyOf, answered, parts } = matchFields(submitted, declaredKeys.map(field));
				for (const { field: declared, key } of answered) {
					expect(submitted).toContain(key);
					const same = key === declared.key || (standardKeyOf(key) !== undefined && standardKeyOf(key) === standardKeyOf(declared.key));
					expect(same).toBe(true);
				}
				for (const { keys } of parts) for (const key of keys) expect(declaredKeyOf.get(key)).toBe(key);
				// A declared key that was sent always answers for itself.
				for (const declared of declaredKeys) if (submitted.includes(declared)) expect(declaredKeyOf.get(declared)).toBe(declared);
			}),
		);
	});

	it('answers a declared 氏名 with the 姓 and 名 that were sent', () => {
		const match = matchFields(['姓', '名', 'email'], [field('氏名'), field('email')]);
		expect(match.parts).toEqual([{ field: field('氏名'), keys: ['姓', '名'] }]);
		expect(match.answered.map(({ key }) => key)).toEqual(['email']);
	});
});
