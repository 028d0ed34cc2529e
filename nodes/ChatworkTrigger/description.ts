import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { webhookFields } from '../shared/webhookFields';

export const WEBHOOK_CREDENTIAL = 'chatworkWebhookApi';
export const WEBHOOK_CREDENTIAL_TEST = 'chatworkWebhookApiTest';
export const API_CREDENTIAL = 'chatworkApi';

export const webhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		...webhookFields({ path: 'path' }),
		isFullPath: true,
		responseMode: 'onReceived',
	},
];

export const properties: INodeProperties[] = [
	{
		displayName:
			'Copy the Production URL into the webhook in Chatwork (Service integration → Webhook), and the token Chatwork shows for it into the credential. Only a published workflow receives Chatwork\'s webhooks.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: 'e.g. chatwork-events',
		description: 'The path of the webhook URL. Leave empty to use a random ID.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{
				name: 'Message Created',
				value: 'message_created',
				description: 'A message was posted in the room of a room webhook (ルームイベント: メッセージ作成)',
			},
			{
				name: 'Message Updated',
				value: 'message_updated',
				description: 'A message was edited in the room of a room webhook (ルームイベント: メッセージ更新)',
			},
			{
				name: 'Mention to Me',
				value: 'mention_to_me',
				description: 'The account of an account webhook was addressed with To or a reply (アカウントイベント: 自分へのメンション)',
			},
		],
		default: ['message_created', 'mention_to_me'],
		description: 'Which events start the workflow; others are answered 200 and ignored',
	},
	{
		displayName: 'Ignore My Own Messages',
		name: 'ignoreOwnMessages',
		type: 'boolean',
		default: true,
		description:
			'Whether messages written by your own account never start the workflow, so a workflow that posts back into the room cannot trigger itself',
	},
	{
		displayName: 'My Account From',
		name: 'ownAccountFrom',
		type: 'options',
		description: 'Where the loop guard learns which account is yours',
		options: [
			{
				name: 'Chatwork API Credential',
				value: 'credential',
				description: 'The account of the token the workflow posts with (read once from GET /me)',
			},
			{ name: 'Account IDs', value: 'accountIds', description: 'One or more account IDs typed in' },
		],
		default: 'credential',
		displayOptions: { show: { ignoreOwnMessages: [true] } },
	},
	{
		displayName: 'My Account IDs',
		name: 'ownAccountIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1234567, 2345678',
		description: 'Account IDs whose messages are ignored, separated by commas',
		displayOptions: { show: { ignoreOwnMessages: [true], ownAccountFrom: ['accountIds'] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		description: 'Events that do not pass every filter set here are answered 200 and ignored',
		options: [
			{
				displayName: 'Room IDs',
				name: 'roomIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 123456789, 234567890',
				description: 'Only messages in these rooms, separated by commas',
			},
			{
				displayName: 'From Account IDs',
				name: 'fromAccountIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1234567',
				description: 'Only messages written by these accounts, separated by commas',
			},
			{
				displayName: 'Text Contains',
				name: 'textContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. 対応済み',
				description: 'Only messages whose text (notation removed) contains this, ignoring case',
			},
			{
				displayName: 'Text Matches (Regex)',
				name: 'textMatches',
				type: 'string',
				default: '',
				placeholder: 'e.g. ^(対応済み|done)$',
				description:
					'Only messages whose text (notation removed) matches this JavaScript regular expression, ignoring case',
			},
		],
	},
	{
		displayName: 'Max Event Age (Seconds)',
		name: 'maxEventAge',
		type: 'number',
		default: 300,
		typeOptions: { minValue: 0 },
		description:
			'Events whose signed time (webhook_event_time) is further than this from n8n\'s clock, either way, are refused with 400, so a captured webhook cannot be replayed later. 0 turns the check off. An event posted again never starts a second execution.',
	},
	{
		// n8n 2.x parses a typeVersion-1 webhook body itself unless this option is set; the
		// signature must be checked over the bytes exactly as sent, and broken JSON must reach the node.
		displayName: 'Raw Body',
		name: 'options',
		type: 'hidden',
		default: { binaryData: true },
		displayOptions: { show: { '@version': [1] } },
	},
];
