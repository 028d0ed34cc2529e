/**
 * The Chatwork node as the n8n editor saves it: a Message pasted or dragged into Expression mode,
 * the emptyVariables of every history item, Include Input Fields, and n8n's Settings → On Error.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { Chatwork } from '../../../nodes/Chatwork/Chatwork.node';
import { readTemplateSource } from '../../../nodes/Chatwork/actions/shared/templateRenderer';
import type { ChatworkServer } from '../../../sandbox';
import { startChatworkServer } from '../../../sandbox';
import type { Parameters, RunResult } from '../../support/executeNode';
import { room, runNode } from '../../support/executeNode';
import { expectEachItemOnExactlyOneOutput } from '../support/assertions';
import { SEED_LEAD, SEED_TEMPLATE } from '../../fixtures/seed';

const TOKEN = 'tok-0123456789abcdef0123456789abcdef';
const ROOM = 1001;
const lead = {
	submissionId: 'sub-1',
	company: SEED_LEAD.company,
	name: SEED_LEAD.name,
	email: 'taro@example.co.jp',
	customer_detail_url: SEED_LEAD.customer_detail_url,
	params: { 会社名: '株式会社サンプル' },
};

let server: ChatworkServer;

beforeAll(async () => {
	process.env.N8N_CHATWORK_TIME_SCALE = '0.001';
	server = await startChatworkServer({
		timeScale: 0.001,
		accounts: [{ token: TOKEN, account_id: 101, name: 'Lead Bot' }],
		rooms: [{ room_id: ROOM, name: '営業チーム' }],
	});
});
afterAll(async () => {
	delete process.env.N8N_CHATWORK_TIME_SCALE;
	await server.close();
});
beforeEach(() => server.reset());

function send(items: IDataObject[], parameters: Parameters = {}) {
	return runNode(new Chatwork(), {
		items,
		credentials: { apiToken: TOKEN, baseUrl: server.url },
		parameters: { resource: 'message', operation: 'send', roomId: room(ROOM), text: SEED_TEMPLATE, ...parameters },
	});
}

/** Runs the node with n8n's Settings → On Error set to one of the Continue choices. */
function sendContinuing(items: IDataObject[], parameters: Parameters): Promise<RunResult> {
	return runNode(new Chatwork(), {
		items,
		credentials: { apiToken: TOKEN, baseUrl: server.url },
		parameters: { resource: 'message', operation: 'send', roomId: room(ROOM), text: SEED_TEMPLATE, ...parameters },
		node: { onError: 'continueRegularOutput' },
	});
}

const posted = () => server.messages(ROOM).map((message) => message.body);

describe('the Message as the editor saves it', () => {
	it('renders the pasted seed template the same in Expression mode (a leading =) as in Fixed mode', async () => {
		await send([lead], { text: SEED_TEMPLATE });
		await send([lead], { text: `=${SEED_TEMPLATE}` });

		const [fixed, expression] = posted();
		expect(expression).toBe(fixed);
		expect(expression).toBe(
			'●●セミナーのお申込みフォームから株式会社サンプルの 山田 太郎様の登録がありました。SATORIのカスタマー詳細ページはhttps://app.satori.marketing/customers/abc123です。',
		);
	});

	it('fills a dragged-in {{ $json.field }} like the template variable {{field}}, with notation kept inert', async () => {
		const result = await send([{ ...lead, name: '[toall]山田' }], {
			text: "={{ $json.company }}の {{ $json.name }}様 ({{ $json.params['会社名'] }})",
		});

		expect(posted()).toEqual(['株式会社サンプルの ［toall］山田様 (株式会社サンプル)']);
		expect(result.success[0].json.emptyVariables).toEqual([]);
	});

	it('lets n8n evaluate any other {{ $… }} expression per item, and lists it when it comes out empty', async () => {
		const result = await send([lead, lead], {
			text: '={{company}} #{{ $itemIndex + 1 }}{{ $json.missing?.deep }}',
		});

		expect(posted()).toEqual(['株式会社サンプル #1', '株式会社サンプル #2']);
		expect(result.success[0].json.emptyVariables).toEqual(['{{ $json.missing?.deep }}']);
	});

	it('sends an item whose n8n expression fails to Error, naming the expression, and sends nothing for it', async () => {
		const result = await send([lead], { text: "={{company}} {{ $('No Such Node').item.json.name }}" });

		expect(result.success).toEqual([]);
		expect(result.error[0].json.error).toMatchObject({ delivery: 'not_sent' });
		expect(result.error[0].json.error.message).toContain("{{ $('No Such Node').item.json.name }}");
	});

	it("renders an n8n expression that hits a TypeError empty, as n8n's own fields do, and names it in emptyVariables", async () => {
		const result = await send([lead], { text: '={{company}}{{ $json.missing.deep.toUpperCase() }}' });

		expect(result.error).toEqual([]);
		expect(result.success[0].json.emptyVariables).toEqual(['{{ $json.missing.deep.toUpperCase() }}']);
		expect(posted()).toEqual(['株式会社サンプル']);
	});

	it('reads a template the same with or without the leading = of Expression mode (generated texts)', () => {
		const text = fc.string({ unit: 'grapheme' }).filter((value) => !value.startsWith('='));
		fc.assert(
			fc.property(text, (value) => {
				expect(readTemplateSource(`=${value}`)).toEqual(readTemplateSource(value));
			}),
		);
	});

	it('turns every {{ $json.key }} into {{key}} and leaves text without {{ $ untouched (generated keys)', () => {
		const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
		const plain = fc.string().filter((value) => !value.includes('{{') && !value.includes('}') && !value.startsWith('='));
		fc.assert(
			fc.property(plain, key, plain, (before, name, after) => {
				const source = readTemplateSource(`=${before}{{ $json.${name} }}${after}`);
				expect(source).toEqual({ template: `${before}{{${name}}}${after}`, expressions: [] });
			}),
		);
	});
});

describe('emptyVariables on every history item', () => {
	it('lists a misspelt variable on a Success item', async () => {
		const result = await send([lead], { text: '{{compnay}}の {{name}}様' });

		expect(result.success[0].json).toMatchObject({ status: 'success', emptyVariables: ['compnay'] });
		expect(posted()).toEqual(['の 山田 太郎様']);
	});

	it('lists fields that are present but empty, once each, and nothing when every variable has a value', async () => {
		const result = await send([{ ...lead, company: '' }, lead], { text: '{{company}}{{company}}{{name}}' });

		expect(result.success.map((item) => item.json.emptyVariables)).toEqual([['company'], []]);
	});

	it('names the variable in the Error item when Strict Variables is on', async () => {
		const result = await send([lead], { text: '{{compnay}}', options: { strict: true } });

		expect(result.error[0].json).toMatchObject({ status: 'error', emptyVariables: ['compnay'] });
		expect(result.error[0].json.error.message).toContain('"compnay"');
	});

	it('is [] on the items of operations without a template', async () => {
		const result = await runNode(new Chatwork(), {
			items: [{}],
			credentials: { apiToken: TOKEN, baseUrl: server.url },
			parameters: { resource: 'room', operation: 'getMany' },
		});

		expect(result.success.length).toBeGreaterThan(0);
		for (const item of result.success) expect(item.json.emptyVariables).toEqual([]);
	});

	it('lists exactly the variables the item lacks (generated items)', async () => {
		const names = ['company', 'name', 'email', 'memo'] as const;
		await fc.assert(
			fc.asyncProperty(fc.subarray([...names]), async (present) => {
				server.reset();
				const item = Object.fromEntries(present.map((name) => [name, `${name}-値`]));
				const result = await send([item], { text: `x{{company}}{{name}}{{email}}{{memo}}` });
				const items = [...result.success, ...result.error];
				expect(items[0].json.emptyVariables).toEqual(names.filter((name) => !present.includes(name)));
			}),
			{ numRuns: 20 },
		);
	});
});

describe('Include Input Fields', () => {
	it("carries the trigger's submissionId, company, name and email by default, leaving out what the item lacks", async () => {
		const result = await send([lead, { name: '佐藤' }], { roomId: room(ROOM) });

		expect(result.success.map((item) => item.json.input)).toEqual([
			{ submissionId: 'sub-1', company: '株式会社サンプル', name: '山田 太郎', email: 'taro@example.co.jp' },
			{ name: '佐藤' },
		]);
	});

	it('puts the lead on Error items too, so an alert can name it', async () => {
		// From an expression: n8n itself refuses to start a workflow with a typed-in room that is not an ID.
		const result = await send([lead], { roomId: room("={{ 'not-a-room' }}") });

		expect(result.error[0].json.input).toMatchObject({ name: '山田 太郎', submissionId: 'sub-1' });
	});

	it('carries nothing with None, every field with All, and dotted fields with Selected', async () => {
		const none = await send([lead], { includeInputFields: 'none' });
		const all = await send([lead], { includeInputFields: 'all' });
		const selected = await send([lead], { includeInputFields: 'selected', inputFieldsToInclude: 'params.会社名, email' });

		expect(none.success[0].json).not.toHaveProperty('input');
		expect(all.success[0].json.input).toEqual(lead);
		expect(selected.success[0].json.input).toEqual({ 'params.会社名': '株式会社サンプル', email: 'taro@example.co.jp' });
	});
});

describe("n8n's Settings → On Error and Delivery → If an Item Fails", () => {
	it('stops the execution on a template syntax error when n8n is set to Stop Workflow', async () => {
		await expect(send([lead], { text: '{{#if company}}' })).rejects.toThrow(/line 1/);
	});

	it('puts every item on Error (never on Success) for a template syntax error when n8n is set to Continue', async () => {
		const result = await sendContinuing([lead, lead], { text: '{{#if company}}' });

		expect(result.success).toEqual([]);
		expect(result.error.map((item) => item.json.error.delivery)).toEqual(['not_sent', 'not_sent']);
		expect(result.error[0].json.input).toMatchObject({ name: '山田 太郎' });
		expectEachItemOnExactlyOneOutput(result, 2);
	});

	it('lets n8n\'s Continue win over "Stop the Workflow": the failed item stays on Error and nothing throws', async () => {
		const result = await sendContinuing([lead, { company: '' }], {
			text: '{{company}}',
			delivery: { onError: 'stop' },
		});

		expect(result.success).toHaveLength(1);
		expect(result.error).toHaveLength(1);
	});

	it('fails the execution after trying every item with "Stop the Workflow" under Stop Workflow', async () => {
		await expect(send([lead, { company: '' }], { text: '{{company}}', delivery: { onError: 'stop' } })).rejects.toThrow(/empty/);
		expect(posted()).toEqual(['株式会社サンプル']);
	});
});
