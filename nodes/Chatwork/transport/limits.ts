// The one place that knows Chatwork's limits (Chatwork's API documentation, developer.chatwork.com/docs/endpoints).

/** Longest message or task body Chatwork accepts, in characters. */
export const MAX_MESSAGE_LENGTH = 65535;

/** POST messages and POST tasks share this window, per room. */
export const ROOM_POSTS_PER_WINDOW = 10;
export const ROOM_WINDOW_MS = 10_000;

/** General limit per token; Chatwork announces the window end in X-RateLimit-Reset. */
export const TOKEN_REQUESTS_PER_WINDOW = 300;
export const TOKEN_WINDOW_MS = 300_000;

/** How far this machine's clock and Chatwork's may disagree (X-RateLimit-Reset without a Date header). */
export const MAX_CLOCK_SKEW_MS = 60_000;

/**
 * The longest wait one Chatwork answer may impose (X-RateLimit-Reset, Retry-After): a whole token
 * window plus clock skew. A header that asks for more is wrong (e.g. milliseconds sent as seconds)
 * and must not stop the token for longer than any real window lasts.
 */
export const LONGEST_ANSWERED_WAIT_MS = TOKEN_WINDOW_MS + MAX_CLOCK_SKEW_MS;

export const ROOM_LIMIT_ERROR_TEXT = 'Rate limit for message posting per room exceeded.';

/**
 * Real milliseconds per Chatwork millisecond. The local sandbox can run its clock faster
 * (N8N_CHATWORK_TIME_SCALE=0.01 makes a 10 s window last 100 ms) so tests and benchmarks of pacing
 * finish in seconds. Only a base URL on this machine gets it: against Chatwork (or any remote
 * proxy) a scale left set by mistake would pace too fast and run into 429s, so there it is 1.
 * Every wait the transport makes goes through it.
 */
export function timeScale(baseUrl: string): number {
	const raw = Number(process.env.N8N_CHATWORK_TIME_SCALE);
	if (!(Number.isFinite(raw) && raw > 0 && raw < 1)) return 1;
	let host: string;
	try {
		host = new URL(baseUrl).hostname;
	} catch {
		return 1;
	}
	return LOOPBACK_HOSTS.has(host) ? raw : 1;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Largest file POST /rooms/{room_id}/files accepts (5 MB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** How long a download URL of GET /rooms/{room_id}/files/{file_id}?create_download_url=1 is valid. */
export const DOWNLOAD_URL_VALID_MS = 30_000;
