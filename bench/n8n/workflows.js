// @ts-check
/** The workflows the n8n bench imports: ours and what users would build from n8n's own nodes. */
'use strict';

const crypto = require('node:crypto');

const { ROOM_COUNT, SEED_EXPRESSION, SEED_TEMPLATE, TOKEN } = require('./settings');

/** The version a new node gets, unless BENCH_SATORI_VERSION says otherwise (rows 1 and 8). */
const SATORI_TRIGGER_VERSION = Number(process.env.BENCH_SATORI_VERSION ?? 2);

let nodeCounter = 0;
/** @param {string} name @param {string} type @param {number} typeVersion @param {object} parameters @param {object} [extra] */
function node(name, type, typeVersion, parameters, extra = {}) {
	nodeCounter++;
	return {
		id: crypto.randomUUID(),
		name,
		type,
		typeVersion,
		position: [nodeCounter * 220, 0],
		parameters,
		...extra,
	};
}

/** @param {Array<[string, string, number?]>} links  [from, to, output index] */
function connect(links) {
	/** @type {Record<string, {main: any[][]}>} */
	const connections = {};
	for (const [from, to, output = 0] of links) {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output].push({ node: to, type: 'main', index: 0 });
	}
	return connections;
}

/** @param {string} name @param {any[]} nodes @param {Array<[string, string, number?]>} links */
function workflow(name, nodes, links) {
	return { id: randomId(), name, nodes, connections: connect(links), settings: { executionOrder: 'v1' }, pinData: {} };
}

function randomId() {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(crypto.randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

/** A 10-field form: the seed's fields and more, all the field types a form typically has. */
const TRIGGER_FIELDS = [
	{ key: 'company', label: '会社名', type: 'text', required: true, maxLength: 200 },
	{ key: 'name', label: '氏名', type: 'text', required: true, maxLength: 100 },
	{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
	{ key: 'phone', label: '電話番号', type: 'phone', required: false },
	{ key: 'department', label: '部署', type: 'text', required: false, maxLength: 100 },
	{ key: 'position', label: '役職', type: 'text', required: false, maxLength: 100 },
	{ key: 'website', label: 'Webサイト', type: 'url', required: false },
	{ key: 'employees', label: '従業員数', type: 'number', required: false },
	{ key: 'newsletter', label: 'メールマガジン', type: 'boolean', required: false },
	{ key: 'memo', label: 'お問い合わせ内容', type: 'text', required: false, maxLength: 2000 },
];

function triggerWorkflows() {
	const ours = workflow(
		'bench: SATORI Webhook Trigger → NoOp',
		[
			node(
				'SATORI Webhook Trigger',
				'n8n-nodes-satori-chatwork.satoriWebhookTrigger',
				SATORI_TRIGGER_VERSION,
				{
					httpMethod: 'POST',
					path: 'bench-satori',
					fields: { field: TRIGGER_FIELDS },
					unknownFields: 'keep',
					answer: 'json',
					language: 'ja',
					options: {},
				},
				{ webhookId: crypto.randomUUID() },
			),
			node('NoOp', 'n8n-nodes-base.noOp', 1, {}),
		],
		[['SATORI Webhook Trigger', 'NoOp']],
	);
	const theirs = workflow(
		'bench: Webhook → NoOp',
		[
			node('Webhook', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path: 'bench-webhook', options: {} }, { webhookId: crypto.randomUUID() }),
			node('NoOp', 'n8n-nodes-base.noOp', 1, {}),
		],
		[['Webhook', 'NoOp']],
	);
	return { ours, theirs };
}

/** Row 6: Chatwork Trigger → NoOp, the loop guard on (by account ID, so no GET /me in the way); the version a new node gets unless BENCH_CW_TRIGGER_VERSION says otherwise. */
function chatworkTriggerWorkflow() {
	return workflow(
		'bench: Chatwork Trigger → NoOp',
		[
			node(
				'Chatwork Trigger',
				'n8n-nodes-satori-chatwork.chatworkTrigger',
				Number(process.env.BENCH_CW_TRIGGER_VERSION ?? 2),
				{ path: 'bench-chatwork', events: ['message_created'], ignoreOwnMessages: true, ownAccountFrom: 'accountIds', ownAccountIds: '1', filters: {} },
				{ webhookId: crypto.randomUUID(), credentials: { chatworkWebhookApi: { id: 'cwBenchWebhook01', name: 'cwBenchWebhook01' } } },
			),
			node('NoOp', 'n8n-nodes-base.noOp', 1, {}),
		],
		[['Chatwork Trigger', 'NoOp']],
	);
}

/** A Webhook that receives {items: [...]} and a Split Out that makes one item each, in front of `sender`. */
function sendWorkflow(/** @type {string} */ name, /** @type {string} */ webhookPath, /** @type {any} */ sender, /** @type {boolean} */ twoOutputs) {
	return workflow(
		name,
		[
			node('Webhook', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path: webhookPath, options: {} }, { webhookId: crypto.randomUUID() }),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} }),
			sender,
			node('Delivered', 'n8n-nodes-base.noOp', 1, {}),
			...(twoOutputs ? [node('Failed', 'n8n-nodes-base.noOp', 1, {})] : []),
		],
		[
			['Webhook', 'Split Out'],
			['Split Out', sender.name],
			[sender.name, 'Delivered', 0],
			...(twoOutputs ? /** @type {Array<[string, string, number]>} */ ([[sender.name, 'Failed', 1]]) : []),
		],
	);
}

/** Our Chatwork node: Message → Send with the seed's template, the room from the item. */
function oursSender(/** @type {string} */ credentialId) {
	return node(
		'Chatwork',
		'n8n-nodes-satori-chatwork.chatwork',
		1,
		{
			resource: 'message',
			operation: 'send',
			roomId: { __rl: true, mode: 'id', value: '={{ $json.room }}' },
			text: SEED_TEMPLATE,
			selfUnread: true,
			options: {},
			delivery: { concurrentRooms: ROOM_COUNT },
		},
		{ credentials: { chatworkApi: { id: credentialId, name: credentialId } } },
	);
}

/**
 * n8n's HTTP Request node as the seed's recipe sets it up (form-urlencoded, token header, body by
 * expression); by default the room comes from the item.
 */
function httpSender(
	/** @type {string} */ baseUrl,
	{ name = 'HTTP Request', url = `={{ "${baseUrl}/rooms/" + $json.room + "/messages" }}`, body = SEED_EXPRESSION } = {},
) {
	return node(name, 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url,
		sendHeaders: true,
		specifyHeaders: 'keypair',
		headerParameters: { parameters: [{ name: 'X-ChatWorkToken', value: TOKEN }] },
		sendBody: true,
		contentType: 'form-urlencoded',
		specifyBody: 'keypair',
		bodyParameters: {
			parameters: [
				{ name: 'body', value: body },
				{ name: 'self_unread', value: '1' },
			],
		},
		options: {},
	});
}

/** The trigger/sender pairs of row 8, each posting to its own room of the look-alike. */
const LATENCY_FLOWS = /** @type {const} */ ([
	{ key: 'ours', trigger: 'satori', sender: 'chatwork', room: 6001, label: 'SATORI Webhook Trigger → Chatwork' },
	{ key: 'builtin', trigger: 'webhook', sender: 'http', room: 6002, label: 'Webhook → HTTP Request' },
	{ key: 'oursTrigger', trigger: 'satori', sender: 'http', room: 6003, label: 'SATORI Webhook Trigger → HTTP Request' },
	{ key: 'oursSender', trigger: 'webhook', sender: 'chatwork', room: 6004, label: 'Webhook → Chatwork' },
]);

/**
 * One workflow per pair, set up the way a user would: the room picked once (no expression), the
 * message from the lead — our template, or the seed's n8n expression in HTTP Request.
 * @param {(typeof LATENCY_FLOWS)[number]} flow @param {string} baseUrl @param {string} credentialId
 */
function latencyWorkflow(flow, baseUrl, credentialId) {
	const webhookPath = `bench-latency-${flow.key}`;
	const trigger =
		flow.trigger === 'satori'
			? node(
					'Trigger',
					'n8n-nodes-satori-chatwork.satoriWebhookTrigger',
					SATORI_TRIGGER_VERSION,
					{
						httpMethod: 'POST',
						path: webhookPath,
						fields: { field: TRIGGER_FIELDS.slice(0, 3) },
						unknownFields: 'keep',
						answer: 'json',
						language: 'ja',
						options: {},
					},
					{ webhookId: crypto.randomUUID() },
				)
			: node('Trigger', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path: webhookPath, options: {} }, { webhookId: crypto.randomUUID() });
	// The Webhook node nests the form under `body`; our trigger puts the fields at the top.
	const prefix = flow.trigger === 'webhook' ? 'body.' : '';
	const sender =
		flow.sender === 'chatwork'
			? node(
					'Send',
					'n8n-nodes-satori-chatwork.chatwork',
					1,
					{
						resource: 'message',
						operation: 'send',
						roomId: { __rl: true, mode: 'id', value: String(flow.room) },
						text: SEED_TEMPLATE.replace(/\{\{(\w+)\}\}/g, `{{${prefix}$1}}`),
						selfUnread: true,
						options: {},
					},
					{ credentials: { chatworkApi: { id: credentialId, name: credentialId } } },
				)
			: httpSender(baseUrl, {
					name: 'Send',
					url: `${baseUrl}/rooms/${flow.room}/messages`,
					body: SEED_EXPRESSION.replace(/\$json\./g, `$json.${prefix}`),
				});
	return { flow, path: webhookPath, workflow: workflow(`bench: ${flow.label}`, [trigger, sender], [['Trigger', 'Send']]) };
}

module.exports = { TRIGGER_FIELDS, LATENCY_FLOWS, triggerWorkflows, chatworkTriggerWorkflow, sendWorkflow, oursSender, httpSender, latencyWorkflow };
