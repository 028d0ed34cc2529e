/**
 * Chatwork message notation → what a workflow needs without parsing it: the plain text, who is
 * addressed, the message replied to and the quoted parts. Tags are ASCII-bracketed, any case, as
 * Chatwork reads them; full-width brackets (［toall］), unknown tags and a block without its
 * partner stay text. Notation inside [code] is text as written.
 */

export interface Reply {
	accountId: number;
	roomId: number;
	messageId: string;
}

export interface Quote {
	/** The quoted person ([qtmeta aid=…]); null for a quote without meta. */
	accountId: number | null;
	/** When the quoted message was sent, ISO 8601; null when the meta has no time. */
	time: string | null;
	text: string;
}

export interface ParsedNotation {
	/** The message with notation removed: what a person reads, quotes left out. */
	text: string;
	/** Account IDs addressed by [To:…] and [rp aid=…], first mention first, each once; quotes do not count. */
	mentions: number[];
	toAll: boolean;
	/** The message this one replies to ([rp aid=… to=room-message]), else null. */
	reply: Reply | null;
	/** Top-level quotes ([qt]…[/qt]) in order; a quote inside a quote stays out of both. */
	quotes: Quote[];
}

/** Marks a [code] or [qt] block set aside while the rest is read; a NUL in the input becomes U+FFFD first. */
const SLOT = '\u0000';
/**
 * Stands where a tag was taken out until the text is put back together, so the characters on either side
 * never meet and read as a tag Chatwork would not see: `[To:1]toall][[To:1]toall]` holds no TO ALL.
 */
const BOUNDARY = `${SLOT}b${SLOT}`;
// eslint-disable-next-line no-control-regex -- NUL marks a set-aside block; a NUL in the input is U+FFFD by then
const SLOT_PATTERN = /\u0000(?:([cq])(\d+)|b)\u0000/g;
/** One newline beside a block tag belongs to the block's layout, as Chatwork shows it. */
const NL = '(?:\\r?\\n)?';

const CODE = new RegExp(`\\[code\\]${NL}([\\s\\S]*?)${NL}\\[/code\\]${NL}`, 'gi');
const QUOTE = new RegExp(
	`\\[qt\\]${NL}(?:\\[qtmeta aid=(\\d+)(?: time=(\\d+))?\\]${NL})?((?:(?!\\[qt\\])[\\s\\S])*?)${NL}\\[/qt\\]${NL}`,
	'gi',
);
const innermost = (tag: string) =>
	new RegExp(`\\[${tag}\\]${NL}((?:(?!\\[${tag}\\])[\\s\\S])*?)${NL}\\[/${tag}\\]${NL}`, 'gi');
const INFO = innermost('info');
const TASK = innermost('task');
const TITLE = new RegExp(`\\[title\\]([\\s\\S]*?)\\[/title\\]${NL}`, 'gi');
const DOWNLOAD = /\[download:\d+\]([\s\S]*?)\[\/download\]/gi;
/** Every inline tag in one pass, as Chatwork reads a message once: taking one out never makes another. */
const INLINE = new RegExp(
	[
		'\\[to:(\\d+)\\]',
		'\\[rp aid=(\\d+) to=(\\d+)-(\\d+)\\]',
		'(\\[toall\\])',
		`(\\[hr\\]${NL})`,
		'\\[(?:picon|pname|piconname):\\d+\\]',
		'\\[preview id=\\d+ ht=\\d+\\]',
	].join('|'),
	'gi',
);

interface RawQuote {
	accountId: number | null;
	time: string | null;
	inner: string;
}

function isoFromUnix(seconds: string | undefined): string | null {
	if (seconds === undefined) return null;
	const date = new Date(Number(seconds) * 1000);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

interface Inline {
	text: string;
	mentions: number[];
	toAll: boolean;
	reply: Reply | null;
}

/** Person and address tags out, their facts kept; [hr] becomes a line break. */
function readInline(text: string): Inline {
	const mentions: number[] = [];
	let toAll = false;
	let reply: Reply | null = null;
	const plain = text
		.replace(DOWNLOAD, `${BOUNDARY}$1${BOUNDARY}`)
		.replace(INLINE, (_m, to?: string, aid?: string, room?: string, message?: string, all?: string, hr?: string) => {
			if (hr !== undefined) return '\n';
			if (all !== undefined) toAll = true;
			if (to !== undefined) mentions.push(Number(to));
			if (aid !== undefined) {
				mentions.push(Number(aid));
				reply ??= { accountId: Number(aid), roomId: Number(room), messageId: message as string };
			}
			return BOUNDARY;
		});
	return { text: plain, mentions, toAll, reply };
}

/** Whitespace the removed tags left at the ends of lines and of the whole text goes. */
function tidy(text: string): string {
	return text
		.replace(/[ \t]+$/gm, '')
		.replace(/^\n+|\s+$/g, '');
}

export function parseNotation(body: string): ParsedNotation {
	const codes: string[] = [];
	const quotes: RawQuote[] = [];
	// NUL is reserved for block slots. Dropping it would read `[\u0000toall]` as TO ALL, which Chatwork's
	// own reader would not match; U+FFFD keeps it text (and out of stores that refuse NUL).
	// eslint-disable-next-line no-control-regex -- see above
	let text = String(body).replace(/\u0000/g, '\uFFFD');

	text = text.replace(CODE, (_m, code: string) => `${SLOT}c${codes.push(code) - 1}${SLOT}\n`);

	// Innermost first, so [info] inside [qt] and [qt] inside [info] both close where they should.
	for (let changed = true; changed; ) {
		const before = text;
		text = text.replace(QUOTE, (_m, aid: string | undefined, time: string | undefined, inner: string) => {
			quotes.push({ accountId: aid === undefined ? null : Number(aid), time: isoFromUnix(time), inner });
			return `${SLOT}q${quotes.length - 1}${SLOT}`;
		});
		text = text.replace(INFO, (_m, inner: string) => `${BOUNDARY}${inner.replace(TITLE, `${BOUNDARY}$1\n`)}\n`);
		text = text.replace(TASK, (_m, inner: string) => `${BOUNDARY}${inner}\n`);
		changed = text !== before;
	}

	const main = readInline(text);
	const topLevel: number[] = [];
	const restore = (part: string, collect: boolean) =>
		part.replace(SLOT_PATTERN, (_m, kind: string | undefined, index: string) => {
			if (kind === undefined) return '';
			if (kind === 'c') return codes[Number(index)];
			if (collect) topLevel.push(Number(index));
			return '';
		});
	const plain = tidy(restore(main.text, true));

	return {
		text: plain,
		mentions: [...new Set(main.mentions)],
		toAll: main.toAll,
		reply: main.reply,
		quotes: topLevel.map((index) => {
			const quote = quotes[index];
			return { accountId: quote.accountId, time: quote.time, text: tidy(restore(readInline(quote.inner).text, false)) };
		}),
	};
}
