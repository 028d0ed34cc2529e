import { dateHelper } from './date';
import { lookupHelper } from './lookup';
import {
	cwCodeHelper,
	cwHrHelper,
	cwInfoHelper,
	cwPiconHelper,
	cwPiconnameHelper,
	cwPnameHelper,
	cwRpHelper,
	cwToallHelper,
	cwToHelper,
	rawHelper,
} from './notation';
import { defaultHelper, joinHelper, jsonHelper, truncateHelper } from './text';
import type { HelperBody, HelperCallOptions, HelperContext, HelperSpec } from './types';

export type { HelperContext, HelperSpec } from './types';

/** The helpers this package adds to Handlebars. */
export const HELPERS: Readonly<Record<string, HelperSpec>> = {
	default: defaultHelper,
	date: dateHelper,
	truncate: truncateHelper,
	join: joinHelper,
	json: jsonHelper,
	lookup: lookupHelper,
	raw: rawHelper,
	cw_to: cwToHelper,
	cw_toall: cwToallHelper,
	cw_rp: cwRpHelper,
	cw_info: cwInfoHelper,
	cw_code: cwCodeHelper,
	cw_hr: cwHrHelper,
	cw_picon: cwPiconHelper,
	cw_pname: cwPnameHelper,
	cw_piconname: cwPiconnameHelper,
};

/** Handlebars' own helpers that templates may use (`log` is left out: templates do not write to n8n's log). */
export const BUILTIN_HELPERS: Readonly<Record<string, Omit<HelperSpec, 'create'>>> = {
	if: { block: [1, 1], hash: ['includeZero'], usage: '{{#if company}}…{{else}}…{{/if}}' },
	unless: { block: [1, 1], hash: ['includeZero'], usage: '{{#unless company}}…{{/unless}}' },
	each: { block: [1, 1], usage: '{{#each interests}}{{this}}{{/each}}' },
	with: { block: [1, 1], usage: '{{#with params}}{{company}}{{/with}}' },
};

export function helperSpec(name: string): Omit<HelperSpec, 'create'> | undefined {
	if (Object.prototype.hasOwnProperty.call(HELPERS, name)) return HELPERS[name];
	if (Object.prototype.hasOwnProperty.call(BUILTIN_HELPERS, name)) return BUILTIN_HELPERS[name];
	return undefined;
}

/**
 * A bare `{{name}}` is a helper call only for the cw_* helpers; `{{date}}`, `{{default}}`, `{{json}}`…
 * without values read the data field of that name, since forms have fields called "date".
 */
export function isCalledBare(name: string): boolean {
	return name.startsWith('cw_') && Object.prototype.hasOwnProperty.call(HELPERS, name);
}

/** Our helpers, named, in the calling convention Handlebars uses: values…, options; `this` is the context. */
export function createHelpers(names: Iterable<string>, context: HelperContext): Record<string, (...args: unknown[]) => unknown> {
	const helpers: Record<string, (...args: unknown[]) => unknown> = {};
	for (const name of names) {
		if (Object.prototype.hasOwnProperty.call(HELPERS, name)) helpers[name] = adapt(HELPERS[name].create(context));
	}
	return helpers;
}

function adapt(body: HelperBody): (...args: unknown[]) => unknown {
	return function (this: unknown, ...args: unknown[]) {
		const options = args.pop() as HelperCallOptions;
		return body(args, options, this);
	};
}
