// @ts-check
'use strict';

/**
 * Chatwork message notation → safe HTML, the way Chatwork shows it: `[info]`, `[title]`,
 * `[To:id]`, `[toall]`, `[rp …]`, `[qt][qtmeta …]…[/qt]`, `[hr]`, `[code]`, `[picon:id]`,
 * `[pname:id]`, `[piconname:id]` (and this server's own `[task]` / `[download:id]`).
 *
 * Everything is escaped first; only then are tags (ASCII brackets, any case) turned into
 * markup whose only variable parts are escaped text and account IDs. Full-width brackets
 * (［toall］, as the node writes data values) are plain text, as in Chatwork. A tag without
 * its partner stays text. Line breaks are kept by the page's `white-space: pre-wrap`.
 */

/** @typedef {{ nameOf: (accountId: number) => string | undefined }} RenderContext */

/** @param {string} text */
function escapeHtml(text) {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[/** @type {keyof typeof ESCAPES} */ (c)]);
}
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Stands for a rendered [code] block while the rest is rendered; a NUL in the input is U+FFFD by then. */
const SLOT = '\u0000';

/** One newline beside a block is part of the block's layout, not an empty line. */
const NL = '(?:\\r?\\n)?';

/**
 * @param {string} body the message body as stored
 * @param {RenderContext} context
 * @returns {string} HTML
 */
function renderNotation(body, context) {
	/** @type {string[]} */
	const blocks = [];
	// A NUL is shown as U+FFFD, not dropped: `[\u0000toall]` stays text, as the Chatwork Trigger reads it.
	let html = escapeHtml(String(body).replace(/\u0000/g, '\uFFFD'));

	// [code] first: notation inside it is shown as written.
	html = html.replace(new RegExp(`\\[code\\]${NL}([\\s\\S]*?)${NL}\\[/code\\]${NL}`, 'gi'), (_m, code) => {
		blocks.push(`<pre class="cw-code">${code}</pre>`);
		return `${SLOT}${blocks.length - 1}${SLOT}`;
	});

	// Paired blocks, innermost first, so [info] inside [qt] (or the other way round) works.
	const innermost = (/** @type {string} */ tag) =>
		new RegExp(`\\[${tag}\\]${NL}((?:(?!\\[${tag}\\])[\\s\\S])*?)${NL}\\[/${tag}\\]${NL}`, 'gi');
	const qt = new RegExp(`\\[qt\\]${NL}(?:\\[qtmeta aid=(\\d+)(?: time=(\\d+))?\\]${NL})?((?:(?!\\[qt\\])[\\s\\S])*?)${NL}\\[/qt\\]${NL}`, 'gi');
	for (let changed = true; changed; ) {
		const before = html;
		html = html.replace(innermost('info'), (_m, inner) => infoBox(inner));
		html = html.replace(qt, (_m, aid, time, inner) => quoteBox(aid, time, inner, context));
		html = html.replace(innermost('task'), (_m, inner) => `<div class="cw-task"><span class="cw-task-label">タスク</span>${inner}</div>`);
		changed = html !== before;
	}

	html = html
		.replace(new RegExp(`\\[hr\\]${NL}`, 'gi'), '<hr class="cw-hr">')
		.replace(/\[toall\]/gi, '<span class="cw-badge cw-to">TO ALL</span>')
		.replace(/\[to:(\d+)\]/gi, (m, id, at, all) => `<span class="cw-badge cw-to">TO</span>${addressee(id, all.slice(at + m.length), context)}`)
		.replace(/\[rp aid=(\d+) to=\d+-\d+\]/gi, (m, id, at, all) => `<span class="cw-badge cw-rp">RE</span>${addressee(id, all.slice(at + m.length), context)}`)
		.replace(/\[piconname:(\d+)\]/gi, (_m, id) => person(id, context, 'icon-name'))
		.replace(/\[picon:(\d+)\]/gi, (_m, id) => person(id, context, 'icon'))
		.replace(/\[pname:(\d+)\]/gi, (_m, id) => person(id, context, 'name'))
		.replace(/\[download:(\d+)\]([\s\S]*?)\[\/download\]/gi, (_m, _id, name) => `<span class="cw-file"><span class="cw-file-label">ファイル</span>${name}</span>`);

	return html.replace(new RegExp(`${SLOT}(\\d+)${SLOT}`, 'g'), (_m, i) => blocks[Number(i)]);
}

/** @param {string} inner already escaped and rendered */
function infoBox(inner) {
	const titled = new RegExp(`^\\[title\\]([\\s\\S]*?)\\[/title\\]${NL}([\\s\\S]*)$`, 'i').exec(inner);
	if (!titled) return `<div class="cw-info"><div class="cw-info-body">${inner}</div></div>`;
	const [, title, rest] = titled;
	const body = rest === '' ? '' : `<div class="cw-info-body">${rest}</div>`;
	return `<div class="cw-info"><div class="cw-info-title"><span class="cw-info-icon" aria-hidden="true">i</span>${title}</div>${body}</div>`;
}

/**
 * @param {string | undefined} aid
 * @param {string | undefined} time unix seconds
 * @param {string} inner
 * @param {RenderContext} context
 */
function quoteBox(aid, time, inner, context) {
	const who = aid === undefined ? '' : person(aid, context, 'icon-name');
	const when = time === undefined ? '' : `<span class="cw-qt-time">${formatJst(Number(time), true)}</span>`;
	const meta = who || when ? `<div class="cw-qt-meta">${who}${when}</div>` : '';
	return `<div class="cw-qt"><span class="cw-qt-mark" aria-hidden="true">“</span>${meta}<div class="cw-qt-body">${inner}</div></div>`;
}

/**
 * @param {string} id digits
 * @param {RenderContext} context
 * @param {'icon' | 'name' | 'icon-name'} form
 */
function person(id, context, form) {
	const accountId = Number(id);
	const name = escapeHtml(context.nameOf(accountId) ?? `ID ${accountId}`);
	const icon = `<span class="cw-avatar cw-avatar-small cw-c${accountId % 8}" title="${name}">${escapeHtml(initialOf(name))}</span>`;
	if (form === 'icon') return icon;
	const label = `<span class="cw-name">${name}</span>`;
	return form === 'name' ? label : `<span class="cw-person">${icon}${label}</span>`;
}

/**
 * After TO / RE: the avatar, and the name unless the text goes on with it, as when
 * Chatwork's own To button wrote `[To:102]山田 太郎さん` (or `[To:102]山田さん`).
 * @param {string} id digits
 * @param {string} after the escaped text that follows the tag
 * @param {RenderContext} context
 */
function addressee(id, after, context) {
	const name = context.nameOf(Number(id));
	const family = name?.split(/[\s　]+/)[0];
	const named = name !== undefined && [name, family].some((n) => n && after.startsWith(escapeHtml(n)));
	return person(id, context, named ? 'icon' : 'icon-name');
}

/**
 * The letter on an avatar: the first character of the name (a whole surrogate pair).
 * @param {string} name
 */
function initialOf(name) {
	const decoded = name.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[/** @type {'amp'} */ (e)]);
	return (Array.from(decoded.trim())[0] ?? '?').toUpperCase();
}

/**
 * Japan has no daylight saving time, so JST is UTC+9 all year.
 * @param {number} unixSeconds
 * @param {boolean} withDate
 */
function formatJst(unixSeconds, withDate) {
	const d = new Date((unixSeconds + 9 * 3600) * 1000);
	const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
	const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
	return withDate ? `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${time}` : time;
}

module.exports = { renderNotation, escapeHtml, formatJst, initialOf };
