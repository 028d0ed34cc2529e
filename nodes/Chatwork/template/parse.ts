import Handlebars from 'handlebars';

import { TemplateSyntaxError } from './errors';
import { locator, positionOfOffset, type SourcePosition } from './position';

/** Handlebars' parser leaves where it stopped on its (stateless, synchronous) lexer; read right after a failure. */
interface JisonLexer {
	yylloc?: { first_line: number; first_column: number };
	matched?: string;
}

/** Parses a template, turning Handlebars' parser messages into ones a template author understands. */
export function parseTemplate(source: string): hbs.AST.Program {
	try {
		return Handlebars.parse(source);
	} catch (error) {
		throw explain(error, source);
	}
}

function explain(error: unknown, source: string): TemplateSyntaxError {
	const message = error instanceof Error ? error.message : String(error);
	const at = (position: SourcePosition, reason: string) => new TemplateSyntaxError(reason, position.line, position.column);

	// Handlebars' own checks carry the position of the block they are about: "if doesn't match each - 1:3".
	const checked = error as { lineNumber?: unknown; column?: unknown };
	if (typeof checked.lineNumber === 'number' && typeof checked.column === 'number') {
		// Point at the `{{` that opens the tag rather than at the name inside it.
		const offset = offsetOf(source, checked.lineNumber, checked.column);
		const opening = source.lastIndexOf('{{', offset);
		const position = opening === -1 ? locator(source)(checked.lineNumber, checked.column) : positionOfOffset(source, opening);
		const mismatch = /^(\S+) doesn't match (\S+)/.exec(message);
		if (mismatch) {
			return at(position, `{{#${mismatch[1]}}} is closed with {{/${mismatch[2]}}}; close it with {{/${mismatch[1]}}}`);
		}
		return at(position, message.replace(/ - \d+:\d+$/, ''));
	}

	const lexer = (Handlebars as unknown as { Parser?: { lexer?: JisonLexer } }).Parser?.lexer;
	if (message.startsWith('Lexical error')) return explainLexical(source, lexer?.matched?.length ?? 0, at);

	const parse = /^Parse error on line (\d+):[\s\S]*\nExpecting (.*), got '([^']*)'$/.exec(message);
	const location = lexer?.yylloc;
	if (!parse || !location) return at({ line: parse ? Number(parse[1]) : 1, column: 1 }, 'the template cannot be read');
	const [, , expected, got] = parse;
	const offset = offsetOf(source, location.first_line, location.first_column);
	const here = locator(source)(location.first_line, location.first_column);

	if (got === 'EOF') {
		const open = innermostUnclosedBlock(source);
		if (expected.includes("'OPEN_ENDBLOCK'") && open) {
			return at(positionOfOffset(source, open.offset), `unclosed {{#${open.name}}}: add {{/${open.name}}} where the block ends`);
		}
		return at(positionOfOffset(source, Math.max(0, source.lastIndexOf('{{'))), 'unclosed {{ … }}: a closing }} is missing');
	}
	if (got === 'OPEN_ENDBLOCK') {
		const name = /^\{\{~?\s*\/\s*([^\s}~]*)/.exec(source.slice(offset))?.[1] ?? '';
		return at(here, `{{/${name}}} has no matching {{#${name}}} before it`);
	}
	if (got === 'INVALID') {
		const opening = source.lastIndexOf('{{', offset);
		const closing = source.indexOf('}}', opening);
		const next = source.indexOf('{{', opening + 2);
		if (opening !== -1 && (closing === -1 || (next !== -1 && next < closing))) {
			return at(positionOfOffset(source, opening), 'unclosed {{ … }}: a closing }} is missing');
		}
		const character = Array.from(source.slice(offset))[0] ?? '';
		if (character === '"' || character === "'") return at(here, `the quote ${character} is not closed`);
		return at(here, `"${character}" is not allowed inside {{ … }}`);
	}
	if (got === 'CLOSE_UNESCAPED') return at(here, '}}} closes a {{ that was opened with two braces');
	if (got === 'CLOSE' && expected.includes("'CLOSE_UNESCAPED'")) return at(here, '{{{ must be closed with }}}');
	if (got === 'CLOSE' || got === 'CLOSE_SEXPR') {
		const before = source.slice(0, offset).trimEnd();
		if (before.endsWith('=')) return at(here, 'an option has no value after "="');
		if (/\{\{[~#^/{&]*$/.test(before)) return at(here, 'empty {{ }}: write a field name between the braces, e.g. {{company}}');
		return at(here, '{{ … }} is incomplete here');
	}
	const token = /^\S{1,20}/.exec(source.slice(offset))?.[0];
	return at(here, token ? `unexpected "${token}"` : 'unexpected end of the template');
}

function explainLexical(
	source: string,
	offset: number,
	at: (position: SourcePosition, reason: string) => TemplateSyntaxError,
): TemplateSyntaxError {
	const comment = source.lastIndexOf('{{!--', Math.max(0, offset));
	if (comment !== -1 && source.indexOf('--}}', comment) === -1) {
		return at(positionOfOffset(source, comment), 'unclosed comment {{!-- … --}}: add --}}');
	}
	return at(positionOfOffset(source, offset), 'this text cannot be read as part of a {{ … }}');
}

function offsetOf(source: string, line: number, column: number): number {
	const breaks = /\r\n?|\n/g;
	let offset = 0;
	for (let current = 1; current < line; current++) {
		if (!breaks.exec(source)) break;
		offset = breaks.lastIndex;
	}
	return offset + column;
}

/** Opening `{{#name` / `{{^name`, closing `{{/name`; comments and escaped `\{{` are skipped. */
const BLOCK_TAG = /(\\?)\{\{~?\s*(?:(!--[\s\S]*?--~?\}\}|![^}]*\}\})|([#^])\s*(?:[*>]\s*)?([^\s}~()]+)|\/\s*([^\s}~]+))/g;

function innermostUnclosedBlock(source: string): { name: string; offset: number } | undefined {
	const open: Array<{ name: string; offset: number }> = [];
	for (const tag of source.matchAll(BLOCK_TAG)) {
		if (tag[1] || tag[2]) continue;
		if (tag[3]) {
			open.push({ name: tag[4], offset: tag.index ?? 0 });
		} else {
			const index = open.map((block) => block.name).lastIndexOf(tag[5]);
			if (index !== -1) open.length = index;
		}
	}
	return open.at(-1);
}
