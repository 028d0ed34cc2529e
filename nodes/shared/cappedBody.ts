import type { Readable } from 'node:stream';

/**
 * An answer body read as a stream (`encoding: 'stream'`), stopping at `maxBytes`: `undefined` when
 * the answer is larger, which is then not read to its end. A body n8n already read whole (a Buffer
 * or text) is taken as it is.
 */
export async function readAtMost(body: unknown, maxBytes: number): Promise<Buffer | undefined> {
	if (!isReadable(body)) return Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '');
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
		size += bytes.length;
		if (size > maxBytes) return undefined;
		chunks.push(bytes);
	}
	return Buffer.concat(chunks);
}

/** An answer's bytes read as JSON, or `null` when they are not JSON. */
export function jsonOrNull(bytes: Buffer): unknown {
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		return null;
	}
}

/** Stops reading an answer stream (after a deadline, or once it is too large). */
export function destroyBody(body: unknown): void {
	if (isReadable(body) && !body.destroyed) body.destroy();
}

function isReadable(value: unknown): value is Readable {
	return typeof value === 'object' && value !== null && typeof (value as Readable)[Symbol.asyncIterator] === 'function';
}
