import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RenderTemplate } from '../template';
import { compileTemplate, MissingVariableError, TemplateSyntaxError } from '../template';
import { BoundedCache } from '../template/boundedCache';

/** Template options shared by every text from the data that Chatwork shows (message, task, file message, room name and description). */
export const templateOptions: INodeProperties[] = [
	{
		displayName: 'Notation Safety',
		name: 'notationSafety',
		type: 'boolean',
		default: true,
		description: 'Whether values from the data are kept from creating Chatwork notation ([toall], [To:…], [info]…). Turn off only if the data is trusted; {{raw field}} opts out for one value.',
	},
	{
		displayName: 'Strict Variables',
		name: 'strict',
		type: 'boolean',
		default: false,
		description: 'Whether a variable missing from the item sends the item to the Error output (naming the variable) instead of rendering as empty',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTimeZones' },
		default: 'Asia/Tokyo',
		description: 'Time zone of the {{date}} helper (Asia/Tokyo = 日本時間). Choose from the searchable list, or give any IANA name by expression.',
	},
];

/**
 * The Options collection of an operation with a template field: the template options plus the
 * operation's own, in the alphabetical order n8n shows options in.
 */
export function templateOptionsCollection(
	show: Record<string, string[]>,
	own: INodeProperties[] = [],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		description: 'How the template is filled in',
		displayOptions: { show },
		options: [...templateOptions, ...own].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export interface TemplateChoice {
	notationSafety?: boolean;
	strict?: boolean;
	timeZone?: string;
}

export type RenderResult = { text: string; notSent?: undefined } | { text?: undefined; notSent: string };

/**
 * Renders a template field of each item with the shared engine. Each distinct text is compiled
 * once per execution; a syntax error stops the execution (it is the workflow's fault, not the
 * item's); a missing variable under strict mode, or anything else one item's data causes, fails
 * only that item.
 */
export function templateRenderer(ctx: IExecuteFunctions, choice: TemplateChoice, fieldLabel: string) {
	const items = ctx.getInputData();
	const options = {
		notationSafety: choice.notationSafety ?? true,
		strict: choice.strict ?? false,
		timeZone: choice.timeZone || 'Asia/Tokyo',
	};
	// Bounded: an expression can make every item's template text different.
	const compiled = new BoundedCache<string, RenderTemplate>(64);
	const templateFor = (source: string, itemIndex: number): RenderTemplate => {
		let render = compiled.get(source);
		if (!render) {
			try {
				render = compileTemplate(source, options);
			} catch (error) {
				if (error instanceof TemplateSyntaxError) {
					throw new NodeOperationError(ctx.getNode(), error.message, {
						itemIndex,
						description: `Check the braces of the ${fieldLabel} field: every {{#if}} needs its {{/if}}.`,
					});
				}
				throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			}
			compiled.set(source, render);
		}
		return render;
	};
	return (source: string, itemIndex: number): RenderResult => {
		const render = templateFor(source, itemIndex);
		try {
			return { text: render(items[itemIndex].json as IDataObject) };
		} catch (error) {
			if (error instanceof MissingVariableError) return { notSent: error.message };
			return { notSent: `The ${fieldLabel} template could not be filled in with this item's data: ${(error as Error)?.message ?? String(error)}` };
		}
	};
}
