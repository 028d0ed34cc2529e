import { isHttpUrl } from '../httpUrl';
import { isBlank } from '../satoriFields';
import type { TriggerSettings } from '../settings';

export type DetailUrlSettings = Pick<
	TriggerSettings,
	'customerDetailUrlTemplate' | 'customerDetailUrlHosts' | 'useCredential'
>;

/**
 * The item presents customer_detail_url as the SATORI customer page, so a public form may not choose
 * where it points: only an authenticated sender, or a URL on an allowed host (no user:password@).
 */
export function isTrustedDetailUrl(value: unknown, settings: DetailUrlSettings): value is string {
	if (!isHttpUrl(value)) return false;
	if (settings.useCredential) return true;
	const url = new URL(value);
	if (url.username !== '' || url.password !== '') return false;
	const host = url.hostname.toLowerCase();
	return settings.customerDetailUrlHosts.some((allowed) => allowed === '*' || host === allowed || host.endsWith(`.${allowed}`));
}

/** `{{customer_id}}` in the template takes that field of the submission; any missing one gives null. */
function fillTemplate(template: string, lookup: (key: string) => unknown): string | null {
	let complete = true;
	const url = template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_whole, key: string) => {
		const value = lookup(key);
		if (isBlank(value) || typeof value === 'object') {
			complete = false;
			return '';
		}
		return encodeURIComponent(String(value));
	});
	return complete && isHttpUrl(url) ? url : null;
}

/**
 * The item's customer_detail_url: the one SATORI sent if it may be trusted, as the URL parser read it
 * (the host checked is the host handed on), else the template filled in, else null.
 */
export function detailUrlOf(sent: unknown, settings: DetailUrlSettings, lookup: (key: string) => unknown): string | null {
	if (isTrustedDetailUrl(sent, settings)) return new URL(sent).href;
	return settings.customerDetailUrlTemplate !== '' ? fillTemplate(settings.customerDetailUrlTemplate, lookup) : null;
}
