import fc from 'fast-check';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { FIELD_TYPES, TEXT_TYPES } from '../../../nodes/SatoriWebhookTrigger/description';
import { type FieldDefinition, formatFieldLine, parseFieldList } from '../../../nodes/SatoriWebhookTrigger/fieldList';
import { readSettings } from '../../../nodes/SatoriWebhookTrigger/settings';
import { SatoriWebhookTrigger } from '../../../nodes/SatoriWebhookTrigger/SatoriWebhookTrigger.node';
import { Trigger, jsonBody } from './harness';

const field = (overrides: Partial<FieldDefinition> & { key: string }): FieldDefinition => ({
	label: '',
	type: 'text',
	required: false,
	maxLength: 0,
	choices: [],
	...overrides,
});

describe('Define Fields → As a List', () => {
	it('reads the six fields of the example workflow from six lines', () => {
		const text = [
			'company | 会社名 | required | 200',
			'name | 氏名 | 必須 | 100',
			'email | メールアドレス | email | required',
			'phone | 電話番号 | phone',
			'memo | お問い合わせ内容 | ２０００',
			'attachment | 資料 | FILE',
		].join('\n');
		expect(parseFieldList(text)).toEqual({
			fields: [
				field({ key: 'company', label: '会社名', required: true, maxLength: 200 }),
				field({ key: 'name', label: '氏名', required: true, maxLength: 100 }),
				field({ key: 'email', label: 'メールアドレス', type: 'email', required: true }),
				field({ key: 'phone', label: '電話番号', type: 'phone' }),
				field({ key: 'memo', label: 'お問い合わせ内容', maxLength: 2000 }),
				field({ key: 'attachment', label: '資料', type: 'file' }),
			],
		});
	});

	it('reads a choice with its values after a colon, a key alone, CRLF, blank and # lines', () => {
		const text = '# セミナー申込\r\n\r\nseminar | セミナー | choice：A日程、B日程, C日程 | required\r\n  utm_source  \r\n';
		expect(parseFieldList(text)).toEqual({
			fields: [
				field({ key: 'seminar', label: 'セミナー', type: 'choice', choices: ['A日程', 'B日程', 'C日程'], required: true }),
				field({ key: 'utm_source' }),
			],
		});
	});

	it.each([
		['a misspelt word', 'email | メール | requierd', 'line 1 ("email | メール | requierd"): "requierd" is not a type'],
		['two types', 'tel | 電話 | phone | email', 'it has two types ("phone" and "email")'],
		['values after a colon on a non-choice', 'email | メール | email: a, b', 'only a choice lists values after a colon'],
		['a maximum length on a file', 'cv | 履歴書 | file | 10', 'a maximum length applies to email, phone, text, url fields, not to a file field'],
		['a negative length', 'memo | メモ | -5', '"-5" is not a type'],
		['a length past what a number holds', 'memo | メモ | 99999999999999999999', 'the maximum length 99999999999999999999 is too large'],
	])('names the line and what is wrong for %s', (_case, line, message) => {
		const result = parseFieldList(line);
		expect(result).toEqual({ problem: expect.stringContaining(message) });
		expect((result as { problem: string }).problem).toMatch(/^Field List, line 1 /);
	});

	it('counts the lines the way the editor shows them, blank and # lines included', () => {
		expect(parseFieldList('# comment\n\ncompany | 会社名 | requird')).toEqual({ problem: expect.stringMatching(/^Field List, line 3 /) });
	});
});

/** A cell of the list: what parseFieldList reads back unchanged (no `|`, no line break, trimmed). */
const cell = (options: { first?: boolean; noComma?: boolean } = {}) =>
	fc
		.string({ unit: fc.constantFrom('a', 'z', '_', '-', ' ', '会', '社', '名', '1', ':', '#', ',', '、', '：', 'é'), maxLength: 10 })
		.map((text) => text.trim())
		.filter((text) => (!options.first || (text !== '' && !text.startsWith('#'))) && (!options.noComma || !/[,、\n]/.test(text)));

const generatedField: fc.Arbitrary<FieldDefinition> = fc
	.record({
		key: cell({ first: true }),
		label: cell(),
		type: fc.constantFrom(...FIELD_TYPES),
		required: fc.boolean(),
		maxLength: fc.nat({ max: 5000 }),
		choices: fc.array(cell({ noComma: true }).filter((choice) => choice !== ''), { minLength: 1, maxLength: 4 }),
	})
	.map((raw) => ({
		...raw,
		maxLength: TEXT_TYPES.includes(raw.type) ? raw.maxLength : 0,
		choices: raw.type === 'choice' ? raw.choices : [],
	}));

describe('Field List properties', () => {
	it('reads back every field it writes, in order', () => {
		fc.assert(
			fc.property(fc.array(generatedField, { maxLength: 8 }), (fields) => {
				expect(parseFieldList(fields.map(formatFieldLine).join('\n'))).toEqual({ fields });
			}),
			{ numRuns: 500 },
		);
	});

	it('never throws on any text: it gives fields without | or line breaks in them, or one problem naming a line', () => {
		const text = fc.oneof(
			fc.string({ maxLength: 200 }),
			fc.array(fc.oneof(fc.string({ maxLength: 30 }), generatedField.map(formatFieldLine)), { maxLength: 6 }).map((lines) => lines.join('\n')),
			fc.array(fc.constantFrom('|', ':', '：', ',', ' ', '\n', '\r', 'choice', 'required', '12', '１２', 'file', 'x', '#'), { maxLength: 40 }).map((parts) => parts.join('')),
		);
		fc.assert(
			fc.property(text, (value) => {
				const result = parseFieldList(value);
				if ('problem' in result) {
					expect(result.problem).toMatch(/^Field List, line \d+ \(/);
				} else {
					for (const parsed of result.fields) {
						expect(parsed.key + parsed.label + parsed.choices.join('')).not.toMatch(/[|\r\n]/);
						expect(FIELD_TYPES).toContain(parsed.type);
						expect(Number.isSafeInteger(parsed.maxLength) && parsed.maxLength >= 0).toBe(true);
					}
				}
			}),
			{ numRuns: 2000 },
		);
	});
});

/** The parameters readSettings reads, and nothing else of a webhook context. */
function settingsContext(parameters: IDataObject): IWebhookFunctions {
	return {
		getNode: () => ({ id: 'trigger', name: 'SATORI Webhook Trigger', type: 'satoriWebhookTrigger', typeVersion: 1, position: [0, 0], parameters }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
	} as unknown as IWebhookFunctions;
}

/** The same fields as the editor's Fields parameter stores them. */
function asFieldsParameter(fields: FieldDefinition[]): IDataObject {
	return {
		field: fields.map(({ choices, ...rest }) => ({ ...rest, ...(choices.length > 0 ? { choices: choices.join(', ') } : {}) })),
	};
}

describe('the two ways to define fields', () => {
	it('declare the same fields: a list and the editor\'s groups give the trigger the same settings', () => {
		const uniqueKeys = fc.uniqueArray(generatedField, { selector: (generated) => generated.key, maxLength: 6 });
		fc.assert(
			fc.property(uniqueKeys, (fields) => {
				const fromList = readSettings(settingsContext({ fieldsInput: 'list', fieldList: fields.map(formatFieldLine).join('\n') }));
				const fromFields = readSettings(settingsContext({ fields: asFieldsParameter(fields) }));
				expect(fromList).toEqual(fromFields);
			}),
			{ numRuns: 300 },
		);
	});

	it('keeps a saved workflow without Define Fields on its Fields, even when a Field List is stored too', () => {
		const settings = readSettings(settingsContext({ fieldList: 'other | 別', fields: asFieldsParameter([field({ key: 'company' })]) }));
		expect(settings.fields.map((declared) => declared.key)).toEqual(['company']);
	});
});

describe('a trigger declared with a list', () => {
	let fromList: Trigger;
	let fromFields: Trigger;
	const fields = [
		field({ key: 'company', label: '会社名', required: true, maxLength: 10 }),
		field({ key: 'email', label: 'メールアドレス', type: 'email', required: true }),
		field({ key: 'seminar', label: 'セミナー', type: 'choice', choices: ['A日程', 'B日程'] }),
		field({ key: 'consent', label: '同意', type: 'boolean', required: true }),
	];
	beforeAll(async () => {
		fromList = await Trigger.start({ parameters: { fieldsInput: 'list', fieldList: fields.map(formatFieldLine).join('\n') } });
		fromFields = await Trigger.start({ parameters: { fields: asFieldsParameter(fields) } });
	});
	afterAll(async () => {
		await fromList.close();
		await fromFields.close();
	});

	it('accepts and refuses exactly what the same fields in the editor\'s groups do, with the same answer', async () => {
		const value = fc.oneof(
			fc.constantFrom('', ' ', '株式会社リスト', 'a@example.jp', 'nope', 'A日程', 'C日程', 'on', 'はい', 'false', '株式会社とても長い会社名です'),
			fc.string({ maxLength: 12 }),
		);
		const body = fc.dictionary(fc.constantFrom('company', 'email', 'seminar', 'consent', 'メールアドレス', 'utm'), value);
		await fc.assert(
			fc.asyncProperty(body, async (submission) => {
				const [list, editor] = await Promise.all([fromList.send(jsonBody(submission)), fromFields.send(jsonBody(submission))]);
				expect(list.status).toBe(editor.status);
				expect(list.status).toBeLessThan(500);
				const strip = (items: typeof list.submission) => items.map(({ json }) => ({ ...json, submissionId: undefined, submittedAt: undefined, meta: undefined }));
				expect(strip(list.submission)).toEqual(strip(editor.submission));
				expect(list.json?.errors).toEqual(editor.json?.errors);
			}),
			{ numRuns: 60 },
		);
	});

	it('refuses to run with a list it cannot read, names the line, and passes nothing on', async () => {
		const broken = await Trigger.start({ parameters: { fieldsInput: 'list', fieldList: 'company | 会社名 | required\nemail | メール | emial' } });
		const reply = await broken.send(jsonBody({ company: '株式会社', email: 'a@example.jp' }));
		expect(reply.status).toBe(500);
		expect(reply.submission).toHaveLength(0);
		expect(String(reply.outcome.error)).toContain('Field List, line 2 ("email | メール | emial"): "emial" is not a type');
		await broken.close();
	});
});

describe('publishing a trigger whose fields cannot be read', () => {
	const node = new SatoriWebhookTrigger();
	const publish = (parameters: IDataObject) => async () => {
		const context = settingsContext(parameters) as unknown as IHookFunctions;
		if (await node.webhookMethods.default.checkExists.call(context)) return true;
		return await node.webhookMethods.default.create.call(context);
	};

	it.each([
		['a list line it cannot read', { fieldsInput: 'list', fieldList: 'company | 会社名\nemail | メール | emial' }, 'Field List, line 2'],
		['a key declared twice in the list', { fieldsInput: 'list', fieldList: 'email | a\nemail | b' }, 'The field "email" is declared twice'],
		['a choice without values in the groups', { fields: { field: [{ key: 'plan', type: 'choice', choices: ' , ' }] } }, 'no allowed values'],
	])('is refused for %s, with what is wrong', async (_case, parameters, message) => {
		await expect(publish(parameters)()).rejects.toThrow(message);
	});

	it('goes through for fields it can read, either way', async () => {
		await expect(publish({ fieldsInput: 'list', fieldList: 'company | 会社名 | required' })()).resolves.toBe(true);
		await expect(publish({ fields: asFieldsParameter([field({ key: 'company' })]) })()).resolves.toBe(true);
		await expect(publish({})()).resolves.toBe(true);
	});
});
