/**
 * Chatwork notation safety: text from the data keeps its meaning for a reader but can no longer
 * be parsed by Chatwork as notation (a visitor typing `[toall]` into a form must not ping a room).
 */

/** Tag names Chatwork parses (reference/chatwork-api.md, "Message notation"); TAG_AT spells them out by shape. */
const TAGS = ['piconname', 'qtmeta', 'picon', 'pname', 'toall', 'title', 'info', 'code', 'rp', 'qt', 'hr', 'to'];

/**
 * At a `[` (optional spaces and `/` first): a bare tag (`[toall]`, `[/info]`), an account tag
 * followed by `:` (`[To:1]`, `[picon:1]`), or a tag with attributes (`[rp aid=…]`, `[qtmeta aid=…]`),
 * up to `]`, any case, spaces allowed. `[重要]`, `[information]` or `[to do]` are not tags.
 * Full-width brackets stop a tag like ASCII ones, so inerting twice changes nothing more.
 */
const TAG_AT =
	/\[(\s*(?:\/\s*)?(?:(?:toall|title|info|code|qt|hr)\s*(?=\])|(?:piconname|picon|pname|to)\s*(?=:)|(?:qtmeta|rp)(?=[\s\]]))[^[\]［］]*)\]/iy;
/** From a position to the end of the text without any bracket. */
const NO_BRACKET_TO_END = /[^[\]［］]*$/y;
const TAG_START = /^\s*\/?\s*([a-z]*)([\s\S]*)$/i;
const TAG_DELIMITER = /^[\s:=]/;

// Full-width brackets: a reader still sees the tag, Chatwork does not parse it, the length is unchanged
// (the 65,535-character limit is not affected), and no ASCII `[` is left to match again (idempotent).
const INERT_OPEN = '［';
const INERT_CLOSE = '］';

/** Makes the Chatwork notation in a data value inert; text without notation is returned unchanged. */
export function inertNotation(text: string): string {
	let at = text.indexOf('[');
	if (at === -1) return text;
	let result = '';
	let copied = 0;
	while (at !== -1) {
		TAG_AT.lastIndex = at;
		const tag = TAG_AT.exec(text);
		if (tag) {
			result += text.slice(copied, at) + INERT_OPEN + tag[1] + INERT_CLOSE;
			copied = at + tag[0].length;
			at = text.indexOf('[', copied);
			continue;
		}
		const next = text.indexOf('[', at + 1);
		if (next === -1 && isDangling(text, at)) {
			result += text.slice(copied, at) + INERT_OPEN;
			copied = at + 1;
		}
		at = next;
	}
	return result + text.slice(copied);
}

/**
 * A `[` that runs to the end of the value, like `[`, `[to`, `[toa`, `[/co` or `[To:12`: half a tag
 * that the next value or the template could complete (`{{a}}{{b}}` with a = "[to", b = "all]").
 */
function isDangling(text: string, at: number): boolean {
	NO_BRACKET_TO_END.lastIndex = at + 1;
	if (!NO_BRACKET_TO_END.test(text)) return false;
	const [, letters, rest] = TAG_START.exec(text.slice(at + 1)) ?? [];
	const name = (letters ?? '').toLowerCase();
	if (name === '') return rest === '';
	if (rest === '') return TAGS.some((candidate) => candidate.startsWith(name));
	return TAGS.includes(name) && TAG_DELIMITER.test(rest ?? '');
}
