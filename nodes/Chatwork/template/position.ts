// Handlebars counts columns in UTF-16 units from 0; people count characters from 1.

/** A place in a template as people count it: 1-based line and character column. */
export interface SourcePosition {
	line: number;
	column: number;
}

export type Locate = (line: number, utf16Column: number) => SourcePosition;

const LINE_BREAK = /\r\n?|\n/;

/** Turns Handlebars' (1-based line, 0-based UTF-16 column) into 1-based line and character column. */
export function locator(source: string): Locate {
	let lines: string[] | undefined;
	return (line, utf16Column) => {
		lines ??= source.split(LINE_BREAK);
		const text = lines[line - 1] ?? '';
		const column = Array.from(text.slice(0, Math.max(0, utf16Column))).length + 1;
		return { line: Math.max(1, line), column };
	};
}

/** The 1-based line and character column of a UTF-16 offset into the source. */
export function positionOfOffset(source: string, offset: number): SourcePosition {
	const before = source.slice(0, Math.max(0, offset));
	const lines = before.split(LINE_BREAK);
	return { line: lines.length, column: Array.from(lines[lines.length - 1]).length + 1 };
}
