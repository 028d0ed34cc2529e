import type { INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation } from '../operation';
import { deleteMessage } from './delete.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { markRead } from './markRead.operation';
import { markUnread } from './markUnread.operation';
import { resend } from './resend.operation';
import { send } from './send.operation';
import { update } from './update.operation';

export const operations: Record<string, ChatworkOperation> = {
	send,
	get,
	getMany,
	update,
	delete: deleteMessage,
	markRead,
	markUnread,
	resend,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ name: 'Delete', value: 'delete', action: 'Delete a message', description: 'Delete a message this account posted' },
			{ name: 'Get', value: 'get', action: 'Get a message', description: 'Get one message of a room' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many messages',
				description: 'Get the latest messages of a room (up to 100), one item per message',
			},
			{ name: 'Mark as Read', value: 'markRead', action: 'Mark messages as read', description: 'Mark the messages of a room as read' },
			{
				name: 'Mark as Unread',
				value: 'markUnread',
				action: 'Mark messages as unread',
				description: 'Mark a message and the later ones as unread',
			},
			{
				name: 'Resend',
				value: 'resend',
				action: 'Resend failed messages',
				description: 'Post failed history items again, exactly as rendered, at most once per history item',
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send a message',
				description: 'Post a message to a room, filled in from the incoming item',
			},
			{ name: 'Update', value: 'update', action: 'Update a message', description: 'Change the text of a message this account posted' },
		],
		default: 'send',
	},
	...send.description,
	...get.description,
	...getMany.description,
	...update.description,
	...deleteMessage.description,
	...markRead.description,
	...markUnread.description,
	...resend.description,
];
