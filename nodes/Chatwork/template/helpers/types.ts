/** What a helper needs from the template's options. */
export interface HelperContext {
	/** Marks text from the data for the notation guard (identity when notation safety is off). */
	data: (text: string) => string;
	/** Default time zone of `{{date}}`. */
	timeZone: string;
}

/** What Handlebars passes a helper after its values; `fn` only when it is used as a block. */
export interface HelperCallOptions {
	hash: Record<string, unknown>;
	fn?: (context: unknown) => string;
	/** Handlebars' property read, which refuses inherited properties. */
	lookupProperty?: (object: unknown, key: string | number) => unknown;
}

/** A helper body: its positional values, the call options, and the current context (`this`). */
export type HelperBody = (params: unknown[], options: HelperCallOptions, context: unknown) => unknown;

/** How a helper may be written; checked when the template is compiled so mistakes surface early. */
export interface HelperSpec {
	/** Allowed number of values when used as `{{name …}}` or `(name …)`; absent: not allowed inline. */
	inline?: readonly [min: number, max: number];
	/** Allowed number of values when used as `{{#name …}}…{{/name}}`; absent: not a block helper. */
	block?: readonly [min: number, max: number];
	/** Allowed `key=value` options. */
	hash?: readonly string[];
	/** How to write it, shown in error messages. */
	usage: string;
	create(context: HelperContext): HelperBody;
}
