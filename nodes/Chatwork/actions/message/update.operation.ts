import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MAX_MESSAGE_LENGTH } from '../../transport/limits';
import { readRoom, roomLocator } from '../common.description';
import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import type { TemplateChoice } from '../templateText';
import { templateRenderer, templateOptionsCollection } from '../templateText';
import { messageIdField, readMessageId } from './messageId';

const show = { resource: ['message'], operation: ['update'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	messageIdField(show, { description: 'ID of a message this account posted' }),
	{
		displayName: 'Message',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		description:
			'New text of the message, a template like Send\'s: {{company}}, {{name}}… insert fields of the incoming item',
		hint: 'Values from the data cannot create Chatwork notation such as [toall]; notation you write here works.',
		displayOptions: { show },
	},
	templateOptionsCollection(show),
];

function prepare(this: IExecuteFunctions) {
	const renderText = templateRenderer(this, this.getNodeParameter('options', 0, {}) as TemplateChoice, 'text', 'Message');
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = {
			roomId: 'roomId' in room ? room.roomId : null,
			messageId: null as string | null,
			message: null as string | null,
			emptyVariables: [] as string[],
		};
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const messageId = readMessageId(this, itemIndex);
		if (messageId.notSent !== undefined) return { notSent: messageId.notSent, fields };
		fields.messageId = messageId.id;
		const rendered = renderText(itemIndex);
		fields.emptyVariables = rendered.emptyVariables;
		if (rendered.notSent !== undefined) return { notSent: rendered.notSent, fields };
		const message = rendered.text;
		fields.message = message;
		if (message.trim() === '') {
			return { notSent: 'The message is empty after filling in the template; Chatwork needs at least one character.', fields };
		}
		if (message.length > MAX_MESSAGE_LENGTH) {
			return {
				notSent: `The message has ${message.length.toLocaleString('en-US')} characters; Chatwork accepts at most ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')}.`,
				fields,
			};
		}
		return requestPlan(
			{ method: 'PUT', path: `/rooms/${room.roomId}/messages/${messageId.id}`, form: { body: message } },
			fields,
		);
	};
}

export const update: ChatworkOperation = { description, prepare };
