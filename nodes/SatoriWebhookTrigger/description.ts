import type { INodeParameters, INodeProperties, IWebhookDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { webhookFields } from '../shared/webhookFields';

export const CREDENTIAL_NAME = 'satoriWebhookAuthApi';
export const CREDENTIAL_TEST_METHOD = 'satoriWebhookAuthApiTest';

const submissionOutput = { type: NodeConnectionTypes.Main, displayName: 'Submission' };
const rejectedOutput = { type: NodeConnectionTypes.Main, displayName: 'Rejected' };

/** The `Rejected` output exists only when switched on, so a plain workflow shows one output. */
export const outputsExpression: `={{${string}}}` = `={{$parameter.rejectedOutput ? ${JSON.stringify([
	submissionOutput,
	rejectedOutput,
])} : ${JSON.stringify([submissionOutput])}}}`;

/** Same URL, GET: registered only when the test form is switched on (an empty method registers nothing). */
const setupMethod = (parameters: INodeParameters) =>
	(parameters.options as { testFormPage?: boolean } | undefined)?.testFormPage ? 'GET' : '';

export const webhooks: IWebhookDescription[] = [
	{
		name: 'default',
		...webhookFields({ httpMethod: 'httpMethod', path: 'path' }),
		isFullPath: true,
		responseMode: 'onReceived',
	},
	{
		name: 'setup',
		...webhookFields({ httpMethod: setupMethod, path: 'path' }),
		isFullPath: true,
		responseMode: 'onReceived',
		ndvHideUrl: true,
		ndvHideMethod: true,
	},
];

/** The one list of field types: the options of Type, in the order the editor shows them. */
const FIELD_TYPE_OPTIONS = {
	boolean: { name: 'Boolean (Checkbox)', description: 'A checkbox, e.g. a consent; true/false, on/off, 1/0 and はい/いいえ are read' },
	choice: { name: 'Choice', description: 'One or more of the Allowed Values, e.g. a seminar date' },
	date: { name: 'Date', description: 'A date, e.g. 2026-12-01, 2026/12/01 or 2026年12月1日' },
	email: { name: 'Email', description: 'An email address, e.g. メールアドレス' },
	file: { name: 'File', description: 'An uploaded file (multipart/form-data); it becomes a binary property' },
	number: { name: 'Number', description: 'A number; full-width digits are read too' },
	phone: { name: 'Phone', description: 'A phone number, e.g. 03-1234-5678 (電話番号)' },
	text: { name: 'Text', description: 'Any text, e.g. 会社名 or a message' },
	url: { name: 'URL', description: 'A web address starting with http:// or https://' },
};

export type FieldType = keyof typeof FIELD_TYPE_OPTIONS;
export const FIELD_TYPES = Object.keys(FIELD_TYPE_OPTIONS) as FieldType[];

const fieldTypes = Object.entries(FIELD_TYPE_OPTIONS).map(([value, { name, description }]) => ({ name, value, description }));

/** Field types whose value is text with a length. */
export const TEXT_TYPES: FieldType[] = ['email', 'phone', 'text', 'url'];

export const properties: INodeProperties[] = [
	{
		displayName: 'HTTP Method',
		name: 'httpMethod',
		type: 'options',
		options: [
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'POST',
		description: 'The HTTP method the form or SATORI uses to send a submission',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: 'e.g. satori-lead',
		description:
			'The last part of the webhook URL. Empty: the random ID n8n gave this node. The full Test and Production URLs are under Webhook URLs at the top of this column.',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{
				name: 'SATORI Webhook Auth',
				value: CREDENTIAL_NAME,
				description: 'A shared-secret header (SATORI: the webhook\'s Header JSON), Basic auth or an HMAC signature',
			},
		],
		default: 'none',
		description: 'How a request proves it comes from your form or from SATORI',
	},
	{
		// n8n puts the credential selector where a parameter of this type is: below Authentication, as in its Webhook node.
		displayName: 'Credential',
		name: 'credential',
		type: 'credentials',
		default: '',
		description: 'The SATORI Webhook Auth credential holding the secret, user and password, or signing key',
		displayOptions: { show: { authentication: [CREDENTIAL_NAME] } },
	},
	{
		// Added after version 1 shipped: the default keeps saved workflows on their Fields (and is the
		// same in version 2, so a workflow moved to version 2 keeps them too).
		displayName: 'Define Fields',
		name: 'fieldsInput',
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields', description: 'One group of settings per field' },
			{
				name: 'As a List',
				value: 'list',
				description: 'One line per field, e.g. "email | メールアドレス | email | required"; six fields fit in six lines',
			},
		],
		default: 'fields',
		description: 'How the fields the form sends are declared',
	},
	{
		displayName: 'Field List',
		name: 'fieldList',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		placeholder: 'e.g. company | 会社名 | required | 200\nemail | メールアドレス | email | required\nseminar | セミナー | choice: セミナーA, セミナーB',
		description:
			'One field per line: key | label | then, in any order, a type (text, email, phone, URL, number, date, boolean, choice, file), "required" (必須) and a maximum length. A choice lists its allowed values after a colon. Lines starting with # are skipped.',
		displayOptions: { show: { fieldsInput: ['list'] } },
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		placeholder: 'Add field',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: { show: { fieldsInput: ['fields'] } },
		description:
			'The fields the form sends. Standard SATORI names (会社名, 氏名, メールアドレス, company, email …) match the normalised keys, so a field declared as "email" also accepts "メールアドレス".',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Allowed Values',
						name: 'choices',
						type: 'string',
						default: '',
						placeholder: 'e.g. セミナーA, セミナーB',
						description: 'The accepted values, separated by commas or new lines',
						displayOptions: { show: { type: ['choice'] } },
					},
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. email',
						description: 'The name of the form field as sent (or its normalised SATORI key)',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: '',
						placeholder: 'e.g. メールアドレス',
						description: 'Shown in error messages; the key is used when empty',
					},
					{
						displayName: 'Max Length',
						name: 'maxLength',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Maximum number of characters; 0 means no limit other than the body size',
						displayOptions: { show: { type: TEXT_TYPES } },
					},
					{
						displayName: 'Required',
						name: 'required',
						type: 'boolean',
						default: false,
						description:
							'Whether the field must be filled in. For a checkbox (Boolean) it must be ticked, e.g. a privacy-policy consent.',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: fieldTypes,
						default: 'text',
						description: 'What the value must be; a file field takes an upload',
					},
				],
			},
		],
	},
	{
		displayName: 'Undeclared Fields',
		name: 'unknownFields',
		type: 'options',
		options: [
			{ name: 'Keep', value: 'keep', description: 'Pass them on unchanged' },
			{ name: 'Drop', value: 'drop', description: 'Leave them out of the output' },
			{ name: 'Reject', value: 'reject', description: 'Refuse the submission with a 400' },
		],
		default: 'keep',
		description: 'What to do with fields the form sends that are not declared above',
	},
	{
		displayName: 'Answer to Submitter',
		name: 'answer',
		type: 'options',
		options: [
			{
				name: 'JSON',
				value: 'json',
				description: 'Answer {"ok":true,"submissionId":"…"}, or 4xx {"ok":false,"errors":[…]}',
			},
			{
				name: 'Redirect',
				value: 'redirect',
				description: 'Redirect (303) to a thank-you page, or to an error page on failure',
			},
			{ name: 'HTML Page', value: 'html', description: 'Show a small thank-you or error page' },
		],
		default: 'json',
		description: 'What the form or SATORI gets back (SATORI shows it in its Webhook history, Webhook履歴)',
	},
	{
		displayName: 'Thank-You URL',
		name: 'thankYouUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/thanks',
		description: 'Where the browser goes after a valid submission (?submission_id=… is added)',
		displayOptions: { show: { answer: ['redirect'] } },
	},
	{
		displayName: 'Error URL',
		name: 'errorUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/form-error',
		description:
			'Where the browser goes when the submission is refused (?error=…&fields=…&message=… is added). Empty: answer with JSON 4xx.',
		displayOptions: { show: { answer: ['redirect'] } },
	},
	{
		displayName: 'Thank-You Message',
		name: 'thankYouMessage',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Text of the thank-you page; a standard sentence is used when empty',
		displayOptions: { show: { answer: ['html'] } },
	},
	{
		displayName: 'Message Language',
		name: 'language',
		type: 'options',
		options: [
			{ name: '日本語', value: 'ja' },
			{ name: 'English', value: 'en' },
		],
		default: 'ja',
		description: 'Language of the error messages and pages the submitter sees',
	},
	{
		displayName: 'Rejected Output',
		name: 'rejectedOutput',
		type: 'boolean',
		default: false,
		description:
			'Whether to add a second output that receives invalid and spam (honeypot) submissions with the reasons',
	},
	{
		displayName: 'Keep Submissions Until Sent',
		name: 'keepSubmissions',
		type: 'boolean',
		default: false,
		description:
			'Whether each valid submission is stored in an n8n Data Table before the sender gets its answer, so that a lead whose execution dies (a queue-mode worker killed) is sent later by the recovery of the Keep Submissions example. Needs an n8n API key; submissions to the Test URL are not stored.',
	},
	{
		displayName: 'Data Table',
		name: 'keepDataTable',
		type: 'string',
		default: 'SATORI submissions',
		required: true,
		description:
			'Name or ID of the Data Table, with the columns submissionId (string), receivedAt (date) and submission (string). The workflow deletes a row once its lead went through Chatwork; rows left older than a few minutes are leads to recover.',
		displayOptions: { show: { keepSubmissions: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		description: 'Less common settings of the webhook',
		options: [
			{
				displayName: 'Customer Detail URL Hosts',
				name: 'customerDetailUrlHosts',
				type: 'string',
				default: 'satori.marketing',
				placeholder: 'e.g. satori.marketing, crm.example.co.jp',
				description:
					'A customer_detail_url sent by an unauthenticated sender is kept only when its host is one of these (or a subdomain); otherwise the template builds it or it stays empty. * allows any host.',
			},
			{
				displayName: 'Customer URL Template',
				name: 'customerDetailUrlTemplate',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://app.satori.marketing/customers/{{customer_id}}',
				description:
					'Builds customer_detail_url when the sender provides none that is trusted (see Customer Detail URL Hosts); {{key}} is replaced by that field of the submission',
			},
			{
				displayName: 'Form Encoding',
				// n8n 2.x hands a typeVersion-1 webhook its body unparsed when options.binaryData is set,
				// which lets the trigger decode Shift_JIS / EUC-JP bytes itself; the value is the encoding.
				// Version 2 is always parsed: n8n keeps the bytes of URL-encoded bodies, not of multipart.
				name: 'binaryData',
				type: 'options',
				options: [
					{
						name: 'Auto',
						value: 'auto',
						description: 'The encoding the form declares (charset or a _charset_ field), else UTF-8',
					},
					{ name: 'UTF-8', value: 'utf-8', description: 'UTF-8 only; a form declaring another encoding gets 415' },
					{ name: 'Shift_JIS', value: 'shift_jis', description: 'Forms that declare no encoding are Shift_JIS (Windows-31J)' },
					{ name: 'EUC-JP', value: 'euc-jp', description: 'Forms that declare no encoding are EUC-JP' },
				],
				default: 'auto',
				description:
					'Encoding of URL-encoded and multipart form bodies (JSON is always UTF-8). Add this option to accept Shift_JIS, EUC-JP or ISO-2022-JP forms. From node version 2, multipart forms must be UTF-8; URL-encoded forms may use any of these.',
			},
			{
				displayName: 'Honeypot Field',
				name: 'honeypotField',
				type: 'string',
				default: '',
				placeholder: 'e.g. website_url_confirm',
				description:
					'A hidden field humans leave empty. When it is filled the submitter still gets the normal answer, but Submission does not run.',
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodySizeKb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description: 'Larger bodies (not counting uploaded files) are refused with 413',
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileSizeMb',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description: 'Larger uploaded files are refused with 413',
			},
			{
				displayName: 'Serve Test Form on GET',
				name: 'testFormPage',
				type: 'boolean',
				default: false,
				description:
					'Whether opening the webhook URL in a browser shows a small form with the declared fields that posts to the same URL',
			},
		],
	},
];
