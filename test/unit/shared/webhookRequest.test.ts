/** The request vocabulary both triggers share: header look-up and the Content-Type they branch on. */
import fc from 'fast-check';

import { contentTypeOf, headerValue } from '../../../nodes/shared/webhookRequest';

describe('headerValue', () => {
	it('finds a header by any spelling of its name and joins repeated values', () => {
		expect(headerValue({ 'x-signature': 'abc' }, 'X-Signature')).toBe('abc');
		expect(headerValue({ 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'] as unknown as string }, 'X-Forwarded-For')).toBe('10.0.0.1, 10.0.0.2');
		expect(headerValue({}, 'Authorization')).toBeUndefined();
	});
});

describe('contentTypeOf', () => {
	it('reads the media type and charset lower-cased, the boundary as sent, quotes dropped', () => {
		expect(contentTypeOf({ 'content-type': 'Application/JSON; Charset="Shift_JIS"' })).toEqual({ mediaType: 'application/json', charset: 'shift_jis' });
		expect(contentTypeOf({ 'content-type': 'multipart/form-data; boundary=----AbC' })).toEqual({ mediaType: 'multipart/form-data', boundary: '----AbC' });
		expect(contentTypeOf({})).toEqual({ mediaType: '' });
	});

	it('gives back any media type, charset and boundary it is sent, with spaces and case around them (generated)', () => {
		const token = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,20}$/);
		fc.assert(
			fc.property(token, token, token, token, fc.boolean(), (type, subtype, charset, boundary, quoted) => {
				const q = (value: string) => (quoted ? `"${value}"` : value);
				const header = ` ${type}/${subtype} ; CHARSET=${q(charset)};  boundary=${q(boundary)} `;
				expect(contentTypeOf({ 'content-type': header })).toEqual({
					mediaType: `${type}/${subtype}`.toLowerCase(),
					charset: charset.toLowerCase(),
					boundary,
				});
			}),
		);
	});
});
