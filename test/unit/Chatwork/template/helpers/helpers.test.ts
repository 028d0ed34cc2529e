import type { IDataObject } from 'n8n-workflow';

import { compileTemplate } from '../../../../../nodes/Chatwork/template';
import type { TemplateOptions } from '../../../../../nodes/Chatwork/template';
import { SEED_LEAD } from '../../../../fixtures/seed';

const render = (source: string, data: IDataObject = {}, options?: TemplateOptions) => compileTemplate(source, options)(data);

const lead = SEED_LEAD;

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
