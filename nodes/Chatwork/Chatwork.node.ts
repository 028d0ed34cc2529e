import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { deliveryOptions } from './actions/shared/delivery.parameter';
import { includeInputFields } from './actions/shared/inputFields.parameter';
import * as contact from './actions/contact/Contact.resource';
import * as file from './actions/file/File.resource';
import * as incomingRequest from './actions/incomingRequest/IncomingRequest.resource';
import * as me from './actions/me/Me.resource';
import * as message from './actions/message/Message.resource';
import * as room from './actions/room/Room.resource';
import * as task from './actions/task/Task.resource';
import { router } from './actions/router';
import { searchRooms } from './methods/listSearch';
import { getContacts, getRoomMembers, getTimeZones } from './methods/loadOptions';

export class Chatwork implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwork',
		name: 'chatwork',
		icon: { light: 'file:chatwork.svg', dark: 'file:chatwork.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Post form leads and more to Chatwork, paced within its rate limits, with Success and Error history outputs',
		defaults: { name: 'Chatwork' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [
			{ name: 'chatworkApi', required: true, displayOptions: { show: { authentication: ['apiToken'] } } },
			{ name: 'chatworkOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'API Token', value: 'apiToken' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'apiToken',
				description: 'API Token: your personal token. OAuth2: sign in with Chatwork, for organisations that do not hand out tokens.',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Contact Request', value: 'incomingRequest', description: 'Requests from other Chatwork users to become your contact (コンタクト承認依頼)' },
					{ name: 'File', value: 'file' },
					{ name: 'Me', value: 'me' },
					{ name: 'Message', value: 'message' },
					{ name: 'Room', value: 'room' },
					{ name: 'Task', value: 'task' },
				],
				default: 'message',
				description: 'The part of Chatwork to work with: messages, rooms, tasks, files, contacts, your account or contact requests',
			},
			...message.description,
			...room.description,
			...task.description,
			...file.description,
			...contact.description,
			...me.description,
			...incomingRequest.description,
			...includeInputFields,
			deliveryOptions,
		],
	};

	methods = { listSearch: { searchRooms }, loadOptions: { getRoomMembers, getContacts, getTimeZones } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
