import Handlebars from 'handlebars';
import type { IDataObject } from 'n8n-workflow';

import { compileTemplate, inertNotation, MissingVariableError, TemplateSyntaxError } from '../../../../nodes/Chatwork/template';
import type { TemplateOptions } from '../../../../nodes/Chatwork/template';
import { SEED_LEAD, SEED_TEMPLATE } from '../../../fixtures/seed';

const render = (source: string, data: IDataObject = {}, options?: TemplateOptions) => compileTemplate(source, options)(data);

/** The compile error of a template, or a failure if it compiles. */
function syntaxErrorOf(source: string): TemplateSyntaxError {
	try {
		compileTemplate(source);
	} catch (error) {
		if (error instanceof TemplateSyntaxError) return error;
		throw error;
	}
	throw new Error(`expected a syntax error for ${JSON.stringify(source)}`);
}

const lead = SEED_LEAD;

describe('SATORI templates', () => {
	it('renders the seed article example byte for byte', () => {
		expect(render(SEED_TEMPLATE, lead)).toBe(
			'●●セミナーのお申込みフォームから株式会社サンプルの 山田 太郎様の登録がありました。SATORIのカスタマー詳細ページはhttps://app.satori.marketing/customers/abc123です。',
		);
	});

	it('renders {{params:x}} and {{custom:x}} like {{x}}, so a template pasted from SATORI works unchanged', () => {
		const pasted = SEED_TEMPLATE.replace('{{company}}', '{{params:company}}').replace('{{name}}', '{{custom:name}}');
		expect(render(pasted, lead)).toBe(render(SEED_TEMPLATE, lead));
	});

	it('reads SATORI variables inside helpers and blocks too', () => {
		expect(render('{{default params:department "（未入力）"}}', {})).toBe('（未入力）');
		expect(render('{{#if custom:company}}{{truncate params:company 4}}{{/if}}', lead)).toBe('株式会社…');
	});

	it('keeps Japanese text and emoji intact', () => {
		expect(render('🎉 {{name}}様 {{memo}} 🙇‍♂️', { name: '髙橋 𠮷野', memo: 'よろしくお願いします😊👨‍👩‍👧🇯🇵' })).toBe(
			'🎉 髙橋 𠮷野様 よろしくお願いします😊👨‍👩‍👧🇯🇵 🙇‍♂️',
		);
	});

	it('does not HTML-escape anything: Chatwork messages are plain text', () => {
		const data = { company: 'A&B <株式会社> "quoted" \'single\' `tick` =', url: 'https://x.example/?a=1&b=2' };
		expect(render('{{company}} {{{company}}} {{url}}', data)).toBe(
			'A&B <株式会社> "quoted" \'single\' `tick` = A&B <株式会社> "quoted" \'single\' `tick` = https://x.example/?a=1&b=2',
		);
		expect(render('<b>&amp;</b> {{json value}}', { value: { html: '<&>' } })).toBe('<b>&amp;</b> {"html":"<&>"}');
	});
});

describe('values', () => {
	it('writes numbers and booleans as text, and null or undefined as nothing', () => {
		expect(render('{{n}}|{{zero}}|{{yes}}|{{no}}|{{nothing}}|{{missing}}|', { n: 12.5, zero: 0, yes: true, no: false, nothing: null })).toBe(
			'12.5|0|true|false|||',
		);
	});

	it('joins arrays with ", " and skips empty entries', () => {
		expect(render('{{interests}}', { interests: ['資料請求', null, 'デモ', 3] })).toBe('資料請求, デモ, 3');
	});

	it('writes objects as JSON rather than [object Object]', () => {
		expect(render('{{address}} / {{list}}', { address: { pref: '東京都', zip: '100-0001' }, list: [{ a: 1 }] })).toBe(
			'{"pref":"東京都","zip":"100-0001"} / {"a":1}',
		);
	});

	it('reads nested fields, array items and the current item in loops', () => {
		const data = { params: { company: 'ACME' }, items: ['a', 'b'] };
		expect(render('{{params.company}} {{items.[1]}} {{#each items}}{{@index}}={{this}};{{/each}}', data)).toBe('ACME b 0=a;1=b;');
	});

	it('keeps Handlebars blocks working: else if, unless, each with keys and block params, with, sections, ../ and @root', () => {
		const data = { company: 'ACME', score: 0, items: [{ name: 'x' }, { name: 'y' }], obj: { k1: 'v1', k2: 'v2' }, person: { name: '山田' } };
		expect(render('{{#if score}}a{{else if company}}b{{else}}c{{/if}} {{#unless score}}u{{/unless}}', data)).toBe('b u');
		expect(render('{{#each obj}}{{@key}}={{this}};{{/each}} {{#each items as |item i|}}{{i}}{{item.name}}{{/each}}', data)).toBe('k1=v1;k2=v2; 0x1y');
		expect(render('{{#with person}}{{name}}/{{../company}}/{{@root.company}}{{/with}} {{#items}}<{{name}}>{{/items}}{{^none}}-{{/none}}', data)).toBe(
			'山田/ACME/ACME <x><y>-',
		);
		expect(render('{{#if score includeZero=true}}zero{{/if}} {{lookup obj "k2"}} {{会社名}} {{[会社 名]}}', { ...data, 会社名: '日本', '会社 名': 'sp' })).toBe(
			'zero v2 日本 sp',
		);
		expect(render('a {{~company~}} b{{! note }}{{!-- note --}} \\{{company}}', data)).toBe('aACMEb {{company}}');
	});

	it('drops the lines of standalone block tags, as Handlebars does', () => {
		expect(render('会社: {{company}}\n{{#if memo}}\nメモ: {{memo}}\n{{/if}}\n以上', { company: 'A', memo: 'm' })).toBe('会社: A\nメモ: m\n以上');
	});
});

describe('Chatwork notation safety', () => {
	const tagsFromData: Array<[string, string]> = [
		['[toall]', '［toall］'],
		['[To:123]', '［To:123］'],
		['[to:123]', '［to:123］'],
		['[ TO : 123 ]', '［ TO : 123 ］'],
		['[rp aid=1 to=2-3]', '［rp aid=1 to=2-3］'],
		['[qt][qtmeta aid=1 time=1700000000]引用[/qt]', '［qt］［qtmeta aid=1 time=1700000000］引用［/qt］'],
		['[info]x[/info]', '［info］x［/info］'],
		['[info][title]件名[/title]本文[/info]', '［info］［title］件名［/title］本文［/info］'],
		['[code]x[/code]', '［code］x［/code］'],
		['[/code]', '［/code］'],
		['[ / Info ]', '［ / Info ］'],
		['[hr]', '［hr］'],
		['[picon:1]', '［picon:1］'],
		['[pname:1]', '［pname:1］'],
		['[piconname:1]', '［piconname:1］'],
		['[TOALL]', '［TOALL］'],
	];

	it.each(tagsFromData)('makes %s from the data inert but still readable', (value, shown) => {
		expect(render('{{memo}}', { memo: `前 ${value} 後` })).toBe(`前 ${shown} 後`);
	});

	it('leaves brackets that hold no Latin word alone', () => {
		const memo = '[重要] [1] [ ] 配列[0] [１２] [#3] [] 【案件】 ［toall］';
		expect(render('{{memo}}', { memo })).toBe(memo);
	});

	it.each([
		'[task aid=101 st=open lt=0]電話[/task]',
		'[download:123]見積書.pdf[/download]',
		'[preview id=123 ht=100]',
		'[dtext:chatroom_chat_edited]',
		'[qt][qtmeta aid=1 time=1700000000]引用[/qt]',
		'[piconname:1][picon:2][pname:3]',
		'[deleted]',
		'[information] [to do] [toallx] [Ｘ]',
	])('treats any bracketed Latin word from the data as notation Chatwork may parse: %s', (memo) => {
		expect(render('{{memo}}', { memo })).toBe(memo.replace(/\[/g, '［').replace(/\]/g, '］'));
	});

	it.each([
		['full-width letters', '[ｔｏａｌｌ]', '［ｔｏａｌｌ］'],
		['full-width capitals', '[ＴＯ:１]', '［ＴＯ:１］'],
		['a zero-width space inside', '[to\u200ball]', '［to\u200ball］'],
		['a zero-width character before the name', '[\u200b\u2060toall]', '［\u200b\u2060toall］'],
		['a soft hyphen and an ideographic space', '[\u00ad\u3000/info]', '［\u00ad\u3000/info］'],
		['a full-width slash', '[／info]', '［／info］'],
		['a NUL before the name', '[\u0000toall]', '［\u0000toall］'],
		['a NUL before a mention', '[\u0000To:102]', '［\u0000To:102］'],
		['a NUL before a block tag', '[\u0000info]x[/info]', '［\u0000info］x［/info］'],
		['C0 and DEL controls', '[\u0001\u001f\u007fhr]', '［\u0001\u001f\u007fhr］'],
		['C1 controls (NEL, CSI)', '[\u0085\u009bTo:1]', '［\u0085\u009bTo:1］'],
		['combining marks', '[\u0301\u20ddtoall]', '［\u0301\u20ddtoall］'],
		['lone surrogates', '[\udfff\ud800picon:1]', '［\udfff\ud800picon:1］'],
	])('counts what normalises to a tag (NFKC; invisible characters, controls, marks and lone surrogates removed) as that tag: %s', (_case, memo, shown) => {
		expect(render('{{memo}}', { memo })).toBe(shown);
	});

	it('is idempotent', () => {
		const samples = ['[toall]', '[to [toall] x]', '[abc [toall]', 'memo [To:12', '[[toall]]', '［toall］', '[info]a[/info] [重要]'];
		for (const sample of samples) {
			const once = inertNotation(sample);
			expect(inertNotation(once)).toBe(once);
		}
	});

	it('does not let two values build a tag together', () => {
		expect(render('{{a}}{{b}}', { a: 'メモ [to', b: 'all]' })).toBe('メモ ［toall］');
		expect(render('{{a}}{{b}}', { a: '[', b: 'To:1]' })).toBe('［To:1］');
	});

	it.each<[string, IDataObject, string]>([
		['[{{category}}] 新しいお問い合わせ', { category: 'toall' }, '［toall］ 新しいお問い合わせ'],
		['[{{category}}] 新しいお問い合わせ', { category: 'To:101' }, '［To:101］ 新しいお問い合わせ'],
		['[{{category}}] 新しいお問い合わせ', { category: '/info' }, '［/info］ 新しいお問い合わせ'],
		['[{{category}}] 新しいお問い合わせ', { category: 'info' }, '［info］ 新しいお問い合わせ'],
		['[To:{{id}}]さん', { id: '101' }, '［To:101］さん'],
		['[{{x}}all]', { x: 'to' }, '［toall］'],
		['{{x}}toall]', { x: 'メモ[' }, 'メモ［toall］'],
		['[toall{{x}}', { x: '] です' }, '［toall］ です'],
		['[qtmeta aid={{aid}}]', { aid: '1' }, '［qtmeta aid=1］'],
		['[{{#if yes}}toall{{/if}}]', { yes: true }, '[toall]'],
		['{{#each tags}}[{{this}}]{{/each}}', { tags: ['info', '重要'] }, '［info］[重要]'],
	])('makes a tag inert when a data value starts, ends, names or fills it in: %s with %j', (source, data, expected) => {
		expect(render(source, data)).toBe(expected);
	});

	it('keeps notation written in the template live right beside data', () => {
		expect(render('[toall]{{x}}[info]{{y}}[/info]', { x: '[hr]', y: '本文 ]' })).toBe('[toall]［hr］[info]本文 ][/info]');
	});

	it('makes notation inert in every kind of data output: triple braces, arrays, objects, helpers', () => {
		const data = { memo: '[toall]', list: ['[toall]'], object: { note: '[toall]' } };
		expect(render('{{{memo}}} {{list}} {{object}}', data)).toBe('［toall］ ［toall］ {"note":"［toall］"}');
		expect(render('{{default memo "x"}} {{truncate memo 10}} {{join list "、"}} {{json object}}', data)).toBe(
			'［toall］ ［toall］ ［toall］ {"note":"［toall］"}',
		);
		expect(render('{{lookup this "memo"}} {{#with object}}{{note}}{{/with}}', data)).toBe('［toall］ ［toall］');
	});

	it('keeps notation written in the template itself', () => {
		expect(render('[toall]\n[info][title]新しいリード[/title]{{company}}[/info][hr]', { company: '[toall]' })).toBe(
			'[toall]\n[info][title]新しいリード[/title]［toall］[/info][hr]',
		);
	});

	it('lets {{raw field}} through untouched, for one value only', () => {
		expect(render('{{raw memo}} {{memo}}', { memo: '[To:1] さん' })).toBe('[To:1] さん ［To:1］ さん');
	});

	it('writes a {{{{raw}}}} block as literal template text', () => {
		expect(render('{{{{raw}}}}{{company}}{{{{/raw}}}} {{company}}', { company: 'A' })).toBe('{{company}} A');
	});

	it('can be turned off for trusted data', () => {
		expect(render('{{memo}}', { memo: '[toall] [To:1]' }, { notationSafety: false })).toBe('[toall] [To:1]');
	});
});

describe('missing variables', () => {
	it('render empty by default', () => {
		expect(render('会社: {{company}} / {{params.company}} / {{truncate memo 10}}', {})).toBe('会社:  /  / ');
	});

	it('throw MissingVariableError naming the variable in strict mode', () => {
		const strict = { strict: true };
		expect(() => render('会社: {{company}}', {}, strict)).toThrow(MissingVariableError);
		expect(() => render('{{company}}', { company: null }, strict)).toThrow('"company"');
		try {
			render('line one\n  {{params.company}}', { params: {} }, strict);
			throw new Error('expected MissingVariableError');
		} catch (error) {
			expect(error).toBeInstanceOf(MissingVariableError);
			expect((error as MissingVariableError).variable).toBe('params.company');
			expect((error as MissingVariableError).message).toContain('line 2, column 3');
		}
	});

	it('name the value a helper was given in strict mode', () => {
		expect(() => render('{{truncate memo 10}}', {}, { strict: true })).toThrow(expect.objectContaining({ variable: 'memo' }));
		expect(() => render('{{params:company}}', {}, { strict: true })).toThrow(expect.objectContaining({ variable: 'company' }));
	});

	it('do not throw in strict mode for {{#if}}, {{#each}}, {{default}} or an empty string', () => {
		const source = '{{#if company}}{{company}}{{else}}なし{{/if}} {{#each tags}}{{this}}{{/each}}{{default memo "（未入力）"}}{{empty}}';
		expect(render(source, { empty: '' }, { strict: true })).toBe('なし （未入力）');
	});
});

describe('syntax errors', () => {
	it('name line and column in words a template author understands', () => {
		const error = syntaxErrorOf('こんにちは\nabc {{#if company}}会社あり');
		expect(error).toBeInstanceOf(TemplateSyntaxError);
		expect(error.message).toBe('Template error at line 2, column 5: unclosed {{#if}}: add {{/if}} where the block ends');
		expect([error.line, error.column]).toEqual([2, 5]);
	});

	const cases: Array<[string, number, number, string]> = [
		['{{company', 1, 1, 'a closing }} is missing'],
		['会社 {{company}}\n{{name', 2, 1, 'a closing }} is missing'],
		['{{#if a}}x{{/each}}', 1, 1, '{{#if}} is closed with {{/each}}'],
		['x\n{{/if}}', 2, 1, '{{/if}} has no matching {{#if}}'],
		['{{#each items}}{{#if a}}{{/each}}', 1, 16, '{{#if}} is closed with {{/each}}'],
		['{{}}', 1, 3, 'empty {{ }}'],
		['{{default company "x}}', 1, 19, 'the quote " is not closed'],
		['{{cw_info title=}}', 1, 17, 'no value after "="'],
		['{{{company}}', 1, 11, '{{{ must be closed with }}}'],
		['{{!-- メモ', 1, 1, 'unclosed comment'],
		['🎉🎉 {{#each x}}', 1, 4, 'unclosed {{#each}}'],
		['{{shout company}}', 1, 1, 'unknown helper "shout"'],
		['{{truncate memo}}', 1, 1, '{{truncate}} takes 2 to 3 values, not 1'],
		['{{#if}}x{{/if}}', 1, 1, '{{#if}} takes 1 value, not 0'],
		['{{date t tz="Tokyo"}}', 1, 13, 'unknown time zone "Tokyo"'],
		['{{date t timezone="UTC"}}', 1, 10, 'has no option timezone='],
		['{{#cw_to 1}}x{{/cw_to}}', 1, 1, '{{cw_to}} cannot open a block'],
		['{{> footer}}', 1, 1, 'partials'],
		['{{log company}}', 1, 1, 'unknown helper "log"'],
	];

	it.each(cases)('%j → line %d, column %d: %s', (source, line, column, reason) => {
		const error = syntaxErrorOf(source);
		expect(error.message).toContain(reason);
		expect(error.message).toMatch(/^Template error at line \d+, column \d+: /);
		expect([error.line, error.column]).toEqual([line, column]);
	});

	it('are thrown by compileTemplate, before anything is rendered', () => {
		expect(() => compileTemplate('{{#if x}}')).toThrow(TemplateSyntaxError);
	});

	it('reject an unknown time zone option', () => {
		expect(() => compileTemplate('x', { timeZone: 'Mars/Olympus' })).toThrow(/Unknown time zone "Mars\/Olympus"/);
	});
});

describe('prototype access', () => {
	it('renders nothing for inherited properties', () => {
		const data = { company: 'ACME', list: [1] };
		const source =
			'[{{constructor}}][{{__proto__}}][{{lookup this "constructor"}}][{{constructor.name}}][{{company.constructor}}]' +
			'[{{#with constructor}}{{name}}{{/with}}][{{lookup (lookup this "constructor") "name"}}][{{list.constructor}}][{{this.__proto__.toString}}]';
		expect(render(source, data)).toBe('[][][][][][][][][]');
	});

	it('does not log Handlebars warnings about it', () => {
		const spies = (['log', 'warn', 'error', 'info'] as const).map((method) => jest.spyOn(console, method).mockImplementation(() => undefined));
		try {
			render('{{constructor}}{{lookup this "__defineGetter__"}}{{valueOf}}', {});
			for (const spy of spies) expect(spy).not.toHaveBeenCalled();
		} finally {
			for (const spy of spies) spy.mockRestore();
		}
	});

	it('rejects the known code-execution payloads at compile time', () => {
		const payload =
			'{{#with "s" as |string|}}{{#with "e"}}{{#with split as |conslist|}}{{this.pop}}{{this.push (lookup string.sub "constructor")}}' +
			'{{this.pop}}{{#with string.split as |codelist|}}{{this.pop}}{{this.push "return process.version;"}}{{this.pop}}' +
			'{{#each conslist}}{{#with (string.sub.apply 0 codelist)}}{{this}}{{/with}}{{/each}}{{/with}}{{/with}}{{/with}}{{/with}}';
		expect(() => compileTemplate(payload)).toThrow(TemplateSyntaxError);
	});
});

describe('compilation', () => {
	it('parses once and renders many items with different data', () => {
		const parse = jest.spyOn(Handlebars, 'parse');
		try {
			const renderLead = compileTemplate(SEED_TEMPLATE);
			const messages = Array.from({ length: 50 }, (_, index) =>
				renderLead({ company: `会社${index}`, name: `氏名${index}`, customer_detail_url: `https://x/${index}` }),
			);
			expect(parse).toHaveBeenCalledTimes(1);
			expect(new Set(messages).size).toBe(50);
			expect(messages[7]).toContain('会社7の 氏名7様');
			expect(renderLead({})).toBe('●●セミナーのお申込みフォームからの 様の登録がありました。SATORIのカスタマー詳細ページはです。');
		} finally {
			parse.mockRestore();
		}
	});

	it('leaves the global Handlebars untouched: other n8n nodes share it', () => {
		const before = Object.keys(Handlebars.helpers).sort();
		compileTemplate('{{cw_to 1}}{{default a "b"}}{{#each x}}{{/each}}')({});
		expect(Object.keys(Handlebars.helpers).sort()).toEqual(before);
		expect(Handlebars.compile('{{a}}')({ a: '<&>' })).toBe('&lt;&amp;&gt;');
	});

	it('renders a 200-character lead template without recompiling it', () => {
		const source =
			'{{cw_to 101}}●●セミナーのお申込みフォームから{{company}}の {{name}}様の登録がありました。\n' +
			'SATORIのカスタマー詳細ページは{{customer_detail_url}}です。\nメール: {{email}} 電話: {{default phone "（未入力）"}}\n' +
			'受付: {{date submittedAt "YYYY-MM-DD HH:mm"}}\n{{truncate memo 40}}';
		const renderLead = compileTemplate(source);
		const data = { ...lead, email: 'taro@example.jp', phone: '', submittedAt: '2026-11-28T00:30:00Z', memo: '資料請求 [toall] です。' };
		const create = jest.spyOn(Handlebars, 'create');
		try {
			const first = renderLead(data);
			for (let i = 0; i < 2000; i++) expect(renderLead(data)).toBe(first);
			// Rendering reuses the compiled program: no new Handlebars environment, hence no compile, per item
			// (the time per message is measured in bench/, row 5).
			expect(create).not.toHaveBeenCalled();
			compileTemplate(source);
			expect(create).toHaveBeenCalledTimes(1);
		} finally {
			create.mockRestore();
		}
	});
});
