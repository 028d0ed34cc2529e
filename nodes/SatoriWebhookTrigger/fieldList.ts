import { FIELD_TYPES, TEXT_TYPES, type FieldType } from './description';

/** A declared field, however it was declared (Fields or Field List). */
export interface FieldDefinition {
	key: string;
	label: string;
	type: FieldType;
	required: boolean;
	/** Characters (code points); 0 = no limit. */
	maxLength: number;
	choices: string[];
}

/**
 * Define Fields → As a List: one field per line, the cells separated by `|`.
 *
 *     company | 会社名 | required | 200
 *     email | メールアドレス | email | required
 *     seminar | セミナー | choice: セミナーA, セミナーB
 *
 * The key comes first, then the label (may be empty), then in any order: a type (text, email, …),
 * `required` (or 必須) and a maximum length. A choice lists its allowed values after a colon.
 * Empty lines and lines starting with `#` are skipped. The same fields as Using Fields Below, in
 * six lines instead of four screens.
 */
export function parseFieldList(text: string): { fields: FieldDefinition[] } | { problem: string } {
	const fields: FieldDefinition[] = [];
	const lines = text.split(/\r\n|\r|\n/);
	for (const [index, line] of lines.entries()) {
		if (line.trim() === '' || line.trim().startsWith('#')) continue;
		const field = parseLine(line);
		if ('problem' in field) return { problem: `Field List, line ${index + 1} ("${clip(line.trim())}"): ${field.problem}` };
		fields.push(field);
	}
	return { fields };
}

const REQUIRED = new Set(['required', '必須']);

function parseLine(line: string): FieldDefinition | { problem: string } {
	const [key = '', label = '', ...cells] = line.split('|').map((cell) => cell.trim());
	const field: FieldDefinition = { key, label, type: 'text', required: false, maxLength: 0, choices: [] };
	let typed = false;
	for (const cell of cells) {
		if (cell === '') continue;
		const colon = cell.search(/[:：]/);
		const word = (colon === -1 ? cell : cell.slice(0, colon)).trim().toLowerCase();
		if (REQUIRED.has(word) && colon === -1) {
			field.required = true;
		} else if (/^[0-9０-９]+$/.test(word) && colon === -1) {
			field.maxLength = Number(word.normalize('NFKC'));
			if (!Number.isSafeInteger(field.maxLength)) return { problem: `the maximum length ${clip(word)} is too large` };
		} else if ((FIELD_TYPES as string[]).includes(word)) {
			if (typed) return { problem: `it has two types ("${field.type}" and "${word}")` };
			typed = true;
			field.type = word as FieldType;
			if (colon !== -1) {
				if (field.type !== 'choice') return { problem: `only a choice lists values after a colon, not "${word}"` };
				field.choices = splitChoices(cell.slice(colon + 1));
			}
		} else {
			return {
				problem: `"${clip(cell)}" is not a type (${FIELD_TYPES.join(', ')}), "required" or a maximum length (a number)`,
			};
		}
	}
	if (field.maxLength > 0 && !TEXT_TYPES.includes(field.type)) {
		return { problem: `a maximum length applies to ${TEXT_TYPES.join(', ')} fields, not to a ${field.type} field` };
	}
	return field;
}

/** Allowed values: separated by commas (also 、) or new lines, as in the editor's Allowed Values. */
export function splitChoices(text: string): string[] {
	return text
		.split(/[,\n、]/)
		.map((choice) => choice.trim())
		.filter((choice) => choice !== '');
}

/** The line parseFieldList reads back as this field (used by the tests and the docs' examples). */
export function formatFieldLine(field: FieldDefinition): string {
	const cells = [field.key, field.label];
	if (field.type === 'choice') cells.push(`choice: ${field.choices.join(', ')}`);
	else if (field.type !== 'text') cells.push(field.type);
	if (field.required) cells.push('required');
	if (field.maxLength > 0) cells.push(String(field.maxLength));
	return cells.join(' | ');
}

function clip(text: string): string {
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
