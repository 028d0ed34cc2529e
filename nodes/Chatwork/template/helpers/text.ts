import type { HelperSpec } from './types';
import { isBlank, joinValues, toJson, toText } from '../values';

/** `{{default company "（未入力）"}}`: the first value that is not empty (missing, blank text, empty list). */
export const defaultHelper: HelperSpec = {
	inline: [2, Infinity],
	usage: '{{default company "（未入力）"}}',
	create: () => (params) => {
		for (const value of params) {
			if (!isBlank(value)) return value;
		}
		return params[params.length - 1];
	},
};

/** `{{truncate memo 100}}` or `{{truncate memo 100 "…（続きあり）"}}`: at most that many characters, then the suffix. */
export const truncateHelper: HelperSpec = {
	inline: [2, 3],
	usage: '{{truncate memo 100}}',
	create: () => (params) => {
		const [value, length, suffix] = params;
		if (value === null || value === undefined) return undefined;
		const text = toText(value);
		// Only a number or digits are a length: Number() of an object without a prototype throws.
		const limit = typeof length === 'number' || typeof length === 'string' ? Number(length) : Number.NaN;
		// A text has at least as many UTF-16 units as characters: only longer ones need counting.
		if (!Number.isInteger(limit) || limit < 0 || text.length <= limit) return text;
		const cut = cutIndex(text, limit);
		if (cut === undefined) return text;
		return text.slice(0, cut) + (suffix === undefined || suffix === null ? '…' : toText(suffix));
	},
};

/** Where to cut to keep `limit` code points, moved back so no character is split; undefined when it all fits. */
function cutIndex(text: string, limit: number): number | undefined {
	let index = 0;
	for (let count = 0; count < limit && index < text.length; count++) index += codePointLength(text, index);
	if (index >= text.length) return undefined;
	while (index > 0 && splitsCharacter(text, index)) index = previousCodePoint(text, index);
	return index;
}

function codePointLength(text: string, index: number): number {
	const code = text.charCodeAt(index);
	return code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
}

function previousCodePoint(text: string, index: number): number {
	const code = text.charCodeAt(index - 1);
	return code >= 0xdc00 && code <= 0xdfff && index >= 2 ? index - 2 : index - 1;
}

/** Code points that only extend the one before: combining marks (゙ ゚, keycaps and variation selectors are marks too), joiners, skin tones, tags. */
const EXTENDS = /(?:\p{M}|\u200D|\p{Emoji_Modifier}|[\u{E0020}-\u{E007F}])/uy;
const REGIONAL_INDICATOR = /\p{Regional_Indicator}/uy;

/** True when cutting before `index` would split what a reader sees as one character (an emoji sequence, a flag…). */
function splitsCharacter(text: string, index: number): boolean {
	EXTENDS.lastIndex = index;
	if (EXTENDS.test(text) || text.charCodeAt(index - 1) === 0x200d) return true;
	REGIONAL_INDICATOR.lastIndex = index;
	if (!REGIONAL_INDICATOR.test(text)) return false;
	// Flags are pairs of regional indicators: cutting after an odd number of them splits a flag.
	let before = 0;
	for (let at = index; at > 0; before++) {
		at = previousCodePoint(text, at);
		REGIONAL_INDICATOR.lastIndex = at;
		if (!REGIONAL_INDICATOR.test(text)) break;
	}
	return before % 2 === 1;
}

/** `{{join interests "、"}}`: a list as one line (", " by default). */
export const joinHelper: HelperSpec = {
	inline: [1, 2],
	usage: '{{join interests "、"}}',
	create: () => (params) => {
		const [value, separator] = params;
		if (value === null || value === undefined) return undefined;
		const glue = separator === undefined || separator === null ? ', ' : toText(separator);
		return Array.isArray(value) ? joinValues(value, glue) : toText(value);
	},
};

/** `{{json params}}` or `{{json params 2}}`: the value as JSON, optionally indented. */
export const jsonHelper: HelperSpec = {
	inline: [1, 2],
	usage: '{{json params 2}}',
	create: () => (params) => {
		const [value, indent] = params;
		if (value === null || value === undefined) return undefined;
		return toJson(value, typeof indent === 'number' || typeof indent === 'string' ? indent : undefined);
	},
};
