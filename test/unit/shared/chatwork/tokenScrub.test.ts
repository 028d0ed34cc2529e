import fc from 'fast-check';

import { Chatwork } from '../../../../nodes/Chatwork/Chatwork.node';
import { scrub, scrubValue } from '../../../../nodes/shared/chatwork/scrub';
import { runNode } from '../../../support/executeNode';
import { useChatworkServer } from '../../support/chatworkServer';

/**
 * Issue 25, defect 13: an answer that echoes the token in another spelling (letter case, base64,
 * URL or HTML encoding) or split across fields never brings it into a history item.
 */

const TOKEN = 'scrub-token-0123456789abcdef0123456789';

const server = useChatworkServer({
	timeScale: 0.001,
	accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }],
	rooms: [{ room_id: 1001, name: '営業チーム' }],
	limits: false,
});

const tokens = fc.stringMatching(/^[0-9A-Za-z_-]{20,48}$/);

/** The spellings a server or a proxy could echo: each with the token wholly inside. */
function spelledAs(token: string) {
	const characters = [...token];
	const percent = (upper: boolean) => characters.map((c) => `%${c.charCodeAt(0).toString(16)[upper ? 'toUpperCase' : 'toLowerCase']()}`).join('');
	return fc.oneof(
		fc.constant(token),
		fc.constant(token.toUpperCase()),
		fc.constant(token.toLowerCase()),
		fc.array(fc.boolean(), { minLength: characters.length, maxLength: characters.length }).map((upper) => characters.map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('')),
		fc.string({ maxLength: 6 }).map((prefix) => Buffer.from(`${prefix}${token}`).toString('base64')),
		fc.string({ maxLength: 6 }).map((prefix) => Buffer.from(`${prefix}:${token}`).toString('base64url')),
		fc.boolean().map(percent),
		fc.constant(encodeURIComponent(`token=${token}&x=1`)),
		fc.constant(characters.map((c) => `&#${c.charCodeAt(0)};`).join('')),
		fc.constant(characters.map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('')),
		fc.array(fc.integer({ min: 0, max: 3 }), { minLength: characters.length, maxLength: characters.length }).map((kinds) =>
			characters.map((c, i) => [c, `&#${c.charCodeAt(0)};`, `%${c.charCodeAt(0).toString(16)}`, `\\u00${c.charCodeAt(0).toString(16)}`][kinds[i]]).join(''),
		),
	);
}

/** The token itself cut into 2–4 consecutive pieces, as a server could spread it over fields. */
function piecesOf(token: string) {
	return fc.uniqueArray(fc.integer({ min: 1, max: token.length - 1 }), { minLength: 1, maxLength: 3 }).map((cuts) => {
		const at = [0, ...cuts.sort((a, b) => a - b), token.length];
		return at.slice(1).map((end, i) => token.slice(at[i], end));
	});
}

/** Answer shapes: the spelling as a value, in a list, nested, or the pieces over consecutive fields. */
function answers(token: string) {
	return fc.oneof(
		spelledAs(token).map((form) => ({ shape: { errors: [`echo: ${form}`] }, forms: [form] })),
		spelledAs(token).map((form) => ({ shape: { account_id: 101, note: { deep: [form] } }, forms: [form] })),
		spelledAs(token).map((form) => ({ shape: { [`k-${form}`]: 1 }, forms: [form] })),
		piecesOf(token).map((pieces) => ({ shape: Object.fromEntries(pieces.map((piece, i) => [`part${i}`, piece])), forms: pieces.filter((piece) => piece.length >= 6) })),
		piecesOf(token).map((pieces) => ({ shape: { errors: pieces }, forms: pieces.filter((piece) => piece.length >= 6) })),
	);
}

/** Nothing of the token in the text in any case: neither a spelling nor any piece of it. */
function expectTokenGone(text: string, token: string, forms: string[]) {
	expect(text.toLowerCase()).not.toContain(token.toLowerCase());
	for (const form of forms) expect(text).not.toContain(form);
}

describe('scrubValue masks every spelling and split of the token (generated)', () => {
	it('in any answer shape', () => {
		fc.assert(
			fc.property(tokens.chain((token) => fc.tuple(fc.constant(token), answers(token))), ([token, { shape, forms }]) => {
				expectTokenGone(JSON.stringify(scrubValue(shape, token)), token, forms);
			}),
			{ numRuns: 500 },
		);
	});

	it('leaves answers without the token as they are (the same object)', () => {
		fc.assert(
			fc.property(tokens, fc.jsonValue(), (token, value) => {
				fc.pre(!JSON.stringify(value).toLowerCase().includes(token.toLowerCase().slice(0, 8)));
				expect(scrubValue(value, token)).toBe(value);
			}),
		);
	});

	it('masks it in error texts too', () => {
		fc.assert(
			fc.property(tokens.chain((token) => fc.tuple(fc.constant(token), spelledAs(token))), ([token, form]) => {
				expectTokenGone(scrub(`connect failed: ${form}`, token), token, [form]);
			}),
		);
	});
});

describe('through the node: an echoed token never reaches a history item (generated)', () => {
	it('whatever the spelling and the shape, on Success and on Error', async () => {
		await fc.assert(
			fc.asyncProperty(answers(TOKEN), fc.constantFrom(200, 400), async ({ shape, forms }, status) => {
				server().reset();
				server().script({ method: 'GET', path: '/me', times: 1, status, body: shape });
				const result = await runNode(new Chatwork(), {
					items: [{}],
					credentials: { apiToken: TOKEN, baseUrl: server().url },
					parameters: { resource: 'me', operation: 'get' },
				});
				expect(result.success.length + result.error.length).toBe(1);
				expectTokenGone(JSON.stringify([result.success, result.error]), TOKEN, forms);
			}),
			{ numRuns: 60 },
		);
	}, 60_000);
});
