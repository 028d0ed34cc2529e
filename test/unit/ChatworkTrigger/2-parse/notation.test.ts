import fc from 'fast-check';

import { inertNotation } from '../../../../nodes/Chatwork/template';
import { parseNotation } from '../../../../nodes/ChatworkTrigger/2-parse/notation';
import { anyText } from '../../support/generators';

describe('reading Chatwork notation', () => {
	it('reads a reply written with Chatwork\'s Reply button', () => {
		expect(parseNotation('[rp aid=101 to=1001-1900000000000000001]Lead Botさん\n対応済み')).toEqual({
			text: 'Lead Botさん\n対応済み',
			mentions: [101],
			toAll: false,
			reply: { accountId: 101, roomId: 1001, messageId: '1900000000000000001' },
			quotes: [],
		});
	});

	it('collects To mentions once each, in order, and TO ALL', () => {
		const parsed = parseNotation('[toall]\n[To:102]山田 太郎さん\n[To:103]佐藤 花子さん\n[To:102]山田さん\n明日の会議は10時からです。');
		expect(parsed.mentions).toEqual([102, 103]);
		expect(parsed.toAll).toBe(true);
		expect(parsed.reply).toBeNull();
		expect(parsed.text).toBe('山田 太郎さん\n佐藤 花子さん\n山田さん\n明日の会議は10時からです。');
	});

	it('reads tags in any case, as Chatwork does', () => {
		expect(parseNotation('[TO:5][ToAll]hi').mentions).toEqual([5]);
		expect(parseNotation('[TO:5][ToAll]hi').toAll).toBe(true);
	});

	it('turns an info block with a title into its lines', () => {
		const body =
			'[info][title]新しいリード[/title]会社名: 株式会社サンプル\n氏名: 山田 花子\n[hr]SATORI: https://app.satori.marketing/customers/abc[/info]';
		expect(parseNotation(body).text).toBe(
			'新しいリード\n会社名: 株式会社サンプル\n氏名: 山田 花子\n\nSATORI: https://app.satori.marketing/customers/abc',
		);
	});

	it('keeps notation inside [code] as written, and counts no mention there', () => {
		const parsed = parseNotation('設定例です\n[code]\n[To:999] [toall] [info]x[/info]\n[/code]\nどうぞ');
		expect(parsed.text).toBe('設定例です\n[To:999] [toall] [info]x[/info]\nどうぞ');
		expect(parsed.mentions).toEqual([]);
		expect(parsed.toAll).toBe(false);
	});

	it('sets quotes apart, with who and when, and leaves their mentions out', () => {
		const body = '[qt][qtmeta aid=102 time=1764300000][To:101]見積もりをお願いします[/qt]\n承知しました。本日中に送ります。';
		expect(parseNotation(body)).toEqual({
			text: '承知しました。本日中に送ります。',
			mentions: [],
			toAll: false,
			reply: null,
			quotes: [{ accountId: 102, time: '2025-11-28T03:20:00.000Z', text: '見積もりをお願いします' }],
		});
	});

	it('keeps a nested quote out of its outer quote, and reads an info inside a quote', () => {
		const body = '[qt][qtmeta aid=102][qt][qtmeta aid=103]最初の発言[/qt]\n[info][title]議事録[/title]決定事項[/info][/qt]\n了解';
		const parsed = parseNotation(body);
		expect(parsed.text).toBe('了解');
		expect(parsed.quotes).toEqual([{ accountId: 102, time: null, text: '議事録\n決定事項' }]);
	});

	it('reads a quote without meta, and person tags, files and previews as Chatwork shows them', () => {
		const parsed = parseNotation('[qt]引用のみ[/qt][piconname:102]さんがファイルを追加: [download:55]見積書.pdf[/download][preview id=55 ht=120]');
		expect(parsed.quotes).toEqual([{ accountId: null, time: null, text: '引用のみ' }]);
		expect(parsed.text).toBe('さんがファイルを追加: 見積書.pdf');
	});

	it('leaves full-width brackets, unknown tags and unclosed blocks as text', () => {
		const body = '［toall］と［To:1］は普通の文字 [unknown]tag[/unknown] [info]閉じていない';
		const parsed = parseNotation(body);
		expect(parsed.text).toBe(body);
		expect(parsed.mentions).toEqual([]);
		expect(parsed.toAll).toBe(false);
	});

	it('takes the first reply tag as the reply and every replied account as a mention', () => {
		const parsed = parseNotation('[rp aid=5 to=9-100]Aさん\n[rp aid=6 to=9-200]Bさん\nまとめて返信');
		expect(parsed.reply).toEqual({ accountId: 5, roomId: 9, messageId: '100' });
		expect(parsed.mentions).toEqual([5, 6]);
	});

	it('reads a tag only as written: a NUL before its name makes it text (shown as U+FFFD), as Chatwork\'s own reader would not match it', () => {
		expect(parseNotation('[\u0000toall][\u0000To:102]本文[\u0000info]x[/info]')).toEqual({
			text: '[\ufffdtoall][\ufffdTo:102]本文[\ufffdinfo]x[/info]',
			mentions: [],
			toAll: false,
			reply: null,
			quotes: [],
		});
	});

	it('reads the message once: a tag taken out never joins its neighbours into a new tag (found by the template property, CI seed -1633747609)', () => {
		// `[To:1]` out of `toall][[To:1]toall]` used to leave `[toall]` behind, a TO ALL nobody wrote.
		expect(parseNotation('[info][To:1]toall][[To:1]toall][[/info]')).toEqual({ text: 'toall][toall][', mentions: [1], toAll: false, reply: null, quotes: [] });
		expect(parseNotation('[[picon:2]toall] [[hr]To:3] [[info]toall][/info]').toAll).toBe(false);
		expect(parseNotation('[[download:1]toall][/download]').toAll).toBe(false);
		expect(parseNotation('[[title]To:4][/title]').mentions).toEqual([]);
	});

	it('finds the message a reply answers wherever the [rp] tag stands in generated text, and only outside [code] and quotes (issue #27)', () => {
		const id = fc.integer({ min: 1, max: 2 ** 31 - 1 });
		const messageId = fc.bigInt({ min: 1n, max: 10n ** 19n }).map(String);
		// Text around the tag: anything a person or a value can write, with its own tags made inert.
		const around = anyText.map((text) => inertNotation(text));
		fc.assert(
			fc.property(around, around, id, id, messageId, fc.constantFrom('rp', 'RP', 'Rp'), fc.boolean(), (before, after, aid, roomId, message, name, newline) => {
				const tag = `[${name} aid=${aid} to=${roomId}-${message}]`;
				const body = `${before}${tag}${newline ? '\n' : ''}${after}対応済み`;
				const parsed = parseNotation(body);
				expect(parsed.reply).toEqual({ accountId: aid, roomId, messageId: message });
				expect(parsed.mentions).toEqual([aid]);
				expect(parsed.text).toContain('対応済み');
				expect(parsed.text).not.toContain(tag);
				// The same tag quoted or inside [code] is not this message's reply.
				expect(parseNotation(`${before}[code]${tag}[/code]${after}`).reply).toBeNull();
				expect(parseNotation(`[qt][qtmeta aid=5 time=1700000000]${tag}${after}[/qt]${before}`).reply).toBeNull();
			}),
			{ numRuns: 2000 },
		);
	});

	it('never throws, never leaves a tag it removed, and only reports IDs written in the body (generated)', () => {
		const piece = fc.oneof(
			fc.string(),
			fc.constantFrom('[To:12]', '[toall]', '[rp aid=7 to=1-2]', '[info]', '[/info]', '[title]', '[/title]', '[qt]', '[/qt]', '[qtmeta aid=3 time=1]', '[code]', '[/code]', '[hr]', '\n', '\u0000', 'テキスト'),
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
				const body = pieces.join('');
				const parsed = parseNotation(body);
				expect(parsed.text).not.toContain('\u0000');
				for (const id of parsed.mentions) expect(body).toMatch(new RegExp(`(to:|aid=)${id}\\b`, 'i'));
				if (!/\[code\]/i.test(body)) {
					expect(parsed.text).not.toMatch(/\[to:\d+\]|\[rp aid=\d+ to=\d+-\d+\]|\[toall\]/i);
				}
				expect(parsed.toAll).toBe(parsed.toAll && /\[toall\]/i.test(body));
			}),
			{ numRuns: 500 },
		);
	});
});
