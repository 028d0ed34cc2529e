import type { Language } from '../settings';

/** The small pages the trigger serves: escaped text in a fixed shell, no scripts. */
export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** Scripts, frames and foreign resources are refused; the test form may still post anywhere. */
export const PAGE_SECURITY_POLICY =
	"default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'; base-uri 'none'";

export function htmlPage(language: Language, title: string, body: string): string {
	return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222;line-height:1.7}
h1{font-size:1.4rem}label{display:block;margin-top:1rem;font-weight:600}
input,select,textarea{width:100%;box-sizing:border-box;padding:.4rem;font:inherit}
input[type=checkbox]{width:auto}.hp{position:absolute;left:-10000px}
.notice{background:#fff5d6;padding:.6rem;border-radius:4px}button{margin-top:1.5rem;padding:.5rem 2rem;font:inherit}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}
