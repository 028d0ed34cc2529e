import { assertTimeZone } from './helpers/date';

export interface TemplateOptions {
	/** Values from the data cannot create Chatwork notation (`[toall]`, `[To:1]`…). Default true. */
	notationSafety?: boolean;
	/** A `{{variable}}` that finds no value throws `MissingVariableError` instead of rendering empty. Default false. */
	strict?: boolean;
	/** IANA time zone for `{{date}}`. Default `Asia/Tokyo`. */
	timeZone?: string;
}

export type TemplateSettings = Required<TemplateOptions>;

export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

export function resolveOptions(options: TemplateOptions = {}): TemplateSettings {
	const timeZone = options.timeZone || DEFAULT_TIME_ZONE;
	assertTimeZone(timeZone);
	return {
		notationSafety: options.notationSafety ?? true,
		strict: options.strict ?? false,
		timeZone,
	};
}
