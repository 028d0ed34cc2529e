import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

/** Generators for the property-based tests of the template engine and of the node. */

/**
 * Pieces that make and break tags: brackets, names, look-alikes, invisible characters, C0/C1
 * controls (NUL, DEL, NEL, CSI), combining marks, lone surrogates, the guard's own markers.
 */
export const FRAGMENTS = [
	'[', ']', '[', ']', '/', ':', ' ', '=', '-', 'to', 'all', 'toall', 'To:1', 'info', 'title', 'code', 'qt', 'task', 'rp aid=1',
	'ｔｏ', 'ＡＬＬ', '\u200b', '\u2060', '\u00ad', '\u3000', '／', 'あ', '重要', '1', '［', '］', '\uFDD0', '\uFDD1', 'x', '\n',
	'\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u009b', '\u0301', '\u20dd', '\ud800', '\udfff',
];
const hostileText = fc
	.array(fc.constantFrom(...FRAGMENTS, '[to', 'all]', '[info', 'toall]', '[/', 'code]'), { maxLength: 8 })
	.map((parts) => parts.join(''));
const codeUnitIn = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCharCode(code));
/** A character some reader may drop or not show: C0/C1 controls, combining marks, lone surrogates, invisibles. */
const unseen = fc.oneof(
	codeUnitIn(0x00, 0x1f),
	codeUnitIn(0x7f, 0x9f),
	codeUnitIn(0x300, 0x36f),
	codeUnitIn(0x20d0, 0x20ff),
	codeUnitIn(0xd800, 0xdfff),
	fc.constantFrom('\u200b', '\u2060', '\u00ad', '\ufeff', '\u180e', '\u3000'),
);
/** A real tag with such characters before its name: `[\u0000toall]`, `[\u0301To:1]`… */
const disguisedTag = fc
	.tuple(fc.array(unseen, { minLength: 1, maxLength: 3 }), fc.constantFrom('toall', 'To:102', 'info', '/info', 'code', 'qt', 'hr', 'rp aid=1 to=2-3', 'picon:1'))
	.map(([before, name]) => `[${before.join('')}${name}]`);
export const anyText = fc.oneof(
	hostileText,
	hostileText,
	disguisedTag,
	fc.string({ unit: 'binary', maxLength: 12 }),
	fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** Values a workflow can hand the node, and some no JSON can: dates, big integers, maps, objects without a prototype. */
const anyValue = fc.oneof(
	fc.anything({
		withBigInt: true,
		withDate: true,
		withMap: true,
		withSet: true,
		withNullPrototype: true,
		withTypedArray: true,
		withSparseArray: true,
		withBoxedValues: true,
		withObjectString: true,
		maxDepth: 2,
	}),
	fc.constantFrom('99999999999999999', '0000-01-01', '9999-12-31 23:59:59.999', '2026-02-30', 'now', -1e17, 1e300, Number.NaN, Infinity, -0),
	fc.constantFrom('Asia/Tokyo', 'asia/TOKYO', 'UTC', 'Mars/Olympus', 'YYYY-MM-DD [at] HH:mm', '[toall]', 'constructor', '__proto__'),
	anyText,
);

/** Every helper, and Handlebars' own, fed with values from the item. */
export const ALL_HELPERS_TEMPLATE =
	'{{n}} {{date when}} {{date when fmt tz=zone}} {{truncate memo len suffix}} {{join list sep}} {{json obj indent}} ' +
	'{{default a b "x"}} {{cw_to id name}} {{cw_rp id room mid name}} {{cw_picon id}} {{cw_info memo title=t}} ' +
	'{{#cw_info title=t}}{{memo}}{{/cw_info}} {{#cw_code}}{{obj}}{{/cw_code}} {{raw memo}} {{#each list}}{{this}}{{@key}}{{/each}} ' +
	'{{#if a}}{{a}}{{else}}{{b}}{{/if}} {{lookup obj key}} {{#with obj}}{{this}}{{/with}} {{params:memo}}';
const FIELDS = ['n', 'when', 'fmt', 'zone', 'memo', 'len', 'suffix', 'list', 'sep', 'obj', 'indent', 'a', 'b', 'id', 'name', 'room', 'mid', 't', 'key', 'params'];
export const anyItem = fc.record(Object.fromEntries(FIELDS.map((field) => [field, anyValue])), { requiredKeys: [] }) as fc.Arbitrary<IDataObject>;

