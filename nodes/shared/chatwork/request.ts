import type { IHttpRequestOptions } from 'n8n-workflow';

import { destroyBody, readAtMost } from '../cappedBody';
import { CHATWORK_TOKEN_HEADER, MAX_ANSWER_BYTES, SIGN_IN_CREDENTIAL_TYPE } from './constants';
import type { ChatworkConnection, ChatworkContext } from './types';

/**
 * Never follow a redirect with a credential: n8n's HTTP helper re-adds the Authorization header
 * (and keeps X-ChatWorkToken) on the next hop, wherever it points. Chatwork's API never redirects.
 */
export const REFUSE_REDIRECTS = { disableFollowRedirect: true } as const;

/** Only a 401 may throw: n8n refreshes on it. Every other status comes back as an answer. */
const REFRESH_ON_401 = { ignore: true as const, except: [401] };

/** What a caller may say about a credentialed request; how it is sent is this module's business. */
export type CredentialedOptions = Pick<IHttpRequestOptions, 'method' | 'url' | 'qs' | 'body' | 'headers'>;

/**
 * The one builder of a request that carries a Chatwork credential: redirects refused, the answer
 * read as a stream (so its size and time can be bounded), the API token in Chatwork's header when
 * the connection uses one (n8n signs an OAuth2 request itself).
 */
export function credentialedRequest(connection: ChatworkConnection, options: CredentialedOptions): IHttpRequestOptions {
	const headers = { ...options.headers };
	if (!connection.oauth2) headers[CHATWORK_TOKEN_HEADER] = connection.token;
	return {
		...options,
		headers,
		returnFullResponse: true,
		ignoreHttpStatusErrors: connection.oauth2 ? REFRESH_ON_401 : true,
		encoding: 'stream',
		json: false,
		...REFUSE_REDIRECTS,
	};
}

export interface RawAnswer {
	statusCode: number;
	headers: Record<string, unknown>;
	body: Buffer;
}

/** A failure of the answer itself, after the request was sent: `code` says which bound it broke. */
export class AnswerError extends Error {
	constructor(
		readonly code: 'ANSWER_TIMEOUT' | 'ANSWER_TOO_LARGE',
		message: string,
	) {
		super(message);
	}
}

/** An answer read whole, or what went wrong: what n8n's helper threw, or an AnswerError. */
export type Exchanged = { answer: RawAnswer } | { error: unknown };

/**
 * Sends a credentialed request and reads the whole answer within `timeoutMs` (headers and body
 * together, not an idle time) and at most MAX_ANSWER_BYTES after decompression. Never throws.
 */
export async function exchange(
	ctx: ChatworkContext,
	connection: ChatworkConnection,
	options: CredentialedOptions,
	timeoutMs: number,
): Promise<Exchanged> {
	const abort = new AbortController();
	const request = { ...credentialedRequest(connection, options), timeout: timeoutMs, abortSignal: abort.signal };
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			abort.abort();
			reject(new AnswerError('ANSWER_TIMEOUT', `the whole answer did not arrive within the ${timeoutMs / 1000} s timeout`));
		}, timeoutMs);
	});
	deadline.catch(() => undefined);
	const sent = (
		connection.oauth2
			? ctx.helpers.httpRequestWithAuthentication.call(ctx, SIGN_IN_CREDENTIAL_TYPE, request)
			: ctx.helpers.httpRequest(request)
	) as Promise<{ statusCode: number; headers?: Record<string, unknown>; body: unknown }>;
	try {
		const response = await Promise.race([sent, deadline]);
		const body = await Promise.race([readCapped(response.body), deadline]).finally(() => destroyBody(response.body));
		return { answer: { statusCode: response.statusCode, headers: response.headers ?? {}, body } };
	} catch (error) {
		// An answer that arrives after the deadline is dropped unread.
		void sent.then((late) => destroyBody(late.body), () => undefined);
		return { error };
	} finally {
		clearTimeout(timer);
	}
}

/** The body's bytes, stopping at the cap: a larger answer is refused, not read to its end. */
async function readCapped(body: unknown): Promise<Buffer> {
	const bytes = await readAtMost(body, MAX_ANSWER_BYTES);
	if (bytes) return bytes;
	throw new AnswerError(
		'ANSWER_TOO_LARGE',
		`the answer was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB after decompression (Chatwork's answers are far smaller), so it was not read to its end`,
	);
}
