// Chatwork notation safety, decided on the rendered message: a tag is live only if every character
// of it, brackets included, comes from the template (or a cw_* helper, or `{{raw}}`). A tag that a
// data value starts, ends, names or fills in is made inert, whatever the template puts around it.

/**
 * While a template renders, each piece of data text is wrapped in two noncharacters (never text,
 * Unicode keeps them for internal use); the guard then scans the whole output once and removes them.
 */
const DATA_START = '\uFDD0';
const DATA_END = '\uFDD1';

// Full-width brackets: a reader still sees the tag, Chatwork does not parse it, the length is unchanged
// (the 65,535-character limit is not affected), and no ASCII bracket is left to match again (idempotent).
const INERT_OPEN = '［';
const INERT_CLOSE = '］';

/** Text that is data, marked for the guard; marker characters it carried are dropped. */
export function markData(text: string): string {
	return text === '' ? '' : DATA_START + withoutMarkers(text) + DATA_END;
}

/** Text without marker characters: what template text, `{{raw}}` values and the output must be. */
export function withoutMarkers(text: string): string {
	let at = nextMarker(text, 0);
	if (at === -1) return text;
	let result = '';
	let copied = 0;
	for (; at !== -1; at = nextMarker(text, copied)) {
		result += text.slice(copied, at);
		copied = at + 1;
	}
	return result + text.slice(copied);
}

/** Makes the Chatwork notation in a data value inert; text without notation is returned unchanged. */
export function inertNotation(text: string): string {
	return guardNotation(markData(text));
}

/**
 * The rendered message as Chatwork will get it: markers removed, and every tag that holds a
 * character from a data span made inert (both its brackets become full-width).
 */
export function guardNotation(rendered: string): string {
	if (!rendered.includes('[')) return withoutMarkers(rendered);
	const { text, spans } = readDataSpans(rendered);
	const inert: number[] = [];
	const open: number[] = [];
	for (let at = text.indexOf('['), close = text.indexOf(']'); at !== -1 || close !== -1; ) {
		if (at !== -1 && (close === -1 || at < close)) {
			open.push(at);
			at = text.indexOf('[', at + 1);
			continue;
		}
		// Brackets pair like parentheses: a tag never holds a bracket, so it is always the innermost pair.
		const start = open.pop();
		if (start !== undefined && holdsData(spans, start, close) && isTag(text, start + 1, close)) inert.push(start, close);
		close = text.indexOf(']', close + 1);
	}
	if (inert.length === 0) return text;
	inert.sort((a, b) => a - b);
	let result = '';
	let copied = 0;
	for (const index of inert) {
		result += text.slice(copied, index) + (text[index] === '[' ? INERT_OPEN : INERT_CLOSE);
		copied = index + 1;
	}
	return result + text.slice(copied);
}

/** The text without markers, and where its data spans lie in it: [start, end) pairs in order. */
function readDataSpans(rendered: string): { text: string; spans: number[] } {
	const spans: number[] = [];
	let text = '';
	let copied = 0;
	let inData = false;
	for (let at = nextMarker(rendered, 0); at !== -1; at = nextMarker(rendered, copied)) {
		text += rendered.slice(copied, at);
		const entering = rendered[at] === DATA_START;
		if (entering && !inData) spans.push(text.length);
		if (!entering && inData) {
			if (spans[spans.length - 1] === text.length) spans.pop();
			else spans.push(text.length);
		}
		inData = entering;
		copied = at + 1;
	}
	text += rendered.slice(copied);
	if (inData) spans.push(text.length);
	return { text, spans };
}

function nextMarker(text: string, from: number): number {
	const start = text.indexOf(DATA_START, from);
	const end = text.indexOf(DATA_END, from);
	if (start === -1) return end;
	return end === -1 ? start : Math.min(start, end);
}

/** Whether any data span overlaps [from, to] (both brackets included). */
function holdsData(spans: readonly number[], from: number, to: number): boolean {
	let low = 0;
	let high = spans.length / 2;
	// The first span that ends after `from`.
	while (low < high) {
		const middle = (low + high) >> 1;
		if (spans[middle * 2 + 1] <= from) low = middle + 1;
		else high = middle;
	}
	return low < spans.length / 2 && spans[low * 2] <= to;
}

/**
 * Characters a reader does not see (default-ignorables, C0/C1 controls, combining marks with nothing
 * to combine with, lone surrogates), and spaces and slashes that may come before a tag's name. A
 * reader that drops any of them (a browser drops NUL, a sanitiser drops controls) would see the tag,
 * so the guard must too, whatever Chatwork itself does.
 */
const SKIPPED = /^[\s/\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}\p{Cs}]*$/u;
const LATIN_LETTER = /^[\s/\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}\p{Cs}]*[A-Za-z]/u;

/**
 * Whether the text between two brackets is notation Chatwork may parse: it starts (after spaces,
 * `/` and the invisible characters above) with a Latin letter, read after NFKC, so `[ｔｏａｌｌ]` or
 * `[\u200btoall]` count as `[toall]`. Brackets without a Latin word (`[重要]`, `[1]`) are not tags.
 */
function isTag(text: string, from: number, to: number): boolean {
	let at = from;
	while (at < to) {
		const code = text.codePointAt(at) as number;
		const character = String.fromCodePoint(code);
		at += character.length;
		const folded = character.normalize('NFKC');
		if (SKIPPED.test(folded)) continue;
		return LATIN_LETTER.test(folded);
	}
	return false;
}
