import type { IDataObject } from 'n8n-workflow';

import { compileProgram, RUNTIME_OPTIONS } from './environment';
import { createHelpers } from './helpers';
import { guardNotation, markData, withoutMarkers } from './notation';
import { resolveOptions, type TemplateOptions } from './options';
import { createOutputHelper, guardOutputs, OUTPUT_HELPER } from './outputGuard';
import { parseTemplate } from './parse';
import { locator } from './position';
import { readSatoriVariables } from './satoriVariables';
import { validateTemplate } from './validate';

export { MissingVariableError, TemplateSyntaxError } from './errors';
export { inertNotation } from './notation';
export type { TemplateOptions } from './options';

/** What one render noticed besides its text. */
export interface RenderReport {
	/** Variables whose `{{…}}` wrote nothing (missing, null or empty), each once, in template order. */
	emptyVariables: string[];
}

/** Renders one message from one item's data; pass a report to learn which variables came out empty. */
export type RenderTemplate = (data: IDataObject, report?: RenderReport) => string;

/**
 * Compiles a message template once; the returned function renders it for any number of items.
 * Handlebars syntax plus SATORI's `{{params:x}}` / `{{custom:x}}`, lead helpers (default, date,
 * truncate, join, json) and Chatwork notation helpers (cw_to, cw_toall, cw_info, cw_code, cw_hr, cw_rp…).
 *
 * @throws TemplateSyntaxError when the template cannot be read (with its line and column)
 * @throws RangeError when `timeZone` is not a time zone
 */
export function compileTemplate(source: string, options?: TemplateOptions): RenderTemplate {
	const settings = resolveOptions(options);
	const typed = typeof source === 'string' ? source : String(source ?? '');
	const text = settings.notationSafety ? withoutMarkers(typed) : typed;
	const locate = locator(text);
	const program = parseTemplate(text);
	readSatoriVariables(program);
	const used = validateTemplate(program, locate);
	const slots = guardOutputs(program, locate);
	const helpers = {
		...createHelpers(used, {
			data: settings.notationSafety ? markData : (value) => value,
			timeZone: settings.timeZone,
		}),
		[OUTPUT_HELPER]: createOutputHelper(slots, settings, (variable) => {
			if (report && !report.emptyVariables.includes(variable)) report.emptyVariables.push(variable);
		}),
	};
	const template = compileProgram(program, helpers, used);
	const render = settings.notationSafety
		? (data: IDataObject) => guardNotation(template(data ?? {}, RUNTIME_OPTIONS))
		: (data: IDataObject) => template(data ?? {}, RUNTIME_OPTIONS);
	// Rendering is synchronous, so the report of the render in progress can live here.
	let report: RenderReport | undefined;
	return (data, wanted) => {
		report = wanted;
		try {
			return render(data);
		} finally {
			report = undefined;
		}
	};
}
