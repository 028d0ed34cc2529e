import { isSimpleName } from './ast';
import { MissingVariableError } from './errors';
import { isCalledBare } from './helpers';
import { markData } from './notation';
import type { TemplateSettings } from './options';
import type { Locate } from './position';
import { TrustedText } from './trusted';
import { toText } from './values';

/**
 * Every `{{…}}` that writes a value is rewritten to `{{$output <what it wrote> <slot>}}`, so one
 * function decides how every value reads: trusted helper output as is, data as text marked as data
 * for the notation guard (notation.ts), and a missing value empty (or, in strict mode, an error
 * naming it). Notation typed in the template itself is content, not output, and stays live.
 */
export const OUTPUT_HELPER = '$output';

/** Where a `{{…}}` is, and the variable to name when it finds nothing. */
export interface OutputSlot {
	variable: string;
	line: number;
	column: number;
}

export function guardOutputs(program: hbs.AST.Program, locate: Locate): OutputSlot[] {
	const slots: OutputSlot[] = [];
	guardProgram(program, slots, locate);
	return slots;
}

function guardProgram(program: hbs.AST.Program | undefined, slots: OutputSlot[], locate: Locate): void {
	if (!program) return;
	program.body = program.body.map((statement) => {
		if (statement.type === 'MustacheStatement') return guardMustache(statement as hbs.AST.MustacheStatement, slots, locate);
		if (statement.type === 'BlockStatement') {
			const block = statement as hbs.AST.BlockStatement;
			guardProgram(block.program, slots, locate);
			guardProgram(block.inverse, slots, locate);
		}
		return statement;
	});
}

function guardMustache(mustache: hbs.AST.MustacheStatement, slots: OutputSlot[], locate: Locate): hbs.AST.MustacheStatement {
	const { loc } = mustache;
	const path = mustache.path.type === 'PathExpression' ? (mustache.path as hbs.AST.PathExpression) : literalAsPath(mustache.path, loc);
	const readsData = mustache.params.length === 0 && !mustache.hash && !(isSimpleName(path) && isCalledBare(path.original));
	const value: hbs.AST.Expression = readsData
		? path
		: ({ type: 'SubExpression', path, params: mustache.params, hash: mustache.hash, loc } as hbs.AST.SubExpression);
	const named = readsData ? path : mustache.params.find((param) => param.type === 'PathExpression');
	slots.push({
		variable: named ? (named as hbs.AST.PathExpression).original : path.original,
		...locate(loc.start.line, loc.start.column),
	});
	const slot: hbs.AST.NumberLiteral = { type: 'NumberLiteral', value: slots.length - 1, original: slots.length - 1, loc };
	return {
		type: 'MustacheStatement',
		path: { type: 'PathExpression', data: false, depth: 0, parts: [OUTPUT_HELPER], original: OUTPUT_HELPER, loc },
		params: [value, slot],
		hash: undefined as unknown as hbs.AST.Hash,
		escaped: false,
		strip: mustache.strip,
		loc,
	} as hbs.AST.MustacheStatement;
}

/** `{{"company name"}}` reads the field "company name", as Handlebars itself does. */
function literalAsPath(literal: hbs.AST.Literal, loc: hbs.AST.SourceLocation): hbs.AST.PathExpression {
	const name = String((literal as hbs.AST.StringLiteral).original);
	return { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc };
}

/**
 * The function behind `$output`. `onEmpty` hears the variable of every `{{…}}` that wrote nothing,
 * so a misspelt `{{compnay}}` is visible even when it is allowed to be empty.
 */
export function createOutputHelper(
	slots: readonly OutputSlot[],
	settings: TemplateSettings,
	onEmpty: (variable: string) => void = () => {},
): (value: unknown, slot: unknown) => string {
	const { strict, notationSafety } = settings;
	return (value, slot) => {
		if (value === null || value === undefined) {
			const { variable, line, column } = slots[slot as number];
			if (strict) throw new MissingVariableError(variable, line, column);
			onEmpty(variable);
			return '';
		}
		const text = value instanceof TrustedText ? value.text : toText(value);
		if (text === '') onEmpty(slots[slot as number].variable);
		if (value instanceof TrustedText) return text;
		return notationSafety ? markData(text) : text;
	};
}
