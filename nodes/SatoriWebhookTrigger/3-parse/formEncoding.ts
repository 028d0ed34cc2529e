import { Rejection, rejectOnThrow } from '../rejection';
import type { FormEncodingSetting } from '../settings';

/**
 * The text encodings a form body may come in. Decoding is WHATWG's (Node's TextDecoder with full
 * ICU): `shift_jis` is Windows-31J, so NEC and IBM extensions such as 髙 and 﨑 decode too.
 */
export type TextEncodingName = 'utf-8' | 'shift_jis' | 'euc-jp' | 'iso-2022-jp';

const SUPPORTED: ReadonlySet<string> = new Set<TextEncodingName>(['utf-8', 'shift_jis', 'euc-jp', 'iso-2022-jp']);

/** The browser fills a field with this name with the encoding it used (HTML's `_charset_`). */
const CHARSET_FIELD = '_charset_';

const DISPLAY_NAME: Record<TextEncodingName, string> = {
	'utf-8': 'UTF-8',
	shift_jis: 'Shift_JIS',
	'euc-jp': 'EUC-JP',
	'iso-2022-jp': 'ISO-2022-JP',
};

/** Any WHATWG label of a supported encoding (`Shift_JIS`, `sjis`, `Windows-31J`, `x-euc-jp` …); otherwise undefined. */
export function encodingOfLabel(label: string): TextEncodingName | undefined {
	let canonical: string;
	try {
		canonical = new TextDecoder(label.trim()).encoding;
	} catch {
		return undefined;
	}
	return SUPPORTED.has(canonical) ? (canonical as TextEncodingName) : undefined;
}

/**
 * Which encoding a form body is read in: what the request declares (Content-Type `charset=`, then a
 * `_charset_` field), else the Form Encoding setting (Auto = UTF-8). Form Encoding UTF-8 refuses any
 * other declared encoding, as the trigger did before legacy encodings were read.
 */
export function chooseEncoding(
	declaredCharset: string | undefined,
	charsetField: string | undefined,
	setting: FormEncodingSetting,
): TextEncodingName {
	for (const declared of [declaredCharset, charsetField]) {
		if (declared === undefined || declared.trim() === '') continue;
		const encoding = encodingOfLabel(declared);
		if (encoding === undefined || (setting === 'utf-8' && encoding !== 'utf-8')) {
			throw new Rejection(415, 'unsupported_charset');
		}
		return encoding;
	}
	return setting === 'auto' ? 'utf-8' : setting;
}

const decoders = new Map<TextEncodingName, InstanceType<typeof TextDecoder>>();

/** Decodes bytes in `encoding`; a byte sequence that is not valid there is a 400, never a U+FFFD. */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string {
	let decoder = decoders.get(encoding);
	if (decoder === undefined) {
		decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
		decoders.set(encoding, decoder);
	}
	return rejectOnThrow(
		() => decoder.decode(bytes),
		() =>
			encoding === 'utf-8'
				? new Rejection(400, 'invalid_utf8')
				: new Rejection(400, 'invalid_encoding', DISPLAY_NAME[encoding]),
	);
}

const CHARSET_FIELD_BYTES = Buffer.from(CHARSET_FIELD);

/**
 * Decodes a form's [name, value] byte pairs in the encoding chosen for it, leaving out the
 * `_charset_` entry that named it. Any undecodable byte refuses the whole form.
 */
export function decodeFormEntries(
	entries: Array<[Buffer, Buffer]>,
	declaredCharset: string | undefined,
	setting: FormEncodingSetting,
): { encoding: TextEncodingName; fields: Array<[string, string]> } {
	const named = entries.find(([name]) => name.equals(CHARSET_FIELD_BYTES));
	const encoding = chooseEncoding(declaredCharset, named?.[1].toString('latin1'), setting);
	const fields = entries
		.filter(([name]) => !name.equals(CHARSET_FIELD_BYTES))
		.map(([name, value]): [string, string] => [decodeText(name, encoding), decodeText(value, encoding)]);
	return { encoding, fields };
}

// eslint-disable-next-line no-control-regex -- matching control characters is what this expression is for
const NON_ASCII = /[^\u0000-\u007f]/;
const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * For a form the host already decoded as UTF-8 (n8n parses multipart itself unless Form Encoding
 * is set). Its decoder put U+FFFD where bytes were not UTF-8; text in another encoding cannot be
 * recovered at all, unless it is all ASCII, which reads the same in every supported encoding.
 */
export function checkDecodedForm(
	fields: Array<[string, string]>,
	otherTexts: string[],
	declaredCharset: string | undefined,
	setting: FormEncodingSetting,
	/** What would let the sender's bytes through: the Form Encoding option, or only UTF-8 (see settings). */
	remedy: 'form_encoding_required' | 'multipart_not_utf8' = 'form_encoding_required',
): Array<[string, string]> {
	const named = fields.find(([name]) => name === CHARSET_FIELD);
	const encoding = chooseEncoding(declaredCharset, named?.[1], setting);
	const kept = fields.filter(([name]) => name !== CHARSET_FIELD);
	const texts = [...kept.flat(), ...otherTexts];
	if (encoding !== 'utf-8' && texts.some((text) => NON_ASCII.test(text))) {
		throw new Rejection(400, remedy, DISPLAY_NAME[encoding]);
	}
	if (texts.some((text) => text.includes(REPLACEMENT_CHARACTER))) throw new Rejection(400, 'invalid_utf8');
	return kept;
}
