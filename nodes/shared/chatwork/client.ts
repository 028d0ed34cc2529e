import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { chatworkConnection, refusedBeforeSending, renewalAnswer, withScopeHint } from './authentication';
import type { CredentialedOptions } from './request';
import { AnswerError, exchange } from './request';
import { scrub, scrubValue } from './scrub';
import type {
	AttemptResult,
	ChatworkAuthentication,
	ChatworkConnection,
	ChatworkContext,
	ChatworkRequest,
	ChatworkResponse,
	ChatworkUpload,
	RateLimitHeaders,
} from './types';

/** Failures that happen before a single byte of the request is on the wire. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EAI_FAIL',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EPROTO',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'ERR_INVALID_URL',
]);

/**
 * One HTTP exchange with Chatwork through n8n's request helper (n8n's proxy and TLS settings apply).
 * Never throws: every outcome, including a status Chatwork refused, comes back as data for the
 * retry policy. Redirects are not followed and the answer is bounded in time and size (request.ts).
 */
export async function sendOnce(
	ctx: ChatworkContext,
	connection: ChatworkConnection,
	request: ChatworkRequest,
	timeoutMs: number,
): Promise<AttemptResult> {
	const refused = refusedBeforeSending(connection);
	if (refused) return refused;
	const options: CredentialedOptions = {
		method: request.method,
		url: `${connection.baseUrl}${request.path}`,
		qs: request.qs,
		headers: { Accept: 'application/json' },
	};
	if (request.form) {
		options.headers!['Content-Type'] = 'application/x-www-form-urlencoded';
		options.body = new URLSearchParams(
			Object.entries(request.form).map(([key, value]): [string, string] => [key, String(value)]),
		).toString();
	}
	if (request.multipart) {
		const files: Array<ChatworkUpload & { data: Buffer }> = [];
		for (const file of request.multipart.files) {
			try {
				files.push({ ...file, data: typeof file.data === 'function' ? await file.data() : file.data });
			} catch (error) {
				const reason = error instanceof Error ? error.message : String(error);
				return { kind: 'unsendable', message: `Could not read the file "${file.filename}" to upload: ${reason}. Not sent.` };
			}
		}
		const { contentType, body } = encodeMultipart(request.multipart.fields, files);
		options.headers!['Content-Type'] = contentType;
		options.body = body;
	}
	const exchanged = await exchange(ctx, connection, options, timeoutMs);
	if ('error' in exchanged) return failureOf(exchanged.error, connection);
	const response = exchanged.answer;
	const headers = response.headers;
	const answer: ChatworkResponse = {
		kind: 'response',
		statusCode: response.statusCode,
		body: withScopeHint(connection, request, response.statusCode, scrubValue(parseBody(response.body), connection.token)),
		rateLimit: readRateLimit(headers),
	};
	const location = response.statusCode >= 300 && response.statusCode < 400 ? header(headers, 'location') : undefined;
	if (location !== undefined) answer.redirectTo = redirectTarget(location, options.url!, connection.token);
	return answer;
}

/** What a request that got no usable answer comes back as. */
function failureOf(error: unknown, connection: ChatworkConnection): AttemptResult {
	if (error instanceof AnswerError) return { kind: 'failure', mayHaveArrived: true, code: error.code, message: error.message };
	const renewal = renewalAnswer(error, connection);
	if (renewal) return renewal;
	const code = findErrorCode(error) ?? 'UNKNOWN';
	return {
		kind: 'failure',
		mayHaveArrived: !NOT_SENT_CODES.has(code),
		code,
		message: scrub(describeFailure(error, code), connection.token),
	};
}

/**
 * The multipart body as one Buffer with its boundary: the exact bytes are known before sending,
 * a retry resends the same bytes, and n8n's request helper passes a Buffer through unchanged.
 */
export function encodeMultipart(
	fields: Record<string, string>,
	files: Array<ChatworkUpload & { data: Buffer }>,
): { contentType: string; body: Buffer } {
	const boundary = `----n8nChatwork${randomBytes(12).toString('hex')}`;
	const quote = (text: string) => text.replace(/[\r\n"]/g, (char) => encodeURIComponent(char));
	const chunks: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		chunks.push(
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`, 'utf8'),
		);
	}
	for (const file of files) {
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.filename)}"\r\n` +
					`Content-Type: ${file.contentType.replace(/[\r\n]/g, '')}\r\n\r\n`,
				'utf8',
			),
			file.data,
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body ?? null;
	if (body.trim() === '') return null;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

export function header(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? String(value[0]) : String(value);
}

function headerNumber(headers: Record<string, unknown>, name: string): number | undefined {
	const value = Number(header(headers, name));
	return Number.isFinite(value) ? value : undefined;
}

export function readRateLimit(headers: Record<string, unknown>): RateLimitHeaders {
	const date = header(headers, 'date');
	const parsedDate = date ? Date.parse(date) : NaN;
	const serverNow = Number.isFinite(parsedDate) ? parsedDate : undefined;
	return {
		limit: headerNumber(headers, 'x-ratelimit-limit'),
		remaining: headerNumber(headers, 'x-ratelimit-remaining'),
		reset: headerNumber(headers, 'x-ratelimit-reset'),
		serverNow,
		retryAfterMs: readRetryAfter(header(headers, 'retry-after'), serverNow),
	};
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
function readRetryAfter(value: string | undefined, serverNow: number | undefined): number | undefined {
	const text = value?.trim();
	if (!text) return undefined;
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const at = Date.parse(text);
	if (!/[a-z]/i.test(text) || !Number.isFinite(at)) return undefined;
	return Math.max(0, at - (serverNow ?? Date.now()));
}

/** A redirect's target as origin and path: enough to fix a Base URL, without query or credentials. */
function redirectTarget(location: string, from: string, token: string): string {
	let target: string;
	try {
		const url = new URL(location, from);
		target = `${url.origin}${url.pathname}`;
	} catch {
		target = location.slice(0, 200);
	}
	return scrub(target, token);
}

/** n8n wraps transport errors (NodeApiError around an AxiosError around a system error). */
function findErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		const candidate = current as { code?: unknown; cause?: unknown; errorResponse?: unknown };
		if (typeof candidate.code === 'string' && /^[A-Z_0-9]+$/.test(candidate.code)) {
			return candidate.code;
		}
		current = candidate.cause ?? candidate.errorResponse;
	}
	const message = error instanceof Error ? error.message : String(error);
	if (/timeout|timed out/i.test(message)) return 'ETIMEDOUT';
	if (/socket hang up/i.test(message)) return 'ECONNRESET';
	return undefined;
}

function describeFailure(error: unknown, code: string): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.includes(code) ? message : `${code}: ${message}`;
}

/** Why a 3xx was not followed, naming where it pointed; undefined for any other answer. */
export function describeRedirect(result: ChatworkResponse): string | undefined {
	if (result.statusCode < 300 || result.statusCode >= 400) return undefined;
	return (
		`a redirect to ${result.redirectTo ?? 'an unnamed location'}, not followed: API calls go only to the ` +
		`credential's Base URL, so the API token cannot travel elsewhere. Check the Base URL.`
	);
}

/** Chatwork's error bodies are `{"errors": ["…"]}`. */
export function chatworkErrors(body: unknown): string[] {
	const errors = (body as { errors?: unknown } | null)?.errors;
	return Array.isArray(errors) ? errors.map(String) : [];
}

/**
 * A plain request for pickers and other editor-time calls, with the credential the caller names:
 * answer or a NodeApiError.
 */
export async function chatworkApiRequest(
	ctx: ChatworkContext,
	authentication: ChatworkAuthentication,
	request: ChatworkRequest,
	timeoutMs = 30_000,
): Promise<unknown> {
	const connection = await chatworkConnection(ctx, authentication);
	const result = await sendOnce(ctx, connection, request, timeoutMs);
	if (result.kind === 'unsendable') throw new NodeOperationError(ctx.getNode(), result.message);
	if (result.kind === 'failure') {
		throw new NodeApiError(ctx.getNode(), { message: result.message, code: result.code } as JsonObject);
	}
	if (result.statusCode < 200 || result.statusCode >= 300) {
		const errors = chatworkErrors(result.body);
		const body = result.body !== null && typeof result.body === 'object' ? result.body : { body: result.body ?? null };
		throw new NodeApiError(ctx.getNode(), body as JsonObject, {
			httpCode: String(result.statusCode),
			message: `Chatwork answered ${result.statusCode}: ${describeRedirect(result) ?? (errors.join('; ') || 'no details')}`,
		});
	}
	return result.body;
}
