// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderNotation } = require('../../../../sandbox/page/notation') as {
	renderNotation: (body: string, context: { nameOf: (id: number) => string | undefined }) => string;
};

const NAMES: Record<number, string> = { 101: 'Lead Bot', 102: '山田 太郎', 103: '佐藤 花子' };
const render = (body: string) => renderNotation(body, { nameOf: (id) => NAMES[id] });

describe('sandbox notation renderer', () => {
	it('renders [info][title]…[/title]…[/info] as a titled box, keeping line breaks and dropping the one after the title', () => {
		const html = render('[info][title]新しいリード[/title]\n会社名: サトリ商事\n氏名: 山田 太郎[/info]\n対応お願いします');
		expect(html).toBe(
			'<div class="cw-info"><div class="cw-info-title"><span class="cw-info-icon" aria-hidden="true">i</span>新しいリード</div>' +
				'<div class="cw-info-body">会社名: サトリ商事\n氏名: 山田 太郎</div></div>対応お願いします',
		);
	});

	it('renders [info] without a title as a plain box', () => {
		expect(render('[info]お知らせ[/info]')).toBe('<div class="cw-info"><div class="cw-info-body">お知らせ</div></div>');
	});

	it('renders [To:id] as a TO badge with the member, without repeating a name the text already gives', () => {
		const bare = render('[To:102]\nご確認ください');
		expect(bare).toContain('<span class="cw-badge cw-to">TO</span>');
		expect(bare).toContain('<span class="cw-name">山田 太郎</span>');
		expect(bare).toContain('title="山田 太郎">山</span>');
		const named = render('[To:102]山田さん');
		expect(named).toContain('<span class="cw-badge cw-to">TO</span>');
		expect(named).not.toContain('cw-name');
		expect(named.endsWith('山田さん')).toBe(true);
		expect(render('[to:999]')).toContain('<span class="cw-name">ID 999</span>');
	});

	it('renders [toall], [rp …], [hr], [picon], [pname] and [piconname]', () => {
		expect(render('[toall]皆さん')).toBe('<span class="cw-badge cw-to">TO ALL</span>皆さん');
		const reply = render('[rp aid=103 to=1001-1900000000000000001]\n了解です');
		expect(reply).toContain('<span class="cw-badge cw-rp">RE</span>');
		expect(reply).toContain('佐藤 花子');
		expect(reply).not.toContain('aid=');
		expect(render('上[hr]下')).toBe('上<hr class="cw-hr">下');
		expect(render('[picon:102]')).toBe('<span class="cw-avatar cw-avatar-small cw-c6" title="山田 太郎">山</span>');
		expect(render('[pname:103]')).toBe('<span class="cw-name">佐藤 花子</span>');
		expect(render('[piconname:101]')).toBe(
			'<span class="cw-person"><span class="cw-avatar cw-avatar-small cw-c5" title="Lead Bot">L</span><span class="cw-name">Lead Bot</span></span>',
		);
	});

	it('renders [qt][qtmeta …]…[/qt] as a quote box with author and JST time', () => {
		// 1700000000 = 2023-11-14 22:13:20 UTC = 2023-11-15 07:13 JST
		const html = render('[qt][qtmeta aid=102 time=1700000000]元のメッセージ[/qt]返信します');
		expect(html).toMatch(/^<div class="cw-qt">.*<\/div>返信します$/s);
		expect(html).toContain('<span class="cw-name">山田 太郎</span>');
		expect(html).toContain('<span class="cw-qt-time">2023/11/15 07:13</span>');
		expect(html).toContain('<div class="cw-qt-body">元のメッセージ</div>');
		expect(render('[qt]名無しの引用[/qt]')).toContain('<div class="cw-qt-body">名無しの引用</div>');
	});

	it('shows [code] content as written, notation and HTML included', () => {
		expect(render('[code]\n[toall] <b>x</b>\n[/code]')).toBe('<pre class="cw-code">[toall] &lt;b&gt;x&lt;/b&gt;</pre>');
	});

	it('nests blocks', () => {
		const html = render('[info][title]A[/title][qt][qtmeta aid=102 time=0]B[/qt][/info]');
		expect(html).toMatch(/^<div class="cw-info">.*<div class="cw-qt">.*B<\/div><\/div><\/div><\/div>$/s);
	});

	it('escapes HTML everywhere: in text, inside blocks, in titles and in names', () => {
		const html = render('<script>alert(1)</script>[info][title]<img src=x onerror=alert(1)>[/title]"\'&[/info]');
		expect(html).not.toMatch(/<script|<img/i);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(html).toContain('&quot;&#39;&amp;');
		const evil = renderNotation('[piconname:7]', { nameOf: () => '<b onmouseover="x">' });
		expect(evil).not.toContain('<b');
		expect(evil).toContain('title="&lt;b onmouseover=&quot;x&quot;&gt;"');
	});

	it('keeps full-width tags (inert data values), unknown tags and unclosed blocks as text', () => {
		expect(render('［toall］ ［To:102］ ［info］x［/info］')).toBe('［toall］ ［To:102］ ［info］x［/info］');
		expect(render('[重要] [information] [To:abc]')).toBe('[重要] [information] [To:abc]');
		expect(render('[info]閉じていない')).toBe('[info]閉じていない');
		expect(render('[title]外[/title]')).toBe('[title]外[/title]');
	});

	it('cannot be tricked by NUL characters into pasting a code block elsewhere', () => {
		expect(render('[code]a[/code]\u00000\u0000')).toBe('<pre class="cw-code">a</pre>\ufffd0\ufffd');
	});

	it('shows a tag with a NUL before its name as text, as the Chatwork Trigger reads it', () => {
		expect(render('[\u0000toall][\u0000To:102]')).toBe('[\ufffdtoall][\ufffdTo:102]');
	});
});
