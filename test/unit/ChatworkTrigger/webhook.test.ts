/**
 * The Chatwork Trigger's webhook() behind a real HTTP server on 127.0.0.1, with a mocked
 * IWebhookFunctions handing over the untouched request stream (as n8n does for version 1: its
 * hidden `options.binaryData` tells n8n 2.x not to parse the body first) or, for version 2, the
 * request as n8n's parseBody leaves it (bytes in `rawBody`, JSON parsed, broken JSON answered 422
 * before the node runs). The loop guard's GET /me goes to the Chatwork look-alike server.
 */
import { createHmac } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import fc from 'fast-check';
import type { IDataObject, IHookFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { ChatworkTrigger } from '../../../nodes/ChatworkTrigger/ChatworkTrigger.node';
import { startChatworkServer, type ChatworkServer } from '../../../sandbox';
import { messageCreated } from '../../fixtures/chatworkWebhook';
import { reachedIn } from '../support/propertyRuns';

const TOKEN = Buffer.alloc(32, 3).toString('base64');
const OTHER_TOKEN = Buffer.alloc(32, 4).toString('base64');
const API_TOKEN = 'unit-cw-trigger-token-8c2f1a';
const BOT = 101;

type Parameters = IDataObject;
interface Exchange {
	status: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answer body is read field by field in assertions
	json: any;
	items: INodeExecutionData[] | undefined;
}

const node = new ChatworkTrigger();
let chatwork: ChatworkServer;
let receiver: http.Server;
let url: string;
let setup: { parameters: Parameters; webhookToken: unknown } = { parameters: {}, webhookToken: TOKEN };
let lastItems: INodeExecutionData[] | undefined;
/** Every execution started in the current test, and what was logged. */
let runs: INodeExecutionData[][] = [];
let warnings: string[] = [];
let credentialReads = 0;
/** Each test is its own workflow, so that one test's events are no replay in another. */
let workflowId = 0;
/** How n8n hands over the request: version 1 the stream, version 2 parsed with the bytes kept. */
let typeVersion: 1 | 2 = 1;

const DEFAULTS: Parameters = {
	path: '',
	events: ['message_created', 'mention_to_me'],
	ignoreOwnMessages: true,
	ownAccountFrom: 'accountIds',
	ownAccountIds: String(BOT),
	filters: {},
};

function contextFor(request?: http.IncomingMessage, response?: http.ServerResponse) {
	const parameters = { ...DEFAULTS, ...setup.parameters };
	return {
		getRequestObject: () => request,
		getResponseObject: () => response,
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		getNode: () => ({ id: 'n1', name: 'Chatwork Trigger', type: 'chatworkTrigger', typeVersion, position: [0, 0], parameters }),
		getWorkflow: () => ({ id: `wf${workflowId}`, name: 'test', active: true }),
		logger: { warn: (message: string) => warnings.push(message), info: () => {}, debug: () => {}, error: () => {} },
		getCredentials: async (type: string) => {
			credentialReads++;
			if (type === 'chatworkWebhookApi') return { webhookToken: setup.webhookToken };
			if (type === 'chatworkApi') return { apiToken: API_TOKEN, baseUrl: chatwork.url };
			throw new Error(`no credential ${type}`);
		},
		helpers: {
			httpRequest: async (options: { url: string; method: string; headers: Record<string, string> }) => {
				const answer = await fetch(options.url, { method: options.method, headers: options.headers });
				return { statusCode: answer.status, headers: Object.fromEntries(answer.headers), body: await answer.text() };
			},
		},
	};
}

beforeAll(async () => {
	chatwork = await startChatworkServer({ accounts: [{ token: API_TOKEN, account_id: BOT, name: 'Bot' }] });
	receiver = http.createServer(async (request, response) => {
		if (typeVersion === 2 && !(await parsedAsN8nDoes(request, response))) return;
		const context = contextFor(request, response) as unknown as IWebhookFunctions;
		node.webhook.call(context).then(
			(result) => {
				lastItems = result.workflowData?.[0];
				if (lastItems) runs.push(lastItems);
			},
			() => {
				// n8n answers a thrown error with a 500 of its own.
				if (!response.headersSent) response.writeHead(500).end();
			},
		);
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/cw`;
});

afterAll(async () => {
	await new Promise((resolve) => receiver.close(resolve));
	await chatwork.close();
});

/**
 * What n8n 2.40.7's parseBody does before a version-2 node runs: the whole body into `rawBody`, JSON
 * parsed into `body`, broken JSON answered 422 by n8n itself. False when n8n answered.
 */
async function parsedAsN8nDoes(request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const raw = Buffer.concat(chunks);
	const holder = request as http.IncomingMessage & { rawBody?: Buffer; body?: unknown };
	holder.rawBody = raw;
	if (raw.length > 0 && request.headers['content-type']?.split(';')[0].toLowerCase() === 'application/json') {
		try {
			holder.body = JSON.parse(raw.toString('utf8'));
		} catch {
			response.writeHead(422, { 'Content-Type': 'application/json' }).end('{"code":422,"message":"Failed to parse request body"}');
			return false;
		}
	}
	return true;
}

beforeEach(() => {
	typeVersion = 1;
	setup = { parameters: {}, webhookToken: TOKEN };
	lastItems = undefined;
	runs = [];
	warnings = [];
	credentialReads = 0;
	workflowId++;
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
let messageSeq = 10_000;
const freshId = () => String(messageSeq++);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

const sign = (body: string | Buffer, token = TOKEN) =>
	createHmac('sha256', Buffer.from(token, 'base64')).update(body).digest('base64');

/** A message_created event as Chatwork sends it, stamped now. */
function event(overrides: IDataObject = {}, eventOverrides: IDataObject = {}): string {
	return JSON.stringify(messageCreated(nowSeconds(), overrides, eventOverrides));
}

async function post(body: string | Buffer, headers: Record<string, string> = {}, query = ''): Promise<Exchange> {
	lastItems = undefined;
	const response = await fetch(`${url}${query}`, { method: 'POST', headers, body });
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: response.status, json, items: lastItems };
}

const signed = (body: string, token = TOKEN, type = 'application/json') =>
	post(body, { 'Content-Type': type, 'X-ChatWorkWebhookSignature': sign(body, token) });

describe('what Chatwork\'s webhook gets', () => {
	it('answers a signed message_created with a short 200 and starts the workflow with the parsed item', async () => {
		const sent = event();
		const time = JSON.parse(sent).webhook_event_time as number;
		const answer = await signed(sent);
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ ok: true });
		expect(answer.items).toHaveLength(1);
		expect(answer.items![0].json).toEqual({
			webhook_setting_id: '7',
			webhook_event_type: 'message_created',
			webhook_event_time: time,
			webhook_event: {
				message_id: '1900000000000000042',
				room_id: 1001,
				account_id: 102,
				body: '[rp aid=101 to=1001-1900000000000000001]Botさん\n対応済み',
				send_time: 1764299999,
				update_time: 0,
			},
			eventType: 'message_created',
			eventTime: iso(time),
			roomId: 1001,
			messageId: '1900000000000000042',
			senderAccountId: 102,
			toAccountId: null,
			sentAt: '2025-11-28T03:19:59.000Z',
			updatedAt: null,
			text: 'Botさん\n対応済み',
			mentions: [101],
			toAll: false,
			reply: { accountId: 101, roomId: 1001, messageId: '1900000000000000001' },
			quotes: [],
		});
	});

	it('verifies the bytes as sent: spacing and \\u escapes that a re-serialisation would change', async () => {
		const body = `{ "webhook_setting_id" : "7", "webhook_event_type":"message_updated","webhook_event_time":${nowSeconds()},\n "webhook_event":{"message_id":"19","room_id":5,"account_id":102,"body":"\\u5bfe\\u5fdc\\u6e08\\u307f","send_time":1,"update_time":1764300000}}`;
		setup.parameters = { events: ['message_updated'] };
		const answer = await signed(body);
		expect(answer.status).toBe(200);
		expect(answer.items?.[0].json).toMatchObject({ text: '対応済み', updatedAt: '2025-11-28T03:20:00.000Z' });
	});

	it('accepts the signature in the query string', async () => {
		const body = event();
		const answer = await post(body, { 'Content-Type': 'application/json' }, `?chatwork_webhook_signature=${encodeURIComponent(sign(body))}`);
		expect(answer.status).toBe(200);
		expect(answer.items).toHaveLength(1);
	});

	it('reads mention_to_me: sender from from_account_id, the account addressed in toAccountId', async () => {
		const body = JSON.stringify({
			webhook_setting_id: '8',
			webhook_event_type: 'mention_to_me',
			webhook_event_time: nowSeconds(),
			webhook_event: { from_account_id: 102, to_account_id: 101, room_id: 1001, message_id: '77', body: '[To:101]Botさん お願いします', send_time: 1764300000, update_time: 0 },
		});
		const answer = await signed(body);
		expect(answer.items?.[0].json).toMatchObject({ eventType: 'mention_to_me', senderAccountId: 102, toAccountId: 101, mentions: [101] });
	});

	it.each([
		['no signature', (body: string) => post(body, { 'Content-Type': 'application/json' })],
		['a signature made with another token', (body: string) => signed(body, OTHER_TOKEN)],
		['the signature of another body', (body: string) => post(body, { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': sign(event({ webhook_setting_id: '8' })) })],
		['a malformed signature', (body: string) => post(body, { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': 'sha256=abc' })],
		['a wrong query signature', (body: string) => post(body, { 'Content-Type': 'application/json' }, `?chatwork_webhook_signature=${encodeURIComponent(sign(body, OTHER_TOKEN))}`)],
	])('answers %s with 401 and runs nothing', async (_name, send) => {
		const answer = await send(event());
		expect(answer.status).toBe(401);
		expect(answer.json).toEqual({ ok: false, error: 'invalid_signature' });
		expect(answer.items).toBeUndefined();
	});

	it.each([
		['a content type other than JSON', () => signed(event(), TOKEN, 'text/plain'), 'unsupported_content_type'],
		['malformed JSON', () => signed('{"webhook_event_type":', TOKEN), 'malformed_json'],
		['JSON that is not an event', () => signed('[1,2,3]', TOKEN), 'invalid_event'],
		// eslint-disable-next-line no-loss-of-precision -- the lost digits are the point of this case
		['a message ID as a number (digits lost)', () => signed(event({}, { message_id: 1900000000000000042 })), 'invalid_event'],
		['an event without room', () => signed(event({}, { room_id: undefined })), 'invalid_event'],
		['a body that is not text', () => signed(event({}, { body: { text: 'x' } })), 'invalid_event'],
	])('answers %s with 400 and runs nothing', async (_name, send, reason) => {
		const answer = await send();
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({ ok: false, error: reason });
		expect(answer.items).toBeUndefined();
	});

	it('answers a body over 1 MiB with 413 and runs nothing', async () => {
		const body = event({}, { body: 'あ'.repeat(400_000) });
		const answer = await signed(body);
		expect(answer.status).toBe(413);
		expect(answer.items).toBeUndefined();
	});

	it.each<[string, Parameters, string, IDataObject]>([
		['an event type not selected', { events: ['mention_to_me'] }, 'event_type', {}],
		['its own account (typed ID)', {}, 'own_message', { account_id: BOT }],
		['another room', { filters: { roomIds: '2002, 2003' } }, 'room', {}],
		['another sender', { filters: { fromAccountIds: '103' } }, 'sender', {}],
		['text without the words', { filters: { textContains: '未対応' } }, 'text', {}],
		['text not matching the pattern', { filters: { textMatches: '^done$' } }, 'text', {}],
	])('answers %s with 200 and runs nothing', async (_name, parameters, because, eventOverrides) => {
		setup.parameters = parameters;
		const answer = await signed(event({}, eventOverrides));
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ ok: true, ignored: because });
		expect(answer.items).toBeUndefined();
	});

	it('answers an event type Chatwork may add later with 200 and runs nothing', async () => {
		const answer = await signed(JSON.stringify({ webhook_setting_id: '1', webhook_event_type: 'room_deleted', webhook_event_time: 1, webhook_event: {} }));
		expect(answer.json).toEqual({ ok: true, ignored: 'event_type' });
		expect(answer.items).toBeUndefined();
	});

	it('passes every filter it matches: rooms, senders, text (any case) and pattern', async () => {
		setup.parameters = { filters: { roomIds: '1001', fromAccountIds: '102,103', textContains: '対応済', textMatches: 'bot.*\\n対応' } };
		expect((await signed(event())).items).toHaveLength(1);
	});

	it('finds its own account from the Chatwork API credential (GET /me) and ignores its messages', async () => {
		setup.parameters = { ownAccountFrom: 'credential' };
		expect((await signed(event({}, { account_id: BOT }))).json).toEqual({ ok: true, ignored: 'own_message' });
		expect((await signed(event({}, { account_id: 102 }))).items).toHaveLength(1);
		expect(chatwork.requests.filter((request) => request.path === '/me')).toHaveLength(1);
	});

	it('runs for its own messages when Ignore My Own Messages is off', async () => {
		setup.parameters = { ignoreOwnMessages: false };
		expect((await signed(event({}, { account_id: BOT }))).items).toHaveLength(1);
	});

	it('never lets a broken webhook token through: 500 from n8n, no run', async () => {
		setup.webhookToken = 'too-short';
		const answer = await signed(event());
		expect(answer.status).toBe(500);
		expect(answer.items).toBeUndefined();
	});

	// 250 requests one after another: a generous time limit on a machine shared by many jobs.
	it('answers 200+ generated forged or malformed requests with a 4xx and never runs (generated)', async () => {
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(fc.constant(event()), fc.string(), fc.json(), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b))),
				fc.oneof(fc.constant(undefined), fc.string(), fc.base64String({ maxLength: 60 }), fc.constantFrom(OTHER_TOKEN).map((t) => sign(event(), t))),
				fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
				fc.boolean(),
				async (body, signature, type, inQuery) => {
					const headers: Record<string, string> = type ? { 'Content-Type': type } : {};
					if (signature !== undefined && !inQuery && /^[\x21-\x7e]*$/.test(signature)) headers['X-ChatWorkWebhookSignature'] = signature;
					const query = signature !== undefined && inQuery ? `?chatwork_webhook_signature=${encodeURIComponent(signature)}` : '';
					const answer = await post(body, headers, query);
					if (answer.items) runs++;
					return answer.status >= 400 && answer.status < 500;
				},
			),
			{ numRuns: 250 },
		);
		expect(runs).toBe(0);
	}, 120_000);
});

describe('a pattern that backtracks without end (issue 25, defect 2)', () => {
	const EVIL = '(\\w+\\s?)+$';

	it('answers the message that would freeze the pattern as ignored, logs why, and answers other webhooks meanwhile', async () => {
		setup.parameters = { filters: { textMatches: EVIL } };
		// 40 characters: hours of backtracking without a bound.
		const evil = signed(event({}, { message_id: '9001', body: `${'a'.repeat(39)}!` }));
		const benign = signed(event({}, { message_id: '9002', body: 'done' }));
		const [evilAnswer, benignAnswer] = await Promise.all([evil, benign]);
		expect(evilAnswer.status).toBe(200);
		expect(evilAnswer.json).toEqual({ ok: true, ignored: 'text_timeout' });
		expect(benignAnswer.json).toEqual({ ok: true });
		expect(runs.map((items) => items[0].json.messageId)).toEqual(['9002']);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/Text Matches ran out of its time on message 9001 in room 1001/);
		expect(warnings[0]).not.toContain('aaaa');
	}, 30_000);

	it('refuses such a pattern at activation with a message that says why', async () => {
		setup.parameters = { filters: { textMatches: EVIL } };
		await expect(node.webhookMethods.default.create.call(contextFor() as unknown as IHookFunctions)).rejects.toThrow(
			/Text Matches runs longer than 100 ms on a 49-character text .*any room member can send such a text/,
		);
	});
});

describe('replays (issue 25, defect 7)', () => {
	it('refuses a signed event from 2017 with 400 stale_event and runs nothing', async () => {
		const answer = await signed(event({ webhook_event_time: 1_500_000_000 }));
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({ ok: false, error: 'stale_event' });
		expect(runs).toEqual([]);
	});

	it('refuses an event stamped further in the future than the window, with the same answer', async () => {
		const answer = await signed(event({ webhook_event_time: nowSeconds() + 3600 }));
		expect(answer.json).toEqual({ ok: false, error: 'stale_event' });
	});

	it('accepts the 2017 event when Max Event Age is 0 (off), and a custom window', async () => {
		setup.parameters = { maxEventAge: 0 };
		expect((await signed(event({ webhook_event_time: 1_500_000_000 }))).json).toEqual({ ok: true });
		setup.parameters = { maxEventAge: 3600 };
		expect((await signed(event({ webhook_event_time: nowSeconds() - 1800 }, { message_id: '77' }))).json).toEqual({ ok: true });
		expect((await signed(event({ webhook_event_time: nowSeconds() - 7200 }, { message_id: '78' }))).json).toEqual({ ok: false, error: 'stale_event' });
	});

	it('accepts events inside the default window of 5 minutes and refuses those outside it (generated, 2 s from each edge)', async () => {
		let n = 0;
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: -600, max: 600 }).filter((offset) => Math.abs(Math.abs(offset) - 300) > 2), async (offset) => {
				const answer = await signed(event({ webhook_event_time: nowSeconds() + offset }, { message_id: String(100 + n++) }));
				expect(answer.json).toEqual(Math.abs(offset) < 300 ? { ok: true } : { ok: false, error: 'stale_event' });
			}),
			{ numRuns: 60 },
		);
	}, 60_000);

	it('starts one execution for an event posted N times, sequentially or at once; every copy gets 200 (generated)', async () => {
		let n = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 2, max: 6 }),
				fc.boolean(),
				fc.constantFrom('header', 'query'),
				async (copies, atOnce, where) => {
					const body = event({}, { message_id: String(5000 + n++) });
					const send = () =>
						where === 'header'
							? signed(body)
							: post(body, { 'Content-Type': 'application/json' }, `?chatwork_webhook_signature=${encodeURIComponent(sign(body))}`);
					const before = runs.length;
					const answers: Exchange[] = [];
					if (atOnce) answers.push(...(await Promise.all(Array.from({ length: copies }, send))));
					else for (let copy = 0; copy < copies; copy++) answers.push(await send());
					expect(answers.map((answer) => answer.status)).toEqual(Array(copies).fill(200));
					expect(answers.filter((answer) => answer.json.ignored === 'duplicate')).toHaveLength(copies - 1);
					expect(runs.length - before).toBe(1);
				},
			),
			{ numRuns: 25 },
		);
	}, 60_000);

	it('starts a run for each edit of one message (message_updated with a new update_time) but not for its replay', async () => {
		setup.parameters = { events: ['message_updated'] };
		const edit = (updateTime: number) => event({ webhook_event_type: 'message_updated' }, { message_id: '61', update_time: updateTime });
		const first = edit(nowSeconds() - 2);
		const second = edit(nowSeconds() - 1);
		for (const body of [first, second, first, second]) await signed(body);
		expect(runs).toHaveLength(2);
	});
});

describe('the credential read (issue 25, defect 15)', () => {
	it('refuses a request without a well-formed signature before reading the credential', async () => {
		expect((await post(event(), { 'Content-Type': 'application/json' })).status).toBe(401);
		expect((await post(event(), { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': 'forged' })).status).toBe(401);
		expect(credentialReads).toBe(0);
	});

	it('verifies with a rotated token on the very next webhook, and no longer with the old one (generated rotations)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 5 }), async (keys) => {
				for (const bytes of keys) {
					const previous = setup.webhookToken as string;
					const token = Buffer.from(bytes).toString('base64');
					setup.webhookToken = token;
					const body = event({}, { message_id: freshId() });
					expect((await signed(body, token)).status).toBe(200);
					if (previous !== token) expect((await signed(body, previous)).status).toBe(401);
				}
			}),
			{ numRuns: 15 },
		);
	}, 60_000);
});

describe('version 2: n8n parses the body first and keeps its bytes (issue 25, defect 15)', () => {
	const parses = (text: string) => {
		try {
			JSON.parse(text);
			return true;
		} catch {
			return false;
		}
	};

	it('answers and emits what version 1 does for generated requests, except broken JSON, which n8n answers with 422 first', async () => {
		let compared = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					fc
						.record({ text: fc.string(), id: fc.bigInt({ min: 1n, max: 10n ** 19n }), room: fc.integer({ min: 1, max: 2 ** 31 }) })
						.map(({ text, id, room }) => event({}, { body: text, message_id: String(id), room_id: room })),
					fc.string(),
					fc.json(),
				),
				fc.constantFrom('good', 'other', 'none'),
				fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'),
				async (body, signer, type) => {
					const headers: Record<string, string> = { 'Content-Type': type };
					if (signer !== 'none') headers['X-ChatWorkWebhookSignature'] = sign(body, signer === 'good' ? TOKEN : OTHER_TOKEN);
					const answers = [];
					for (const version of [1, 2] as const) {
						typeVersion = version;
						workflowId++; // the same event in a second workflow is no replay
						const answer = await post(body, headers);
						answers.push({ status: answer.status, json: answer.json, items: answer.items?.map((item) => item.json) });
					}
					typeVersion = 1;
					if (type.startsWith('application/json') && body.length > 0 && !parses(body)) {
						expect(answers[1]).toEqual({ status: 422, json: { code: 422, message: 'Failed to parse request body' }, items: undefined });
					} else {
						compared++;
						expect(answers[1]).toEqual(answers[0]);
					}
				},
			),
			{ numRuns: 150 },
		);
		// Most cases compare the two versions (not only n8n's 422).
		expect(compared).toBeGreaterThanOrEqual(reachedIn(1 / 2, 150));
	}, 120_000);

	it('verifies the signature over the bytes n8n kept, not over the parsed body', async () => {
		typeVersion = 2;
		// Spacing and an escape that JSON.stringify(JSON.parse(…)) would change: only the kept bytes verify.
		const sent = event().replace('"webhook_setting_id":"7"', '"webhook_setting_id" : "\u0037"');
		expect(JSON.stringify(JSON.parse(sent))).not.toBe(sent);
		const answer = await signed(sent);
		expect([answer.status, answer.json, answer.items?.length]).toEqual([200, { ok: true }, 1]);
		const reserialised = await post(sent, { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': sign(JSON.stringify(JSON.parse(sent))) });
		expect([reserialised.status, reserialised.json]).toEqual([401, { ok: false, error: 'invalid_signature' }]);
	});
});

describe('signature spelling (issue 25, defect 16)', () => {
	it('refuses the right signature spelt any way but canonical base64 (generated), in the header or the query', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.boolean(), async (spareBits, how, inQuery) => {
				const body = event({}, { message_id: freshId() });
				const right = sign(body);
				const index = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
				const last = index[index.indexOf(right[42]) | spareBits];
				const spelling = [right.slice(0, 43), `${right.slice(0, 42)}${last}=`, ` ${right} `][how];
				const answer = inQuery
					? await post(body, { 'Content-Type': 'application/json' }, `?chatwork_webhook_signature=${encodeURIComponent(spelling)}`)
					: await post(body, { 'Content-Type': 'application/json', 'X-ChatWorkWebhookSignature': spelling });
				// Spaces around a header value are not part of it in HTTP; in the query they are.
				const stillRight = !inQuery && how === 2;
				expect(answer.status).toBe(stillRight ? 200 : 401);
			}),
			{ numRuns: 40 },
		);
	}, 60_000);
});

describe('activation', () => {
	const activate = () => node.webhookMethods.default.create.call(contextFor() as unknown as IHookFunctions);

	it('activates with a good token and a known account', async () => {
		await expect(activate()).resolves.toBe(true);
	});

	it.each<[string, () => void, RegExp]>([
		['a webhook token of the wrong length', () => (setup.webhookToken = TOKEN.slice(0, 40)), /decodes to 30 bytes, not 32/],
		['an invalid Text Matches pattern', () => (setup.parameters = { filters: { textMatches: '(' } }), /Text Matches is not a valid regular expression/],
		['the guard on without account IDs', () => (setup.parameters = { ownAccountIds: '' }), /enter at least one account ID/],
	])('refuses %s with a clear error', async (_name, arrange, message) => {
		arrange();
		await expect(activate()).rejects.toThrow(message);
	});

	it('tests the credential\'s form', async () => {
		const test = node.methods.credentialTest.chatworkWebhookApiTest;
		await expect(test.call({} as never, { id: '1', name: 'c', type: 'chatworkWebhookApi', data: { webhookToken: TOKEN } })).resolves.toMatchObject({ status: 'OK' });
		await expect(test.call({} as never, { id: '1', name: 'c', type: 'chatworkWebhookApi', data: { webhookToken: 'abc' } })).resolves.toMatchObject({ status: 'Error' });
	});
});
