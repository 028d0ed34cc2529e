import type { HelperSpec } from './types';

/**
 * `{{lookup params "company"}}`: Handlebars' own lookup (same prototype rules), for a key that is
 * text or a number; any other key from the data finds nothing instead of throwing.
 */
export const lookupHelper: HelperSpec = {
	inline: [2, 2],
	usage: '{{lookup params "company"}}',
	create: () => (params, options) => {
		const [object, key] = params;
		if (!object || (typeof key !== 'string' && typeof key !== 'number')) return undefined;
		return options.lookupProperty?.(object, key);
	},
};
