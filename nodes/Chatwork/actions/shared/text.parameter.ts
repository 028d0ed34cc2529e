import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { TemplateOptions } from '../../template';
import { DEFAULT_TIME_ZONE } from '../../template/options';
import { MAX_MESSAGE_LENGTH } from '../../transport/limits';
import { templateRenderer } from './templateRenderer';

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
		displayName: 'Time Zone Name or ID',
		name: 'timeZone',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTimeZones' },
		default: 'Asia/Tokyo',
		description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: `The time zone of the {{date}} helper (${DEFAULT_TIME_ZONE} = 日本時間); an expression may give any IANA name`,
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

/** The template options an operation's Options collection holds (read once per execution). */
export function readTemplateOptions<Own extends object = object>(ctx: IExecuteFunctions): TemplateOptions & Partial<Own> {
	return ctx.getNodeParameter('options', 0, {}) as TemplateOptions & Partial<Own>;
}

/** The Message template of Send and Update (parameter `text`). */
export function messageField(
	show: Record<string, string[]>,
	texts: { placeholder?: string; description: string; hint: string },
): INodeProperties {
	return {
		displayName: 'Message',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		...(texts.placeholder === undefined ? {} : { placeholder: texts.placeholder }),
		description: texts.description,
		hint: texts.hint,
		displayOptions: { show },
	};
}

/** A Chatwork text of one item: rendered (even when refused, to show in the history item) and why it cannot be sent, if so. */
export type ChatworkText =
	| { text: string; emptyVariables: string[]; notSent?: undefined }
	| { text?: string; emptyVariables: string[]; notSent: string };

/**
 * Reads a template parameter that becomes a Chatwork text (a message, a task): rendered, then
 * checked with one wording: not empty, at most 65,535 characters. `splitLongMessages` is Send's option
 * of that name: on, a longer text passes (Send splits it); off, the refusal names the option.
 */
export function chatworkTextReader(
	ctx: IExecuteFunctions,
	options: TemplateOptions,
	field: { parameter: string; label: string; noun: string; splitLongMessages?: boolean },
): (itemIndex: number) => ChatworkText {
	const render = templateRenderer(ctx, options, field.parameter, field.label);
	return (itemIndex) => {
		const rendered = render(itemIndex);
		if (rendered.notSent !== undefined) return rendered;
		const { text, emptyVariables } = rendered;
		if (text.trim() === '') {
			return { text, emptyVariables, notSent: `The ${field.noun} is empty after filling in the template; Chatwork needs at least one character.` };
		}
		if (text.length > MAX_MESSAGE_LENGTH && !field.splitLongMessages) {
			const remedy = field.splitLongMessages === undefined ? '' : ' or turn on Split Long Messages';
			return {
				text,
				emptyVariables,
				notSent: `The ${field.noun} has ${text.length.toLocaleString('en-US')} characters; Chatwork accepts at most ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')}. Shorten the template (e.g. {{truncate memo 1000}})${remedy}.`,
			};
		}
		return { text, emptyVariables };
	};
}
