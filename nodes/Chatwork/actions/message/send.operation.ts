import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RenderTemplate } from '../../template';
import { compileTemplate, MissingVariableError, TemplateSyntaxError } from '../../template';
import { MAX_MESSAGE_LENGTH } from '../../transport/limits';
import { parseRoomId, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { splitMessage } from './splitMessage';

const show = { resource: ['message'], operation: ['send'] };

const SEED_EXAMPLE =
	'●●セミナーのお申込みフォームから{{company}}の {{name}}様の登録がありました。SATORIのカスタマー詳細ページは{{customer_detail_url}}です。';

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	{
		displayName: 'Message',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: SEED_EXAMPLE,
		description:
			'Text of the message. Write {{company}}, {{name}}, {{customer_detail_url}} (or SATORI\'s {{params:company}}) to insert fields of the incoming item. Helpers: {{cw_toall}}, {{cw_to 123}}, {{#cw_info title="…"}}…{{/cw_info}}, {{default x "…"}}, {{date submittedAt "YYYY-MM-DD HH:mm"}}.',
		hint: 'Values from the form cannot create Chatwork notation such as [toall]; notation you write here works.',
		displayOptions: { show },
	},
	{
		displayName: 'Self Unread',
		name: 'selfUnread',
		type: 'boolean',
		default: false,
		description: 'Whether the message stays unread for the account that posts it (self_unread=1)',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Notation Safety',
				name: 'notationSafety',
				type: 'boolean',
				default: true,
				description: 'Whether values from the data are kept from creating Chatwork notation ([toall], [To:…], [info]…). Turn off only if the data is trusted; {{raw field}} opts out for one value.',
			},
			{
				displayName: 'Split Long Messages',
				name: 'splitLongMessages',
				type: 'boolean',
				default: false,
				description: 'Whether a message longer than Chatwork\'s 65,535 characters is sent as several messages instead of going to the Error output',
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
				type: 'string',
				default: 'Asia/Tokyo',
				description: 'Time zone of the {{date}} helper',
			},
		],
	},
];

function prepare(this: IExecuteFunctions) {
	const items = this.getInputData();
	const options = this.getNodeParameter('options', 0, {}) as {
		notationSafety?: boolean;
		splitLongMessages?: boolean;
		strict?: boolean;
		timeZone?: string;
	};
	const templateOptions = {
		notationSafety: options.notationSafety ?? true,
		strict: options.strict ?? false,
		timeZone: options.timeZone || 'Asia/Tokyo',
	};
	// The text is usually the same for every item: compile each distinct text once per execution.
	const compiled = new Map<string, RenderTemplate>();
	const templateFor = (source: string, itemIndex: number): RenderTemplate => {
		let render = compiled.get(source);
		if (!render) {
			try {
				render = compileTemplate(source, templateOptions);
			} catch (error) {
				if (error instanceof TemplateSyntaxError) {
					throw new NodeOperationError(this.getNode(), error.message, {
						itemIndex,
						description: 'Check the braces of the Message field: every {{#if}} needs its {{/if}}.',
					});
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			compiled.set(source, render);
		}
		return render;
	};

	return (itemIndex: number): ItemPlan => {
		const roomParameter = this.getNodeParameter('roomId', itemIndex, undefined, { extractValue: true });
		const roomId = parseRoomId(roomParameter);
		const fields = { roomId: roomId ?? null, messageId: null, message: null as string | null };
		if (roomId === undefined) {
			return {
				notSent: `"${String(roomParameter ?? '')}" is not a Chatwork room ID. Use the number in the room's address (…#!rid123456789).`,
				fields,
			};
		}
		const render = templateFor(this.getNodeParameter('text', itemIndex) as string, itemIndex);
		let message: string;
		try {
			message = render(items[itemIndex].json as IDataObject);
		} catch (error) {
			if (error instanceof MissingVariableError) return { notSent: error.message, fields };
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
		fields.message = message;
		if (message.trim() === '') {
			return { notSent: 'The message is empty after filling in the template; Chatwork needs at least one character.', fields };
		}
		let parts = [message];
		if (message.length > MAX_MESSAGE_LENGTH) {
			if (!options.splitLongMessages) {
				return {
					notSent: `The message has ${message.length.toLocaleString('en-US')} characters; Chatwork accepts at most ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')}. Shorten the template (e.g. {{truncate memo 1000}}) or turn on Split Long Messages.`,
					fields,
				};
			}
			parts = splitMessage(message, MAX_MESSAGE_LENGTH);
		}
		const selfUnread = this.getNodeParameter('selfUnread', itemIndex, false) ? 1 : 0;
		const path = `/rooms/${roomId}/messages`;
		return {
			fields,
			job: {
				lane: `room:${roomId}`,
				requests: parts.map((body) => ({
					method: 'POST' as const,
					path,
					form: { body, self_unread: selfUnread },
					postsToRoom: roomId,
				})),
			},
		};
	};
}

export const send: ChatworkOperation = {
	description,
	prepare,
	fieldsFromOutcome(outcome) {
		const ids = outcome.responses
			.filter((response) => response.statusCode < 300)
			.map((response) => String((response.body as { message_id?: unknown } | null)?.message_id ?? ''))
			.filter(Boolean);
		return ids.length > 1 ? { messageId: ids[0], messageIds: ids } : { messageId: ids[0] ?? null };
	},
};
