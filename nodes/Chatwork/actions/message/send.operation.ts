import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { DeliveryJob } from '../../transport/delivery';
import { MAX_MESSAGE_LENGTH } from '../../transport/limits';
import { parseRoomId, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import type { TemplateChoice } from '../templateText';
import { templateRenderer, templateOptionsCollection } from '../templateText';
import { splitMessage } from './splitMessage';

const show = { resource: ['message'], operation: ['send'] };

const SEED_EXAMPLE =
	'●●セミナーのお申込みフォームから{{company}}の {{name}}様の登録がありました。SATORIのカスタマー詳細ページは{{customer_detail_url}}です。';

/** Self Unread of an operation that posts a message (Send, Resend). */
export function selfUnreadField(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Self Unread',
		name: 'selfUnread',
		type: 'boolean',
		default: false,
		description: 'Whether the message stays unread for the account that posts it (self_unread=1)',
		displayOptions: { show },
	};
}

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	{
		displayName: 'Message',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: `e.g. ${SEED_EXAMPLE}`,
		description:
			'Text of the message. Write {{company}}, {{name}}, {{customer_detail_url}} (or SATORI\'s {{params:company}}) to insert fields of the incoming item. Helpers: {{cw_toall}}, {{cw_to 123}}, {{#cw_info title="…"}}…{{/cw_info}}, {{default x "…"}}, {{date submittedAt "YYYY-MM-DD HH:mm"}}.',
		hint: 'Values from the data cannot create Chatwork notation such as [toall]; notation you write here works. Dragging an input field in gives {{ $json.field }}, which the node fills in like {{field}}.',
		displayOptions: { show },
	},
	selfUnreadField(show),
	templateOptionsCollection(show, [
		{
			displayName: 'Split Long Messages',
			name: 'splitLongMessages',
			type: 'boolean',
			default: false,
			description: 'Whether a message longer than Chatwork\'s 65,535 characters is sent as several messages instead of going to the Error output',
		},
	]),
];

function prepare(this: IExecuteFunctions) {
	const options = this.getNodeParameter('options', 0, {}) as TemplateChoice & { splitLongMessages?: boolean };
	const renderText = templateRenderer(this, options, 'text', 'Message');

	return (itemIndex: number): ItemPlan => {
		const roomParameter = this.getNodeParameter('roomId', itemIndex, undefined, { extractValue: true });
		const roomId = parseRoomId(roomParameter);
		const fields = { roomId: roomId ?? null, messageId: null, message: null as string | null, emptyVariables: [] as string[] };
		if (roomId === undefined) {
			return {
				notSent: `"${String(roomParameter ?? '')}" is not a Chatwork room ID. Use the number in the room's address (…#!rid123456789).`,
				fields,
			};
		}
		const rendered = renderText(itemIndex);
		fields.emptyVariables = rendered.emptyVariables;
		if (rendered.notSent !== undefined) return { notSent: rendered.notSent, fields };
		const message = rendered.text;
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
		const selfUnread = this.getNodeParameter('selfUnread', itemIndex, false) as boolean;
		return { fields, job: postMessageJob(roomId, parts, selfUnread) };
	};
}

/** Posting a message (its parts in order) in the room's lane: Send and Resend share it. */
export function postMessageJob(roomId: number, parts: string[], selfUnread: boolean): DeliveryJob {
	const path = `/rooms/${roomId}/messages`;
	return {
		lane: `room:${roomId}`,
		requests: parts.map((body) => ({
			method: 'POST' as const,
			path,
			form: { body, self_unread: selfUnread ? 1 : 0 },
			postsToRoom: roomId,
		})),
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
