import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RenderTemplate, TemplateOptions } from '../../template';
import { compileTemplate, MissingVariableError, TemplateSyntaxError } from '../../template';

/** One item's rendered text, or why it could not be rendered; the variables that came out empty either way. */
export type RenderResult =
	| { text: string; emptyVariables: string[]; notSent?: undefined }
	| { text?: undefined; emptyVariables: string[]; notSent: string };

/** Where the values of n8n expressions sit in the data a template is rendered with. */
const N8N_VALUES = '$n8n';

/** A `{{ … }}` whose content starts with `$` is an n8n expression (JavaScript); every other is ours. */
const N8N_SEGMENT = /\{\{(?!\{)\s*(\$[\s\S]*?)\s*\}\}/g;

/** `$json.company`, `$json.params['会社名']`: what dragging an input field in produces. */
const JSON_PATH = /^\$json((?:\s*\.\s*[A-Za-z_][\w]*|\s*\[\s*(?:'[^'\]]*'|"[^"\]]*"|\d+)\s*\])+)$/;
const PATH_PART = /\.\s*([A-Za-z_]\w*)|\[\s*(?:'([^']*)'|"([^"]*)"|(\d+))\s*\]/g;

/** A template field split into what our engine renders and what n8n evaluates. */
export interface TemplateSource {
	/** The template our engine compiles. */
	template: string;
	/** n8n expressions (`={{ … }}`) whose values the template reads from `$n8n.[i]`. */
	expressions: string[];
}

/**
 * A template field as the user wrote it, whatever mode n8n's editor put it in. n8n never evaluates
 * it (it would read `{{company}}` as JavaScript and blank it); instead each `{{ $json.field }}`
 * becomes the template variable `{{field}}` and every other `{{ $… }}` is left for n8n to evaluate
 * per item, so pasted, typed and dragged text all mean the same in Fixed and Expression mode.
 */
export function readTemplateSource(raw: unknown): TemplateSource {
	const text = typeof raw === 'string' ? raw : String(raw ?? '');
	const expressions: string[] = [];
	const template = (text.startsWith('=') ? text.slice(1) : text).replace(N8N_SEGMENT, (segment, content: string) => {
		const path = JSON_PATH.exec(content);
		const variable = path ? handlebarsPath(path[1]) : undefined;
		if (variable !== undefined) return `{{${variable}}}`;
		expressions.push(content);
		return `{{${N8N_VALUES}.[${expressions.length - 1}]}}`;
	});
	return { template, expressions };
}

/** `.params['会社名']` → `params.[会社名]`; undefined when a key cannot be a Handlebars segment. */
function handlebarsPath(path: string): string | undefined {
	const parts: string[] = [];
	for (const match of path.matchAll(PATH_PART)) {
		const key = match[1] ?? match[2] ?? match[3] ?? match[4];
		if (/^[A-Za-z_]\w*$/.test(key)) parts.push(key);
		else if (key !== '' && !/[\]\s]/.test(key)) parts.push(`[${key}]`);
		else return undefined;
	}
	return parts.join('.');
}

/** How an n8n expression's value reads when it sits inside text, as in n8n's own fields. */
function n8nValueAsData(value: unknown): unknown {
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return (value as { toISO(): string }).toISO();
	}
	return value;
}

/**
 * Renders a template parameter of each item with the shared engine. The text is compiled once per
 * execution; a syntax error stops the execution (it is the workflow's fault, not the item's), a
 * missing variable under strict mode or a failing n8n expression fails only the item.
 */
export function templateRenderer(ctx: IExecuteFunctions, options: TemplateOptions, parameterName: string, fieldLabel: string) {
	const items = ctx.getInputData();
	const source = readTemplateSource(
		parameterName.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], ctx.getNode().parameters),
	);
	let render: RenderTemplate;
	try {
		render = compileTemplate(source.template, options);
	} catch (error) {
		if (error instanceof TemplateSyntaxError) {
			throw new NodeOperationError(ctx.getNode(), error.message, {
				description: `Check the braces of the ${fieldLabel} field: every {{#if}} needs its {{/if}}. Template variables are written {{company}}; n8n expressions start with $, e.g. {{ $now.toFormat('yyyy-MM-dd') }}.`,
			});
		}
		throw new NodeOperationError(ctx.getNode(), error as Error);
	}
	const named = (variable: string): string => {
		const slot = /^\$n8n\.\[?(\d+)\]?$/.exec(variable);
		return slot ? `{{ ${source.expressions[Number(slot[1])]} }}` : variable;
	};
	return (itemIndex: number): RenderResult => {
		const report = { emptyVariables: [] as string[] };
		let data = items[itemIndex].json as IDataObject;
		if (source.expressions.length > 0) {
			const values: unknown[] = [];
			for (const expression of source.expressions) {
				try {
					// n8n's evaluateExpression() puts the leading = of Expression mode in front itself.
					values.push(n8nValueAsData(ctx.evaluateExpression(`{{ ${expression} }}`, itemIndex)));
				} catch (error) {
					return { notSent: `The n8n expression {{ ${expression} }} in the ${fieldLabel} failed: ${(error as Error).message}`, emptyVariables: [] };
				}
			}
			data = { ...data, [N8N_VALUES]: values as IDataObject[] };
		}
		try {
			const text = render(data, report);
			return { text, emptyVariables: report.emptyVariables.map(named) };
		} catch (error) {
			if (error instanceof MissingVariableError) {
				const variable = named(error.variable);
				const notSent =
					variable === error.variable
						? error.message
						: `The n8n expression ${variable} in the ${fieldLabel} has no value; Strict Variables needs every value filled in.`;
				return { notSent, emptyVariables: [variable] };
			}
			return {
				notSent: `The ${fieldLabel} template could not be filled in with this item's data: ${(error as Error)?.message ?? String(error)}`,
				emptyVariables: report.emptyVariables.map(named),
			};
		}
	};
}
