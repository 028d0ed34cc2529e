import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { compileTemplate, inertNotation, MissingVariableError } from '../../../../nodes/Chatwork/template';
import type { ParsedNotation } from '../../../../nodes/ChatworkTrigger/2-parse/notation';
import { parseNotation } from '../../../../nodes/ChatworkTrigger/2-parse/notation';
import { ALL_HELPERS_TEMPLATE, anyItem, anyText, FRAGMENTS } from '../../support/generators';
import { reachedIn } from '../../support/propertyRuns';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderNotation } = require('../../../../sandbox/page/notation') as {
	renderNotation: (body: string, context: { nameOf: (accountId: number) => string | undefined }) => string;
};

/**
 * Generated templates and values. The notation rule under test (docs/chatwork-node.md, "Notation safety"): a tag is
 * live only if every character of it comes from the template; anything a value touches is inert.
 */

const VARIABLES = ['v0', 'v1', 'v2', 'v3'] as const;
type Variable = (typeof VARIABLES)[number];
const value = fc.oneof(anyText, anyText, fc.array(anyText, { maxLength: 3 }), fc.integer(), fc.constant(null));
const values = fc.record(Object.fromEntries(VARIABLES.map((name) => [name, value])) as Record<Variable, typeof value>, { requiredKeys: [] });

/** What a piece of template writes: `data` is true for characters that come from a value. */
type Piece =
	| { kind: 'text'; text: string }
	| { kind: 'slot' | 'raw' | 'mention'; variable: Variable }
	| { kind: 'info'; body: Piece[] };

const variable = fc.constantFrom(...VARIABLES);
// Template text cannot hold braces or backslashes (they are template syntax), no newline next to a block,
// and no NUL (Handlebars' lexer reads it as the end of the template: a syntax error, which is right).
const templateText = fc.array(fc.constantFrom(...FRAGMENTS.filter((fragment) => fragment !== '\n' && fragment !== '\u0000'), '[toall]', '[To:1]', '[info]', '[/info]'), {
	minLength: 1,
	maxLength: 6,
});
const pieces: fc.Arbitrary<Piece[]> = fc.letrec<{ pieces: Piece[]; piece: Piece }>((tie) => ({
	pieces: fc.array(tie('piece'), { maxLength: 7 }),
	piece: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		templateText.map((parts): Piece => ({ kind: 'text', text: parts.join('') })),
		variable.map((name): Piece => ({ kind: 'slot', variable: name })),
		variable.map((name): Piece => ({ kind: 'slot', variable: name })),
		variable.map((name): Piece => ({ kind: 'raw', variable: name })),
		variable.map((name): Piece => ({ kind: 'mention', variable: name })),
		tie('pieces').map((body): Piece => ({ kind: 'info', body })),
	),
})).pieces;

function sourceOf(template: Piece[]): string {
	return template
		.map((piece) => {
			switch (piece.kind) {
				case 'text':
					return piece.text;
				case 'slot':
					return `{{${piece.variable}}}`;
				case 'raw':
					return `{{raw ${piece.variable}}}`;
				case 'mention':
					return `{{cw_to 1 ${piece.variable}}}`;
				case 'info':
					// `|` keeps the block tags from standing alone on a line (Handlebars would drop the line).
					return `|{{#cw_info}}|${sourceOf(piece.body)}|{{/cw_info}}|`;
			}
		})
		.join('');
}

const MARKERS = /[\uFDD0\uFDD1]/g;

function textOf(data: unknown): string {
	if (data === null || data === undefined) return '';
	if (Array.isArray(data)) return data.map(textOf).join(', ');
	return String(data).replace(MARKERS, '');
}

/** The message before the guard, character by character, with where each character came from. */
function expected(template: Piece[], data: IDataObject): Array<{ character: string; data: boolean }> {
	const out: Array<{ character: string; data: boolean }> = [];
	const write = (text: string, fromData: boolean) => {
		for (const character of text) for (const unit of character.split('')) out.push({ character: unit, data: fromData });
	};
	for (const piece of template) {
		if (piece.kind === 'text') write(piece.text.replace(MARKERS, ''), false);
		if (piece.kind === 'slot') write(textOf(data[piece.variable]), true);
		if (piece.kind === 'raw') write(textOf(data[piece.variable]), false);
		if (piece.kind === 'mention') {
			write('[To:1]', false);
			write(textOf(data[piece.variable]), true);
		}
		if (piece.kind === 'info') {
			write('|[info]|', false);
			out.push(...expected(piece.body, data));
			write('|[/info]|', false);
		}
	}
	return out;
}

/** What no reader sees: invisible characters, C0/C1 controls, combining marks, lone surrogates. */
const UNSEEN = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}\p{Cs}]/gu;

/** Notation Chatwork may parse: ASCII brackets around a Latin word, after NFKC with unseen characters removed. */
function isLiveTag(content: string): boolean {
	return /^[\s/]*[A-Za-z]/.test(content.replace(UNSEEN, '').normalize('NFKC').replace(UNSEEN, ''));
}

/** Every bracket pair with no ASCII bracket inside: what Chatwork can read as one tag. */
function innermostPairs(text: string): Array<[number, number]> {
	const pairs: Array<[number, number]> = [];
	for (const match of text.matchAll(/\[[^[\]]*\]/g)) pairs.push([match.index, match.index + match[0].length - 1]);
	return pairs;
}

// Compiling a template takes a few milliseconds: 1,000 templates, each rendered once.
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS) || 1000 };

describe('the notation guard, on generated templates and values', () => {
	it('leaves no live tag that holds a character from a value, and changes nothing but brackets', () => {
		let tagsFromTemplate = 0;
		let tagsMadeInert = 0;
		fc.assert(
			fc.property(pieces, values, (template, data) => {
				const output = compileTemplate(sourceOf(template))(data);
				const origin = expected(template, data);

				expect(output.length).toBe(origin.length);
				for (let at = 0; at < output.length; at++) {
					const before = origin[at].character;
					if (output[at] === before) continue;
					expect([before, output[at]]).toEqual(before === '[' ? ['[', '［'] : [']', '］']);
					if (before === '[') tagsMadeInert++;
				}
				for (const [open, close] of innermostPairs(output)) {
					if (!isLiveTag(output.slice(open + 1, close))) continue;
					expect({ tag: output.slice(open, close + 1), holdsData: origin.slice(open, close + 1).some((character) => character.data) }).toEqual({
						tag: output.slice(open, close + 1),
						holdsData: false,
					});
				}
				// Notation written in the template (or by a helper) stays live.
				const before = origin.map((character) => character.character).join('');
				for (const [open, close] of innermostPairs(before)) {
					if (origin.slice(open, close + 1).some((character) => character.data)) continue;
					tagsFromTemplate++;
					expect(output.slice(open, close + 1)).toBe(before.slice(open, close + 1));
				}
			}),
			RUNS,
		);
		// The generator does reach both cases it is about.
		expect(tagsFromTemplate).toBeGreaterThanOrEqual(reachedIn(1 / 4, RUNS.numRuns));
		expect(tagsMadeInert).toBeGreaterThanOrEqual(reachedIn(1 / 20, RUNS.numRuns));
		if (process.env.PROPERTY_COUNTS) console.log({ runs: RUNS.numRuns, tagsFromTemplate, tagsMadeInert });
	});

	it('makes every tag in a value inert, once and for all (idempotent)', () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const once = inertNotation(text);
				expect(innermostPairs(once).filter(([open, close]) => isLiveTag(once.slice(open + 1, close)))).toEqual([]);
				expect(inertNotation(once)).toBe(once);
				expect(once.length).toBe(text.replace(MARKERS, '').length);
			}),
			RUNS,
		);
	});
});

/** What the Chatwork Trigger reads from a message as facts: who is addressed, the reply, the quotes. */
function factsOf(parsed: ParsedNotation) {
	return { mentions: parsed.mentions, toAll: parsed.toAll, reply: parsed.reply, quotes: parsed.quotes.map(({ accountId, time }) => ({ accountId, time })) };
}

const ASCII_BRACKETS = /[[\]]/g;
const bracketsIn = (text: string) => text.match(ASCII_BRACKETS)?.length ?? 0;

describe('the guarded output, read by our own Chatwork Trigger and the look-alike', () => {
	it('a value adds no mention, TO ALL, reply or quote to what the template itself says', () => {
		fc.assert(
			fc.property(pieces, values, (template, data) => {
				const output = compileTemplate(sourceOf(template))(data);
				const origin = expected(template, data);
				// The same message with every character of a value replaced by a letter (line breaks kept: they are layout).
				const withoutData = output.split('').map((unit, at) => (origin[at].data && !/[\r\n]/.test(unit) ? 'x' : unit)).join('');

				expect(factsOf(parseNotation(output))).toEqual(factsOf(parseNotation(withoutData)));
			}),
			RUNS,
		);
	});

	it('a value alone is read as plain text: no fact, no bracket taken as notation, no markup in the look-alike', () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const message = inertNotation(text);
				const parsed = parseNotation(message);

				expect(factsOf(parsed)).toEqual({ mentions: [], toAll: false, reply: null, quotes: [] });
				expect(bracketsIn(parsed.text)).toBe(bracketsIn(message));
				// The look-alike escapes every '<' first, so any '<' left is markup it made from a tag.
				expect(renderNotation(message, { nameOf: () => undefined })).not.toContain('<');
			}),
			{ numRuns: RUNS.numRuns * 5 },
		);
	});
});

describe('the helpers, on generated values', () => {
	const render = compileTemplate(ALL_HELPERS_TEMPLATE);
	const renderStrict = compileTemplate(ALL_HELPERS_TEMPLATE, { strict: true });

	it('render any value without throwing', () => {
		fc.assert(
			fc.property(anyItem, (item) => {
				expect(typeof render(item)).toBe('string');
			}),
			RUNS,
		);
	});

	it('throw nothing but MissingVariableError in strict mode', () => {
		fc.assert(
			fc.property(anyItem, (item) => {
				try {
					renderStrict(item);
				} catch (error) {
					expect(error).toBeInstanceOf(MissingVariableError);
				}
			}),
			RUNS,
		);
	});
});
