/**
 * The token must never reach an item, an error or a log, in any spelling a server or a proxy could
 * plausibly echo: any letter case, URL-encoded, as HTML entities or \u escapes (character by
 * character, mixed), base64 or base64url (also inside a longer encoded text), or split across
 * several strings of an answer.
 */

const MASK = '***';

/** One matcher per token: a run of many items scrubs with the same one. */
let cached: { token: string; pattern: RegExp } | undefined;

function matcherFor(token: string): RegExp {
	if (cached?.token !== token) cached = { token, pattern: new RegExp(spellings(token).join('|'), 'g') };
	cached.pattern.lastIndex = 0;
	return cached.pattern;
}

/** Regex sources: the token character by character in any case or escape, and its base64 cores. */
function spellings(token: string): string[] {
	const perCharacter = [...token]
		.map((char) => {
			const code = char.codePointAt(0)!;
			const hex = code.toString(16);
			const alternatives = [anyCase(char), `&#0*${code};?`, `&#[xX]0*${anyCase(hex)};?`, `\\\\[uU]0*${anyCase(hex)}`];
			if (code < 0x80) alternatives.push(`%${anyCase(hex.padStart(2, '0'))}`);
			return `(?:${alternatives.join('|')})`;
		})
		.join('');
	const bytes = Buffer.from(token, 'utf8');
	const cores = [0, 1, 2].flatMap((offset) => {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		// Only the characters made of the token's bits alone: the same wherever the token sits in a longer text.
		const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
		return [core, core.replace(/\+/g, '-').replace(/\//g, '_')];
	});
	// Base64 is case-sensitive: its cores match exactly. Too short a core would mask innocent text.
	const exact = [...new Set(cores)].filter((core) => core.length >= 8).map(escapeRegex);
	return [perCharacter, ...exact];
}

/** A regex source matching this text in any letter case. */
function anyCase(text: string): string {
	return [...text]
		.map((char) => {
			const lower = char.toLowerCase();
			const upper = char.toUpperCase();
			return lower === upper || lower.length !== 1 || upper.length !== 1 ? escapeRegex(char) : `[${escapeRegex(lower)}${escapeRegex(upper)}]`;
		})
		.join('');
}

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Masks every spelling of the token in one text. */
export function scrub(text: string, token: string): string {
	if (!token || !text) return text;
	return text.replace(matcherFor(token), MASK);
}

/**
 * `scrub` through a parsed answer or a history item: its string values are read as one text in
 * order, so a token split across fields is found too, and each string that holds part of a match
 * has that part masked; keys are scrubbed one by one. Returns the value itself when nothing matched.
 */
export function scrubValue<T>(value: T, token: string): T {
	if (!token || value === null || value === undefined) return value;
	const leaves: string[] = [];
	collect(value, leaves);
	const joined = leaves.join('');
	const masked = new Uint8Array(joined.length);
	let found = false;
	for (const match of joined.matchAll(matcherFor(token))) {
		if (match[0].length === 0) continue;
		masked.fill(1, match.index, match.index + match[0].length);
		found = true;
	}
	if (!found && !keysHold(value, token)) return value;
	const replaced: string[] = [];
	let at = 0;
	for (const leaf of leaves) {
		replaced.push(maskRuns(leaf, masked.subarray(at, at + leaf.length)));
		at += leaf.length;
	}
	return rebuild(value, replaced[Symbol.iterator](), token) as T;
}

function collect(value: unknown, leaves: string[]): void {
	if (typeof value === 'string') leaves.push(value);
	else if (Array.isArray(value)) for (const entry of value) collect(entry, leaves);
	else if (isPlainObject(value)) for (const entry of Object.values(value)) collect(entry, leaves);
}

function keysHold(value: unknown, token: string): boolean {
	if (Array.isArray(value)) return value.some((entry) => keysHold(entry, token));
	if (!isPlainObject(value)) return false;
	return Object.entries(value).some(([key, entry]) => scrub(key, token) !== key || keysHold(entry, token));
}

/** The value again with its strings taken in `collect`'s order from `replaced`. */
function rebuild(value: unknown, replaced: Iterator<string>, token: string): unknown {
	if (typeof value === 'string') return replaced.next().value as string;
	if (Array.isArray(value)) return value.map((entry) => rebuild(entry, replaced, token));
	if (!isPlainObject(value)) return value;
	const out: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) out[scrub(key, token)] = rebuild(entry, replaced, token);
	return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Buffer.isBuffer(value) && !(value instanceof Date);
}

function maskRuns(text: string, marks: Uint8Array): string {
	if (!marks.includes(1)) return text;
	let out = '';
	for (let i = 0; i < text.length; i++) {
		if (marks[i] !== 1) out += text[i];
		else if (i === 0 || marks[i - 1] !== 1) out += MASK;
	}
	return out;
}
