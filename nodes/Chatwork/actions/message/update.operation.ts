import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { messageIdParameter } from '../shared/ids.parameter';
import { readRoom, roomLocator } from '../shared/room.parameter';
import { chatworkTextReader, messageField, readTemplateOptions, templateOptionsCollection } from '../shared/text.parameter';

const show = { resource: ['message'], operation: ['update'] };

const description: INodeProperties[] = [
	{ ...roomLocator, displayOptions: { show } },
	{ ...messageIdParameter.field({ description: 'ID of a message this account posted' }), displayOptions: { show } },
	messageField(show, {
		description: 'New text of the message, a template like Send\'s: {{company}}, {{name}}… insert fields of the incoming item',
		hint: 'Values from the data cannot create Chatwork notation such as [toall]; notation you write here works.',
	}),
	templateOptionsCollection(show),
];

function prepare(this: IExecuteFunctions) {
	const readText = chatworkTextReader(this, readTemplateOptions(this), { parameter: 'text', label: 'Message', noun: 'message' });
	return (itemIndex: number): ItemPlan => {
		const room = readRoom(this, itemIndex);
		const fields = {
			roomId: 'roomId' in room ? room.roomId : null,
			messageId: null as string | null,
			message: null as string | null,
			emptyVariables: [] as string[],
		};
		if ('notSent' in room) return { notSent: room.notSent, fields };
		const messageId = messageIdParameter.read(this, itemIndex);
		if ('notSent' in messageId) return { notSent: messageId.notSent, fields };
		fields.messageId = messageId.id;
		const text = readText(itemIndex);
		fields.emptyVariables = text.emptyVariables;
		fields.message = text.text ?? null;
		if (text.notSent !== undefined) return { notSent: text.notSent, fields };
		return requestPlan(
			{ method: 'PUT', path: `/rooms/${room.roomId}/messages/${messageId.id}`, form: { body: text.text } },
			fields,
		);
	};
}

export const update: ChatworkOperation = { description, prepare };
