import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IDataObject,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/** How a caller signs in to Chatwork; the caller says which, the client never guesses. */
export type ChatworkAuthentication = 'apiToken' | 'oAuth2';

/** The Chatwork Trigger asks GET /me from its activation hook and its webhook too. */
export type ChatworkContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface ChatworkRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/rooms/123/messages`. */
	path: string;
	form?: Record<string, string | number>;
	/** A `multipart/form-data` body (file upload); text fields and files. */
	multipart?: { fields: Record<string, string>; files: ChatworkUpload[] };
	qs?: IDataObject;
	/** The room whose per-room post window this request counts toward (message and task posts). */
	postsToRoom?: number;
}

export interface ChatworkUpload {
	field: string;
	filename: string;
	contentType: string;
	/**
	 * The bytes, or how to read them when the request is sent: a run of many uploads then holds
	 * only the files being sent, not every file of the execution.
	 */
	data: Buffer | (() => Promise<Buffer>);
}

export interface RateLimitHeaders {
	limit?: number;
	remaining?: number;
	/** Unix seconds at which Chatwork's window resets. */
	reset?: number;
	/** Chatwork's own clock (Date header), in ms, to measure the wait on the server's clock. */
	serverNow?: number;
	/** Retry-After (seconds or an HTTP date) as ms from the answer, not yet bounded. */
	retryAfterMs?: number;
}
export interface ChatworkResponse {
	kind: 'response';
	statusCode: number;
	/** Parsed, with the token scrubbed out of anything the server echoed. */
	body: unknown;
	rateLimit: RateLimitHeaders;
	/** Where a 3xx pointed (origin and path, token scrubbed); redirects are never followed. */
	redirectTo?: string;
}

export interface ChatworkFailure {
	kind: 'failure';
	/** False only when the request certainly never reached Chatwork (refused, DNS, TLS). */
	mayHaveArrived: boolean;
	code: string;
	message: string;
}

/** The request could not be built (a file to upload could not be read): nothing was sent. */
export interface ChatworkUnsendable {
	kind: 'unsendable';
	message: string;
}

export type AttemptResult = ChatworkResponse | ChatworkFailure | ChatworkUnsendable;

export interface OAuth2State {
	credentialName: string;
	credentialId: string;
	/** The scopes Chatwork granted (from the token answer), to name a missing one on a 403. */
	granted: Set<string>;
	/** Identifies the connected account's grant while it lasts; never sent, never output. */
	grantKey: string;
	/** Set by the first request that found the connection dead: later ones are not sent. */
	refused?: string;
}

/**
 * The credential, read and decrypted once per execution. Every request goes to `baseUrl` with the
 * token in Chatwork's header, set here rather than by n8n's `httpRequestWithAuthentication`: that
 * helper loads and decrypts the credential and evaluates its `authenticate` expression again for
 * every request, which was about a quarter of a request's CPU inside n8n (bench/n8n.js, row 2).
 * The credential's `authenticate` stays for its Test button and for n8n's HTTP Request node.
 */
export interface ChatworkConnection {
	baseUrl: string;
	/** Sent only to `baseUrl`; scrubbed from error texts; keys the rate limits; never output. */
	token: string;
	/** Set when the connection signs in with OAuth2 (authentication.ts); `token` is then the access token as read. */
	oauth2?: OAuth2State;
}
