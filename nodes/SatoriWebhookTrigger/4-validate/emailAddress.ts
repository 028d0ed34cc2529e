import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * The local part: ASCII letters, digits and . _ ' + - with no dot first, last or doubled, as before
 * IDN support (a subset of RFC 5321's dot-atom that every mail system takes).
 */
const LOCAL_PART = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]$/;
/** RFC 1035 letters-digits-hyphen labels of at most 63 octets; the top level is letters or an A-label. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The address as a mail server without SMTPUTF8 reads it (the domain in its ASCII form, 日本.jp →
 * xn--wgv71a.jp), or undefined when it is not an address. IDNA also rewrites what a reader does
 * not see (。 for a dot, zero-width characters, %-escapes), so a domain is taken only as it is written.
 */
function asciiAddress(address: string): string | undefined {
	const at = address.lastIndexOf('@');
	const local = address.slice(0, at);
	const domain = address.slice(at + 1);
	if (at < 1 || !LOCAL_PART.test(local)) return undefined;
	const ascii = domainToASCII(domain);
	const written = domain.toLowerCase();
	if (ascii === '' || (written !== ascii && written !== domainToUnicode(ascii))) return undefined;
	const labels = ascii.split('.');
	// Node 24 passes an A-label that decodes to nothing (xn--zz) through unchanged; Node 20 refuses it.
	const isLabel = (label: string) => LABEL.test(label) && (!label.startsWith('xn--') || domainToUnicode(label) !== label);
	if (labels.length < 2 || !labels.every(isLabel) || !TOP_LEVEL.test(labels[labels.length - 1])) {
		return undefined;
	}
	return `${local}@${ascii}`;
}

/** RFC 5321: at most 64 octets before the @ and 254 in a path, counted on the ASCII form a server sees. */
export function isEmailAddress(address: string): boolean {
	const ascii = asciiAddress(address);
	return ascii !== undefined && Buffer.byteLength(ascii.slice(0, ascii.lastIndexOf('@'))) <= 64 && Buffer.byteLength(ascii) <= 254;
}
