/**
 * Public types of the Chatwork API v2 look-alike server (index.js).
 * Shapes of JSON answers follow chatwork-api-v2.raml; IDs: message_id is a string,
 * every other ID an integer.
 */

export type Role = 'admin' | 'member' | 'readonly';

/** An account. One with a `token` can call the API; the others are people in rooms and contacts. */
export interface AccountSeed {
	account_id: number;
	name: string;
	/** Sent as `X-ChatWorkToken` (or `Authorization: Bearer`). Never logged. */
	token?: string;
	/** ID of the account's "my chat"; made up when absent. */
	room_id?: number;
	chatwork_id?: string;
	organization_id?: number;
	organization_name?: string;
	department?: string;
	title?: string;
	url?: string;
	introduction?: string;
	mail?: string;
	tel_organization?: string;
	tel_extension?: string;
	tel_mobile?: string;
	skype?: string;
	facebook?: string;
	twitter?: string;
	avatar_image_url?: string;
	login_mail?: string;
	/** Account IDs of the contacts; default: every other account. */
	contacts?: number[];
}

export interface RoomSeed {
	/** Default: a free ID from 9000001 up. */
	room_id?: number;
	name: string;
	type?: 'group' | 'direct' | 'my';
	description?: string;
	icon_preset?: string;
	sticky?: boolean;
	/** Default: every account, those with a token as admins, the others as members. */
	members?: { account_id: number; role?: Role }[];
}

export interface IncomingRequestSeed {
	request_id: number;
	/** Who asks to become a contact. */
	account_id: number;
	/** Who is asked; default: the first account with a token. */
	to_account_id?: number;
	message?: string;
}

export interface LimitWindow {
	count: number;
	windowMs: number;
}

export interface ChatworkServerOptions {
	/** 0 (default) picks a free port. Always bound to 127.0.0.1. */
	port?: number;
	/** Default: DEFAULT_ACCOUNTS (account 101 "Demo" with DEFAULT_TOKEN, and two colleagues). */
	accounts?: AccountSeed[];
	/** Default: DEFAULT_ROOMS (1001 営業チーム, 1002 マーケティング). My chats and direct chats are added automatically. */
	rooms?: RoomSeed[];
	incomingRequests?: IncomingRequestSeed[];
	/**
	 * Default: Chatwork's, perToken 300 / 5 min (fixed window), perRoom 10 posts / 10 s
	 * (sliding window; POST messages and POST tasks share it). `false` turns one or both off:
	 * no 429s, and the headers always show the whole budget left.
	 */
	limits?: false | { perToken?: Partial<LimitWindow> | false; perRoom?: Partial<LimitWindow> | false };
	/** Real ms per virtual ms. 1 = real time; 0.001 = a 10 s window passes in 10 ms; Infinity = frozen (advance() only). */
	timeScale?: number;
	/** Virtual time at start, epoch ms. Default: Date.now(). */
	startTime?: number;
	/** Called once per request when it is answered (or its connection reset). */
	onRequest?: (entry: LoggedRequest) => void;
	/** Called with an unexpected error inside the server (the client got a 500). */
	onError?: (error: unknown) => void;
	/** Sign in with Chatwork (oauth2.js): the OAuth clients registered, who signs in, token lifetimes. */
	oauth2?: OAuth2Options;
	/** Outgoing webhooks registered from the start (kept by reset()); see webhooks.js. */
	webhooks?: WebhookSeed[];
	/** Real ms a webhook delivery waits for the receiver's answer before giving up, without retry (default 10,000). */
	webhookTimeoutMs?: number;
}

export interface OAuth2Client {
	clientId: string;
	clientSecret: string;
	/** Shown on the consent page. */
	name?: string;
	/** When given, the authorization request's redirect_uri must be one of these. */
	redirectUris?: string[];
}

export interface OAuth2Options {
	clients?: OAuth2Client[];
	/** The account that "signs in" on the consent page. Default: the first account with a token. */
	accountId?: number;
	/** Virtual ms an access token lasts. Default 15 minutes, as Chatwork's. */
	accessTokenTtlMs?: number;
}

export type OAuth2Event =
	| { type: 'authorize'; clientId: string; scopes: string[]; pkce: boolean; ok: boolean }
	| { type: 'decision'; clientId: string; allowed: boolean }
	| { type: 'token'; grantType: string; clientAuth: 'basic' | 'none'; pkce: boolean; status: number; error?: string }
	| { type: 'revoke'; clientAuth: 'basic' | 'none' };

export interface OAuth2GrantInfo {
	id: number;
	clientId: string;
	accountId: number;
	scopes: string[];
	revoked: boolean;
	activeAccessTokens: number;
}

export interface ChatworkOAuth2 {
	/** Every access token handed out so far is expired from now on (refresh tokens stay valid). */
	expireAccessTokens(): void;
	/** Ends grants (refresh and access tokens), as revoking the app in Chatwork does; returns how many. */
	revoke(which?: { accountId?: number; clientId?: string }): number;
	grants(): OAuth2GrantInfo[];
	/** What the OAuth2 endpoints were asked, without any secret. */
	events(): OAuth2Event[];
	clearEvents(): void;
	/** `METHOD /template` → the scope the route needs. */
	routeScopes(): Record<string, string>;
	/** Every code, access and refresh token handed out so far, for tests that search for leaks. */
	secrets(): string[];
	readonly authorizeUrl: string;
	readonly tokenUrl: string;
	readonly revokeUrl: string;
}

/** A webhook as set up in Chatwork's UI: a room webhook (roomId) or an account webhook (accountId, mention_to_me). */
export interface WebhookSeed {
	url: string;
	/** base64 of 32 bytes, as Chatwork shows it. Default: a new random one. */
	token?: string;
	/** Default: ['message_created'] for a room webhook, ['mention_to_me'] for an account webhook. */
	events?: Array<'message_created' | 'message_updated' | 'mention_to_me'>;
	roomId?: number;
	accountId?: number;
	/** Where the signature goes: the X-ChatWorkWebhookSignature header (default) or the chatwork_webhook_signature query parameter. */
	signatureIn?: 'header' | 'query';
	/** webhook_setting_id; default 1, 2, … */
	id?: string | number;
}

export interface WebhookSetting {
	webhook_setting_id: string;
	url: string;
	token: string;
	events: Array<'message_created' | 'message_updated' | 'mention_to_me'>;
	roomId: number | null;
	accountId: number | null;
	signatureIn: 'header' | 'query';
}

/** One POST to a webhook URL: one try, no retry, as Chatwork does. */
export interface WebhookDelivery {
	webhook_setting_id: string;
	eventType: string;
	messageId: string;
	url: string;
	/** The receiver's status; null while in flight or when no answer came. */
	status: number | null;
	/** The first 2,048 bytes of the answer. */
	response: string | null;
	error: string | null;
	/** Real epoch ms. */
	sentAt: number;
	/** Real ms from sending to the whole answer. */
	durationMs: number | null;
}

/** Alias kept for callers that name it so. */
export type ServerOptions = ChatworkServerOptions;

export interface VirtualClock {
	/** Real ms per virtual ms. */
	readonly timeScale: number;
	/** Virtual epoch ms: start + realElapsed / timeScale + everything advanced. */
	now(): number;
	/** Moves virtual time forward by hand. */
	advance(ms: number): void;
	/** How many real ms a virtual span lasts. */
	toRealMs(virtualMs: number): number;
	/** Resolves after `virtualMs` of virtual time (a frozen clock is advanced instead). */
	sleep(virtualMs: number): Promise<void>;
}

export interface StoredMessage {
	message_id: string;
	room_id: number;
	account_id: number;
	body: string;
	/** Unix seconds, virtual. */
	send_time: number;
	update_time: number;
	self_unread: 0 | 1;
	/** Virtual epoch ms at which it was stored. */
	sentAt: number;
}

export interface StoredTask {
	task_id: number;
	room_id: number;
	/** The assignee. */
	account_id: number;
	assigned_by_account_id: number;
	message_id: string;
	body: string;
	limit_time: number;
	status: 'open' | 'done';
	limit_type: 'none' | 'date' | 'time';
}

export interface StoredFile {
	file_id: number;
	room_id: number;
	account_id: number;
	message_id: string;
	filename: string;
	filesize: number;
	upload_time: number;
	contentType: string;
	data: Buffer;
}

export interface UploadedFile {
	field: string;
	filename: string;
	contentType: string;
	data: Buffer;
}

export interface LoggedRequest {
	/** 1, 2, 3… in arrival order (restarts at reset()). */
	seq: number;
	method: string;
	/** Relative to the base URL: '/rooms/1001/messages'. Paths outside /v2 are logged as they came. */
	path: string;
	query: Record<string, string>;
	/** Parsed form fields (urlencoded or multipart text parts); {} when none. */
	form: Record<string, string>;
	/** Multipart file parts, without their bytes. */
	files?: { field: string; filename: string; contentType: string; size: number }[];
	/** The body's text when it was neither urlencoded nor multipart (e.g. JSON sent by mistake). */
	rawBody?: string;
	contentType: string | null;
	/** Request headers without X-ChatWorkToken, Authorization and Cookie. */
	headers: Record<string, string>;
	/** Whose token it was; null when missing or unknown. */
	accountId: number | null;
	/** From a /rooms/{room_id}/… path. */
	roomId: number | null;
	/** The matched route, e.g. 'POST /rooms/{room_id}/messages'; null when none. */
	route: string | null;
	/** The status answered; null while pending or when the connection was reset. */
	status: number | null;
	/** Virtual epoch ms at arrival. */
	receivedAt: number;
	/** Real epoch ms at arrival. */
	realAt: number;
	/** Virtual epoch ms when the answer was written. */
	respondedAt?: number;
	/** Set on every 429, real or scripted. */
	rateLimited?: 'room' | 'token';
	/** A fault rule applied to this request. */
	scripted?: boolean;
	fault?: 'delay' | 'delayAfterStore' | 'resetBeforeStore' | 'resetAfterStore' | 'statusAfterStore';
	/** With resetAfterStore or statusAfterStore: what the server would have answered. */
	unsentStatus?: number;
	/** The message stored by this request (POST messages). */
	messageId?: string;
	/** The answered body (parsed JSON, or text); absent with 204. */
	response?: unknown;
	/** The client closed the connection before the answer was written (e.g. its timeout). */
	aborted?: boolean;
}

/**
 * A scripted fault. Matching: all given criteria must hold. It applies to the next
 * `times` matching requests (default: forever), after letting `skip` of them pass.
 * Rules are tried in the order they were added; the first one that applies wins.
 * Exactly one action, optionally preceded by `delayMs`.
 */
export interface FaultRule {
	method?: string;
	/** Exact path ('/rooms/1001/messages'), a route template ('/rooms/{room_id}/messages'), or a RegExp. */
	path?: string | RegExp;
	roomId?: number;
	times?: number;
	skip?: number;

	/** Action "respond": answer this status without touching state or limits. */
	status?: number;
	/**
	 * Action "respond" with 429: 'room' → Chatwork's per-room body; 'token' → general limit, Remaining 0.
	 * A 429 without it counts as 'room' when its body has the per-room text, else as 'token'.
	 */
	rateLimit?: 'room' | 'token';
	/** Object → JSON, string → text/plain, null → no body. Default: a Chatwork-like body for the status. */
	body?: unknown;
	/** Added to (and overriding) the answer's headers; null leaves a header out. */
	headers?: Record<string, string | number | null>;
	/** false: the answer has no X-RateLimit-* headers (a gateway's 429 with only Retry-After). */
	rateLimitHeaders?: false;
	/**
	 * Action "respond" with a redirect: `status` (default 307) and `Location` = this base URL + the
	 * request's path below /v2 + its query. Nothing is stored.
	 */
	redirectTo?: string;
	/** X-RateLimit-Reset of the answer as virtual epoch ms (sent as unix seconds). */
	resetAt?: number;
	/** Same, relative to the virtual time of the answer. */
	resetInMs?: number;

	/** Action: destroy the connection before anything is stored (real ms from here on). */
	resetBeforeStore?: boolean;
	/** Action: handle the request normally (the message is stored), then destroy the connection without answering. */
	resetAfterStore?: boolean;
	/**
	 * Action: handle the request normally (the message is stored), then answer this status instead,
	 * as a gateway that timed out on a Chatwork that did its work (body/headers as for `status`).
	 */
	statusAfterStore?: number;
	/** Action: handle the request normally (stored), then answer only after this many real ms. */
	delayAfterStoreMs?: number;
	/** Wait this many real ms before doing anything (alone: a slow server). */
	delayMs?: number;
}

export interface FaultHandle {
	/** Requests it has applied to. */
	readonly hits: number;
	readonly remaining: number;
	readonly done: boolean;
	cancel(): void;
}

export interface ServerStats {
	requests: number;
	/** Messages stored by POST /rooms/{id}/messages. */
	stored: number;
	/** Accepted posts that count against the per-room limit (messages and tasks). */
	posts: number;
	/** 429s answered, real or scripted, by kind. */
	tooMany: { room: number; token: number };
	/** Requests a fault rule applied to. */
	scripted: number;
	/** Connections reset by a fault rule. */
	resets: number;
}

export interface RoomInfo {
	room_id: number;
	name: string;
	type: 'group' | 'direct' | 'my';
	description: string;
	icon_preset: string;
	members: { account_id: number; role: Role }[];
}

export interface RateLimitState {
	limit: number;
	remaining: number;
	/** Virtual epoch ms at which the token window resets. */
	resetAt: number;
}

export interface ChatworkServer {
	/** Base URL like https://api.chatwork.com/v2: 'http://127.0.0.1:PORT/v2'. */
	readonly url: string;
	/** 'http://127.0.0.1:PORT' */
	readonly origin: string;
	/** The sandbox page, a Chatwork-like live view of rooms and messages: 'http://127.0.0.1:PORT/' (no token needed). */
	readonly sandboxUrl: string;
	readonly port: number;
	readonly clock: VirtualClock;
	readonly limits: { perToken: LimitWindow | false; perRoom: LimitWindow | false };
	/** Every request so far, in arrival order (a copy of the log; entries are live). */
	readonly requests: LoggedRequest[];
	/** Stored messages in order, of one room or all. */
	messages(roomId?: number): StoredMessage[];
	tasks(roomId?: number): StoredTask[];
	files(roomId?: number): StoredFile[];
	rooms(): RoomInfo[];
	/** Adds a room (kept by reset()). */
	addRoom(seed: RoomSeed): RoomInfo;
	/** Stores a message as if someone posted it in Chatwork (no limits, no log). Default author: a member without a token. */
	addMessage(roomId: number, message: { body: string; account_id?: number }): StoredMessage;
	script(rule: FaultRule): FaultHandle;
	clearScripts(): void;
	/** The most posts (messages + tasks) the room accepted within any `windowMs` span (default: the per-room window). */
	maxPostsInWindow(roomId: number, windowMs?: number): number;
	stats(): ServerStats;
	/** Every 'METHOD /path' the server answers. */
	routes(): string[];
	/**
	 * Calls the listener on every change of messages or rooms, however it was made (API,
	 * addMessage, addRoom, reset), synchronously after the change. Returns the unsubscribe.
	 */
	subscribe(listener: (event: ServerEvent) => void): () => void;
	/** Sign in with Chatwork: the consent page, token and revoke endpoints, and test controls. */
	readonly oauth2: ChatworkOAuth2;
	/** Registers an outgoing webhook (kept by reset()); returns it with its token. */
	addWebhook(seed: WebhookSeed): WebhookSetting;
	webhooks(): WebhookSetting[];
	/** Every webhook POST sent since start or reset(), in order. */
	webhookDeliveries(): WebhookDelivery[];
	/** Resolves once every webhook POST sent so far has its answer or its error. */
	webhooksSettled(): Promise<void>;
	/** Back to the seeded state: messages, tasks, files, read state, log, limit windows, stats and scripts cleared; the clock keeps running. */
	reset(): void;
	close(): Promise<void>;
}

/** A change of messages or rooms (server.subscribe; pushed to the sandbox page as Server-Sent Events). */
export type ServerEvent =
	| { type: 'message_created' | 'message_updated' | 'message_deleted'; room_id: number; message_id: string }
	| { type: 'room_changed'; room_id: number }
	| { type: 'reset' };

/** GET /sandbox/state: what the sandbox page shows. No tokens; tokens inside bodies are '[redacted]'. */
export interface SandboxState {
	/** Whose view it is: the first account with a token. */
	me: { account_id: number; name: string };
	accounts: { account_id: number; name: string; organization_name: string; department: string }[];
	rooms: SandboxRoom[];
	/** By room ID, oldest first, at most the newest 500 of each room. */
	messages: Record<string, SandboxMessage[]>;
}

export interface SandboxRoom {
	room_id: number;
	/** A 'my' room is called 'マイチャット', as in Chatwork. */
	name: string;
	type: 'group' | 'direct' | 'my';
	description: string;
	icon_preset: string;
	members: { account_id: number; role: Role }[];
	message_num: number;
	/** The viewer's (me's) unread and mention counts, as GET /rooms answers them. The page does not mark anything as read. */
	unread_num: number;
	mention_num: number;
	/** Unix seconds of the newest message (or of the room's creation). */
	last_update_time: number;
}

export interface SandboxMessage {
	message_id: string;
	room_id: number;
	account: { account_id: number; name: string };
	body: string;
	/** The body with its notation rendered as Chatwork shows it; everything else escaped. */
	html: string;
	send_time: number;
	update_time: number;
	/** [To:me], [toall] or a reply to me, from someone else (Chatwork highlights these). */
	to_me: boolean;
}

/**
 * The data of the sandbox's Server-Sent Events (GET /sandbox/events): the event, plus the
 * rendered message (created/updated) and the room as it is now (null once deleted).
 */
export type SandboxEventData = ServerEvent & { message?: SandboxMessage; room?: SandboxRoom | null };

export function startChatworkServer(options?: ChatworkServerOptions): Promise<ChatworkServer>;

/** The default account's token ('demo-token'), also the CLI's default. */
export const DEFAULT_TOKEN: string;
export const DEFAULT_ACCOUNTS: AccountSeed[];
export const DEFAULT_ROOMS: RoomSeed[];

// ---- For adding endpoints (routes/*.js) ----------------------------------------------

/** One parameter, as the RAML describes it. */
export interface ParamSpec {
	/** 'boolean' is Chatwork's 0/1; 'int-list' is a comma-separated list of integer IDs. */
	type: 'string' | 'integer' | 'boolean' | 'int-list';
	required?: boolean;
	enum?: string[];
	/** In Unicode code points. */
	minLength?: number;
	maxLength?: number;
	pattern?: string;
	default?: unknown;
}

export interface AccountRecord {
	account_id: number;
	room_id: number;
	name: string;
	chatwork_id: string;
	organization_id: number;
	organization_name: string;
	department: string;
	title: string;
	url: string;
	introduction: string;
	mail: string;
	tel_organization: string;
	tel_extension: string;
	tel_mobile: string;
	skype: string;
	facebook: string;
	twitter: string;
	avatar_image_url: string;
	login_mail: string;
}

export interface RoomRecord {
	room_id: number;
	name: string;
	type: 'my' | 'direct' | 'group';
	description: string;
	icon_preset: string;
	sticky: boolean;
	members: Map<number, Role>;
	/** Virtual epoch ms. */
	createdAt: number;
	link: { code: string; need_acceptance: boolean; description: string } | null;
}

export interface RouteContext {
	state: import('./state').ChatworkState;
	/** The caller. */
	account: AccountRecord;
	/** The {room_id} room, access already checked (only on routes with {room_id}). */
	room: RoomRecord;
	/** Path IDs: message_id as a string, the others as numbers. */
	ids: Record<string, number | string>;
	/** Validated and converted parameters (query and form merged). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route's parameter spec decides the value types
	params: Record<string, any>;
	files: UploadedFile[];
	/** Virtual epoch ms. */
	now: number;
	/** 'http://127.0.0.1:PORT' */
	origin: string;
}

export interface RouteResult {
	/** Default 200. An empty array body becomes 204 with no body. */
	status?: number;
	body?: unknown;
	/** The message this request stored (counted in stats().stored and logged). */
	messageId?: string;
}

export interface RouteSpec {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** RAML path; every {x_id} matches digits. */
	path: string;
	params?: Record<string, ParamSpec>;
	/** Access the caller needs to {room_id}; default 'read' (member). */
	room?: 'read' | 'write' | 'admin';
	/** Counts against the per-room posting limit (POST messages and POST tasks). */
	roomPost?: boolean;
	/** Synchronous, so that limit checks and the store cannot interleave. Throw ApiError for Chatwork errors. */
	handle(ctx: RouteContext): RouteResult;
}
