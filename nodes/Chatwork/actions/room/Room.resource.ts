import type { INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation } from '../operation';
import { create } from './create.operation';
import { createLink } from './createLink.operation';
import { deleteLink } from './deleteLink.operation';
import { get } from './get.operation';
import { getLink } from './getLink.operation';
import { getMany } from './getMany.operation';
import { getMembers } from './getMembers.operation';
import { leaveOrDelete } from './leaveOrDelete.operation';
import { update } from './update.operation';
import { updateLink } from './updateLink.operation';
import { updateMembers } from './updateMembers.operation';

export const operations: Record<string, ChatworkOperation> = {
	create,
	get,
	getMany,
	update,
	leaveOrDelete,
	getMembers,
	updateMembers,
	getLink,
	createLink,
	updateLink,
	deleteLink,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['room'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a room', description: 'Create a group chat, e.g. one per big deal' },
			{ name: 'Create Link', value: 'createLink', action: 'Create an invitation link', description: 'Create the invitation link of a room' },
			{ name: 'Delete Link', value: 'deleteLink', action: 'Delete the invitation link', description: 'Delete the invitation link of a room' },
			{ name: 'Get', value: 'get', action: 'Get a room', description: 'Get the details of a room' },
			{ name: 'Get Link', value: 'getLink', action: 'Get the invitation link', description: 'Get the invitation link of a room' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many rooms', description: 'Get the rooms of the account, one item per room' },
			{ name: 'Get Members', value: 'getMembers', action: 'Get the members of a room', description: 'One item per member' },
			{ name: 'Leave or Delete', value: 'leaveOrDelete', action: 'Leave or delete a room', description: 'Leave a room, or delete it for everyone' },
			{ name: 'Update', value: 'update', action: 'Update a room', description: 'Change the name, description or icon of a room' },
			{ name: 'Update Link', value: 'updateLink', action: 'Update the invitation link', description: 'Change the invitation link of a room' },
			{ name: 'Update Members', value: 'updateMembers', action: 'Update the members of a room', description: 'Replace the admins, members and read-only members' },
		],
		default: 'get',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
