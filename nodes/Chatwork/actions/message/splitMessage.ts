/**
 * Cuts a long text into parts Chatwork accepts, at line breaks where possible and never inside a
 * surrogate pair, so Japanese text and emoji survive. Parts keep their order.
 */
export function splitMessage(text: string, maxLength: number): string[] {
	const parts: string[] = [];
	let current = '';
	for (const line of text.split(/(?<=\n)/)) {
		if (current.length + line.length <= maxLength) {
			current += line;
			continue;
		}
		if (current) parts.push(current);
		current = '';
		const pieces = cutLine(line, maxLength);
		current = pieces.pop() ?? '';
		parts.push(...pieces);
	}
	if (current) parts.push(current);
	// A cut at a line's end leaves its line break at the start of the next part: no message starts blank.
	return parts.map((part) => part.replace(/^\n+/, '').replace(/\n$/, '')).filter((part) => part.trim() !== '');
}

function cutLine(line: string, maxLength: number): string[] {
	const pieces: string[] = [];
	let piece = '';
	for (const char of line) {
		if (piece.length + char.length > maxLength) {
			pieces.push(piece);
			piece = '';
		}
		piece += char;
	}
	if (piece) pieces.push(piece);
	return pieces;
}
