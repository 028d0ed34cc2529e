/**
 * Encoders for the Japanese legacy encodings, for tests only (Node has decoders, no encoders):
 * tables made by decoding every 1- and 2-byte sequence. Where two byte sequences decode to one
 * character, the later one wins, so Shift_JIS writes IBM extensions (髙 = FB FC) as Windows does.
 */
type LegacyEncoding = 'shift_jis' | 'euc-jp' | 'iso-2022-jp';

const tables = new Map<string, Map<string, number[]>>();

function tableFor(encoding: 'shift_jis' | 'euc-jp'): Map<string, number[]> {
	const known = tables.get(encoding);
	if (known) return known;
	const decoder = new TextDecoder(encoding, { fatal: true });
	const table = new Map<string, number[]>();
	const tryBytes = (bytes: number[]) => {
		try {
			const text = decoder.decode(Uint8Array.from(bytes));
			if ([...text].length === 1) table.set(text, bytes);
		} catch {
			// Not a character in this encoding.
		}
	};
	for (let first = 0; first < 0x100; first++) {
		tryBytes([first]);
		if (first >= 0x80) for (let second = 0x40; second < 0x100; second++) tryBytes([first, second]);
	}
	tables.set(encoding, table);
	return table;
}

export function encodeLegacy(text: string, encoding: LegacyEncoding): Buffer {
	if (encoding === 'iso-2022-jp') {
		// JIS X 0208 in ESC $ B … ESC ( B; EUC-JP's two-byte codes with the high bits cleared.
		const euc = tableFor('euc-jp');
		const bytes: number[] = [];
		let inKanji = false;
		for (const character of text) {
			const code = euc.get(character);
			if (code === undefined) throw new Error(`${character} is not in ISO-2022-JP`);
			const kanji = code.length === 2 && code[0] !== 0x8e;
			if (kanji !== inKanji) bytes.push(...(kanji ? [0x1b, 0x24, 0x42] : [0x1b, 0x28, 0x42]));
			inKanji = kanji;
			bytes.push(...(kanji ? code.map((byte) => byte & 0x7f) : code));
		}
		if (inKanji) bytes.push(0x1b, 0x28, 0x42);
		return Buffer.from(bytes);
	}
	const table = tableFor(encoding);
	return Buffer.from(
		[...text].flatMap((character) => {
			const code = table.get(character);
			if (code === undefined) throw new Error(`${character} is not in ${encoding}`);
			return code;
		}),
	);
}

/** application/x-www-form-urlencoded in a legacy encoding, every byte outside [A-Za-z0-9*-._] escaped, as browsers do. */
export function legacyForm(pairs: Array<[string, string]>, encoding: LegacyEncoding): string {
	const escape = (text: string) =>
		[...encodeLegacy(text, encoding)]
			.map((byte) =>
				/[A-Za-z0-9*\-._]/.test(String.fromCharCode(byte))
					? String.fromCharCode(byte)
					: byte === 0x20
						? '+'
						: `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
			)
			.join('');
	return pairs.map(([key, value]) => `${escape(key)}=${escape(value)}`).join('&');
}

/** multipart/form-data with names and values in a legacy encoding. */
export function legacyMultipart(
	pairs: Array<[string, string]>,
	encoding: LegacyEncoding,
	files: Array<{ name: string; fileName: string; content: Buffer }> = [],
): { contentType: string; body: Buffer } {
	const boundary = '----legacyBoundary7MA4YWxkTrZu0gW';
	const chunks: Buffer[] = [];
	for (const [name, value] of pairs) {
		chunks.push(
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`),
			encodeLegacy(name, encoding),
			Buffer.from('"\r\n\r\n'),
			encodeLegacy(value, encoding),
			Buffer.from('\r\n'),
		);
	}
	for (const file of files) {
		chunks.push(
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`),
			encodeLegacy(file.name, encoding),
			Buffer.from('"; filename="'),
			encodeLegacy(file.fileName, encoding),
			Buffer.from('"\r\nContent-Type: application/octet-stream\r\n\r\n'),
			file.content,
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
