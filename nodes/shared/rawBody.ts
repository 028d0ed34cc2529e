import { headerValue, type WebhookRequest } from './webhookRequest';

/** Why the body could not be read; each trigger turns it into its own refusal. */
export class BodyNotRead extends Error {
	constructor(readonly reason: 'too_large' | 'unreadable' | 'content_encoding') {
		super(reason);
	}
}

/** n8n's multipart result: formidable fields and files, single-element arrays already unwrapped. */
export interface ParsedMultipart {
	data: Record<string, unknown>;
	files: Record<string, unknown>;
}

export interface DeliveredBody {
	/** The exact bytes sent (after n8n's gunzip), when anyone still has them. */
	raw?: Buffer;
	/** Set when n8n's server already parsed multipart/form-data. */
	multipart?: ParsedMultipart;
	/** A body some other host parsed without keeping the bytes. */
	parsed?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function isParsedMultipart(body: unknown): body is ParsedMultipart {
	return isRecord(body) && isRecord(body.data) && isRecord(body.files);
}

/**
 * Reads the stream up to `limit` bytes. On overflow it stops collecting and pauses; Node's server
 * discards the rest once the answer is sent, so the sender still receives the 413.
 */
function readStream(request: WebhookRequest, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const stop = () => {
			request.off('data', onData);
			request.off('end', onEnd);
			request.off('error', onBroken);
			request.off('aborted', onBroken);
		};
		const onData = (chunk: Buffer | string) => {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			size += buffer.length;
			if (size > limit) {
				stop();
				request.pause();
				reject(new BodyNotRead('too_large'));
				return;
			}
			chunks.push(buffer);
		};
		const onEnd = () => {
			stop();
			if (request.complete) resolve(Buffer.concat(chunks));
			else reject(new BodyNotRead('unreadable'));
		};
		const onBroken = () => {
			stop();
			reject(new BodyNotRead('unreadable'));
		};
		request.on('data', onData);
		request.on('end', onEnd);
		request.on('error', onBroken);
		request.on('aborted', onBroken);
	});
}

/**
 * Collects the body the way n8n delivered it: the multipart result of its parser, its `rawBody`
 * (asking `readRawBody()` when it was not read yet), or — outside n8n — the stream itself,
 * read up to `limit` bytes. `limit` is checked against Content-Length before anything is read.
 * Throws BodyNotRead, and nothing else.
 */
export async function collectBody(request: WebhookRequest, limit: number): Promise<DeliveredBody> {
	const declaredLength = Number(headerValue(request.headers, 'content-length') ?? NaN);
	if (Number.isFinite(declaredLength) && declaredLength > limit) {
		throw new BodyNotRead('too_large');
	}

	const delivered: DeliveredBody = {};
	if (isParsedMultipart(request.body)) delivered.multipart = request.body;

	const holder = request as { rawBody?: unknown; readRawBody?: unknown };
	if (!delivered.multipart && !Buffer.isBuffer(holder.rawBody) && typeof holder.readRawBody === 'function') {
		const read = await (holder.readRawBody as () => Promise<void>).call(request).then(
			() => ({ failed: false, status: undefined as unknown }),
			(error: unknown) => ({ failed: true, status: (error as { status?: unknown } | undefined)?.status }),
		);
		if (read.failed) throw new BodyNotRead(read.status === 413 ? 'too_large' : 'unreadable');
	}
	if (Buffer.isBuffer(holder.rawBody)) {
		delivered.raw = holder.rawBody;
	} else if (!delivered.multipart && request.body === undefined && !request.readableEnded) {
		const encoding = (headerValue(request.headers, 'content-encoding') ?? 'identity').toLowerCase();
		if (encoding !== 'identity') throw new BodyNotRead('content_encoding');
		delivered.raw = await readStream(request, limit);
	} else if (!delivered.multipart && request.body !== undefined) {
		delivered.parsed = request.body;
	}
	return delivered;
}
