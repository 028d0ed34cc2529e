/** Thrown by `compileTemplate` when the template cannot be read; the message is meant for the person who wrote it. */
export class TemplateSyntaxError extends Error {
	/** 1-based line of the problem in the template source. */
	readonly line: number;
	/** 1-based column (in characters, so Japanese text and emoji count as one each). */
	readonly column: number;
	/** The problem without its position, e.g. `unclosed {{#if}}`. */
	readonly reason: string;

	constructor(reason: string, line: number, column: number) {
		super(`Template error at line ${line}, column ${column}: ${reason}`);
		this.name = 'TemplateSyntaxError';
		this.reason = reason;
		this.line = line;
		this.column = column;
	}
}

/** Thrown while rendering in strict mode when a `{{…}}` that outputs a value finds nothing. */
export class MissingVariableError extends Error {
	/** The variable as written in the template, e.g. `company` or `params.company`. */
	readonly variable: string;
	readonly line: number;
	readonly column: number;

	constructor(variable: string, line: number, column: number) {
		super(
			`Template variable "${variable}" has no value (line ${line}, column ${column}). ` +
				'Strict mode needs every variable filled in; use {{default ' +
				variable +
				' "…"}} to allow it to be empty.',
		);
		this.name = 'MissingVariableError';
		this.variable = variable;
		this.line = line;
		this.column = column;
	}
}
