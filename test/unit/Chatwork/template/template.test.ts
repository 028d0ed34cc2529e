import Handlebars from 'handlebars';
import type { IDataObject } from 'n8n-workflow';

import {
	compileTemplate,
	inertNotation,
	MissingVariableError,
	TemplateSyntaxError,
} from '../../../../nodes/Chatwork/template';
import type { TemplateOptions } from '../../../../nodes/Chatwork/template';

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

const SEED_TEMPLATE =
	'●●セミナーのお申込みフォームから{{company}}の {{name}}様の登録がありました。SATORIのカスタマー詳細ページは{{customer_detail_url}}です。';

const lead = {
	company: '株式会社サンプル',
	name: '山田 太郎',
	customer_detail_url: 'https://app.satori.marketing/customers/abc123',
};

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
	])('counts what normalises to a tag (NFKC, invisible characters removed) as that tag: %s', (_case, memo, shown) => {
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

describe('Chatwork notation helpers', () => {
	it('{{cw_to}} mentions an account, optionally followed by a name', () => {
		expect(render('{{cw_to 123}}')).toBe('[To:123]');
		expect(render('{{cw_to 123 "山田様"}}')).toBe('[To:123]山田様');
		expect(render('{{cw_to owner.id owner.name}}さん', { owner: { id: '456', name: '佐藤' } })).toBe('[To:456]佐藤さん');
	});

	it('{{cw_to}} makes a name from the data inert and refuses ids that are not numbers', () => {
		expect(render('{{cw_to 1 name}}', { name: '[toall]' })).toBe('[To:1]［toall］');
		expect(render('<{{cw_to id}}>', { id: '1][toall' })).toBe('<>');
	});

	it('{{cw_toall}} and {{cw_hr}} write their tags', () => {
		expect(render('{{cw_toall}} 新着{{cw_hr}}')).toBe('[toall] 新着[hr]');
	});

	it('{{#cw_info title=…}} wraps its content in an info box, data inside it still inert', () => {
		expect(render('{{#cw_info title="新しいリード"}}{{company}}の{{name}}様{{/cw_info}}', { company: '[toall]', name: '山田' })).toBe(
			'[info][title]新しいリード[/title]［toall］の山田様[/info]',
		);
		expect(render('{{#cw_info}}本文{{/cw_info}}')).toBe('[info]本文[/info]');
		expect(render('{{#cw_info title=company}}x{{/cw_info}}', { company: '[hr]' })).toBe('[info][title]［hr］[/title]x[/info]');
	});

	it('{{cw_info "text" title="t"}} works inline', () => {
		expect(render('{{cw_info memo title="メモ"}}', { memo: '[/info]' })).toBe('[info][title]メモ[/title]［/info］[/info]');
		expect(render('{{cw_info "本文" title="t"}}')).toBe('[info][title]t[/title]本文[/info]');
	});

	it('{{#cw_code}} wraps its content in a code block that data cannot close early', () => {
		expect(render('{{#cw_code}}{{payload}}{{/cw_code}}', { payload: '{"a":1}[/code][toall]' })).toBe(
			'[code]{"a":1}［/code］［toall］[/code]',
		);
		expect(render('{{cw_code payload}}', { payload: 'x' })).toBe('[code]x[/code]');
	});

	it('{{cw_rp}} writes a reply tag', () => {
		expect(render('{{cw_rp 11 22 "3333"}}')).toBe('[rp aid=11 to=22-3333]');
		expect(render('{{cw_rp aid room mid name}}', { aid: 1, room: 2, mid: '3', name: '山田様' })).toBe('[rp aid=1 to=2-3]山田様');
	});

	it('{{cw_picon}}, {{cw_pname}} and {{cw_piconname}} write profile tags', () => {
		expect(render('{{cw_picon 1}}{{cw_pname 2}}{{cw_piconname 3}}')).toBe('[picon:1][pname:2][piconname:3]');
	});

	it('combines helpers into a typical lead notification', () => {
		const source = '{{cw_to 101}}{{#cw_info title="新しいリード"}}会社: {{company}}\n氏名: {{name}}様{{cw_hr}}{{customer_detail_url}}{{/cw_info}}';
		expect(render(source, lead)).toBe(
			'[To:101][info][title]新しいリード[/title]会社: 株式会社サンプル\n氏名: 山田 太郎様[hr]https://app.satori.marketing/customers/abc123[/info]',
		);
	});
});

describe('lead helpers', () => {
	it('{{default}} replaces a missing, empty or blank value', () => {
		const source = '{{default company "（未入力）"}}';
		expect(render(source, {})).toBe('（未入力）');
		expect(render(source, { company: '' })).toBe('（未入力）');
		expect(render(source, { company: '  ' })).toBe('（未入力）');
		expect(render(source, { company: null })).toBe('（未入力）');
		expect(render(source, { company: [] })).toBe('（未入力）');
		expect(render(source, { company: 'ACME' })).toBe('ACME');
		expect(render(source, { company: 0 })).toBe('0');
		expect(render('{{default company name "?"}}', { name: '山田' })).toBe('山田');
	});

	it('{{truncate}} cuts by characters, never through Japanese or an emoji', () => {
		expect(render('{{truncate memo 5}}', { memo: 'あいうえおかきくけこ' })).toBe('あいうえお…');
		expect(render('{{truncate memo 5 "（続く）"}}', { memo: 'あいうえおかきくけこ' })).toBe('あいうえお（続く）');
		expect(render('{{truncate memo 5 ""}}', { memo: 'あいうえおかきくけこ' })).toBe('あいうえお');
		expect(render('{{truncate memo 10}}', { memo: 'あいうえお' })).toBe('あいうえお');
		expect(render('{{truncate memo 2}}', { memo: '😀😀😀' })).toBe('😀😀…');
		expect(render('{{truncate memo 3}}', { memo: '😀😀' })).toBe('😀😀');
		expect(render('{{truncate memo 3}}', { memo: '🇯🇵🇯🇵' })).toBe('🇯🇵…');
		expect(render('{{truncate memo 2}}', { memo: 'あか\u3099き' })).toBe('あ…');
		expect(render('{{truncate memo 1}}', { memo: '👍🏽です' })).toBe('…');
	});

	it('{{join}} writes a list with a separator', () => {
		expect(render('{{join interests "、"}}', { interests: ['資料請求', 'デモ'] })).toBe('資料請求、デモ');
		expect(render('{{join interests}}', { interests: ['a', 'b'] })).toBe('a, b');
		expect(render('{{join interests "、"}}', { interests: 'ひとつ' })).toBe('ひとつ');
	});

	it('{{json}} writes a value as JSON, optionally indented', () => {
		const params = { company: 'ACME', tags: ['a'] };
		expect(render('{{json params}}', { params })).toBe('{"company":"ACME","tags":["a"]}');
		expect(render('{{json params 2}}', { params })).toBe(JSON.stringify(params, null, 2));
		expect(render('{{json this}}', { a: '日本語' })).toBe('{"a":"日本語"}');
	});

	it('a helper name alone reads the data field of that name, since forms have fields called "date"', () => {
		expect(render('{{date}} {{json}}', { date: '2026-11-28', json: 'j' })).toBe('2026-11-28 j');
	});

	describe('{{date}}', () => {
		const submittedAt = '2026-11-28T00:30:00Z';

		afterEach(() => jest.useRealTimers());

		it('shows an ISO time in Asia/Tokyo by default', () => {
			expect(render('{{date submittedAt "YYYY-MM-DD HH:mm"}}', { submittedAt })).toBe('2026-11-28 09:30');
			expect(render('{{date submittedAt}}', { submittedAt })).toBe('2026-11-28 09:30');
		});

		it('uses the time zone option, and tz= per call', () => {
			expect(render('{{date submittedAt "YYYY-MM-DD HH:mm Z"}}', { submittedAt }, { timeZone: 'America/New_York' })).toBe(
				'2026-11-27 19:30 -05:00',
			);
			expect(render('{{date submittedAt "YYYY-MM-DD HH:mm Z" tz="UTC"}}', { submittedAt })).toBe('2026-11-28 00:30 +00:00');
			expect(render('{{date submittedAt "HH:mm ZZ" tz=zone}}', { submittedAt, zone: 'Asia/Kolkata' })).toBe('06:00 +0530');
			expect(render('{{date submittedAt "HH:mm" tz=zone}}', { submittedAt, zone: 'Tokyo?' })).toBe('09:30');
		});

		it('follows daylight saving time', () => {
			const data = { winter: '2026-01-15T12:00:00Z', summer: '2026-07-15T12:00:00Z' };
			expect(render('{{date winter "HH:mm Z" tz="Europe/Berlin"}} {{date summer "HH:mm Z" tz="Europe/Berlin"}}', data)).toBe(
				'13:00 +01:00 14:00 +02:00',
			);
		});

		it('accepts unix seconds and milliseconds, as numbers or digit strings', () => {
			const expected = '2026-11-28 09:30';
			expect(render('{{date t}}', { t: 1795825800 })).toBe(expected);
			expect(render('{{date t}}', { t: 1795825800000 })).toBe(expected);
			expect(render('{{date t}}', { t: '1795825800' })).toBe(expected);
		});

		it('reads a date-time without offset as a time in the chosen zone', () => {
			expect(render('{{date t "YYYY-MM-DD HH:mm Z"}}', { t: '2026-11-28 09:00' })).toBe('2026-11-28 09:00 +09:00');
			expect(render('{{date t "YYYY-MM-DD HH:mm Z" tz="America/New_York"}}', { t: '2026-07-01T09:00' })).toBe('2026-07-01 09:00 -04:00');
			expect(render('{{date t "YYYY/M/D"}}', { t: '2026-11-28' })).toBe('2026/11/28');
		});

		it('understands "now"', () => {
			jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
			expect(render('{{date "now" "YYYY-MM-DD HH:mm"}}')).toBe('2026-01-01 09:00');
		});

		it('writes Japanese weekdays and 午前/午後, and text in [brackets] as is', () => {
			expect(render('{{date submittedAt "YYYY年M月D日(ddd) A h:mm"}}', { submittedAt })).toBe('2026年11月28日(土) 午前 9:30');
			expect(render('{{date submittedAt "dddd [at] HH:mm:ss.SSS"}}', { submittedAt })).toBe('土曜日 at 09:30:00.000');
		});

		it('shows a date outside what JavaScript can represent as it is, instead of throwing', () => {
			expect(render('{{n}} {{date when}}', { n: 1, when: '99999999999999999' })).toBe('1 99999999999999999');
			expect(render('{{date when}}', { when: -1e17 })).toBe('-100000000000000000');
			expect(render('{{date when}}', { when: '275760-09-14' })).toBe('275760-09-14');
			expect(render('{{date when}}', { when: new Date(8.64e15) })).toBe('+275760-09-13T00:00:00.000Z');
		});

		it('reads years 0 to 99 as written, not as 1900–1999', () => {
			expect(render('{{date "0000-01-01" "YYYY-MM-DD"}}')).toBe('0000-01-01');
			expect(render('{{date "0099-12-31 23:59" "YYYY-MM-DD HH:mm"}}')).toBe('0099-12-31 23:59');
			expect(render('{{date "0001-06-15" "YYYY-MM-DD HH:mm" tz="UTC"}}')).toBe('0001-06-15 00:00');
		});

		it('shows a value that is not a date as it is, and nothing when it is missing', () => {
			expect(render('{{date t "YYYY"}}', { t: '来週の火曜' })).toBe('来週の火曜');
			expect(render('[{{date t "YYYY"}}]', {})).toBe('[]');
		});
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
