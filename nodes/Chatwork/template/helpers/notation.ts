import type { HelperSpec } from './types';
import { TrustedText } from '../trusted';
import { withoutMarkers } from '../notation';
import { toText } from '../values';

// Helpers that write Chatwork notation on purpose. Their output is trusted; any data they are given
// (a name, a title, a text) is still marked as data for the notation guard, and ids must be plain
// numbers so data cannot smuggle a tag in through them.

const ID = /^\d{1,20}$/;

/** An account, room or message id as text, or undefined when it is not a plain number. */
function idOf(value: unknown): string | undefined {
	const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
	return ID.test(text) ? text : undefined;
}

function optionalText(value: unknown): string {
	return value === null || value === undefined ? '' : toText(value);
}

/** `{{cw_to 123}}` → `[To:123]`; `{{cw_to 123 "山田様"}}` → `[To:123]山田様`. */
export const cwToHelper: HelperSpec = {
	inline: [1, 2],
	usage: '{{cw_to 123 "山田様"}}',
	create: ({ data }) => (params) => {
		const id = idOf(params[0]);
		if (id === undefined) return undefined;
		return new TrustedText(`[To:${id}]${data(optionalText(params[1]))}`);
	},
};

/** `{{cw_rp 123 456 "7890"}}` → `[rp aid=123 to=456-7890]`, optionally followed by a name. */
export const cwRpHelper: HelperSpec = {
	inline: [3, 4],
	usage: '{{cw_rp accountId roomId messageId}}',
	create: ({ data }) => (params) => {
		const [account, room, message] = params.slice(0, 3).map(idOf);
		if (account === undefined || room === undefined || message === undefined) return undefined;
		return new TrustedText(`[rp aid=${account} to=${room}-${message}]${data(optionalText(params[3]))}`);
	},
};

function constant(tag: string): HelperSpec {
	return { inline: [0, 0], usage: `{{cw_${tag}}}`, create: () => () => new TrustedText(`[${tag}]`) };
}

/** `{{cw_toall}}` → `[toall]`. */
export const cwToallHelper = constant('toall');
/** `{{cw_hr}}` → `[hr]`. */
export const cwHrHelper = constant('hr');

function accountTag(tag: string): HelperSpec {
	return {
		inline: [1, 1],
		usage: `{{cw_${tag} 123}}`,
		create: () => (params) => {
			const id = idOf(params[0]);
			return id === undefined ? undefined : new TrustedText(`[${tag}:${id}]`);
		},
	};
}

/** `{{cw_picon 123}}` → `[picon:123]` (icon), likewise `pname` (name) and `piconname` (both). */
export const cwPiconHelper = accountTag('picon');
export const cwPnameHelper = accountTag('pname');
export const cwPiconnameHelper = accountTag('piconname');

/**
 * `{{#cw_info title="新しいリード"}}…{{/cw_info}}` → `[info][title]新しいリード[/title]…[/info]`;
 * inline: `{{cw_info memo title="メモ"}}`.
 */
export const cwInfoHelper: HelperSpec = {
	inline: [0, 1],
	block: [0, 0],
	hash: ['title'],
	usage: '{{#cw_info title="新しいリード"}}…{{/cw_info}}',
	create: ({ data }) => (params, options, context) => {
		const body = options.fn ? options.fn(context) : data(optionalText(params[0]));
		const title = optionalText(options.hash.title);
		const heading = title === '' ? '' : `[title]${data(title)}[/title]`;
		return new TrustedText(`[info]${heading}${body}[/info]`);
	},
};

/** `{{#cw_code}}…{{/cw_code}}` or `{{cw_code memo}}` → `[code]…[/code]`. */
export const cwCodeHelper: HelperSpec = {
	inline: [1, 1],
	block: [0, 0],
	usage: '{{#cw_code}}…{{/cw_code}}',
	create: ({ data }) => (params, options, context) => {
		const body = options.fn ? options.fn(context) : data(optionalText(params[0]));
		return new TrustedText(`[code]${body}[/code]`);
	},
};

/**
 * `{{raw field}}`: the data value exactly as it is, notation included (the template author's
 * opt-out, per value). As a raw block, `{{{{raw}}}}{{not a variable}}{{{{/raw}}}}`, it writes the
 * enclosed template text literally.
 */
export const rawHelper: HelperSpec = {
	inline: [1, 1],
	block: [0, 0],
	usage: '{{raw field}}',
	create: () => (params, options, context) => {
		if (options.fn) return new TrustedText(options.fn(context));
		const value = params[0];
		return value === null || value === undefined ? undefined : new TrustedText(withoutMarkers(toText(value)));
	},
};
