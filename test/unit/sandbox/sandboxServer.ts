/** The sandbox server the sandbox's HTTP tests call, with its accounts and rooms, and a plain HTTP client for it. */
import type { ChatworkServer, ChatworkServerOptions } from '../../../sandbox';
import { startChatworkServer } from '../../../sandbox';

export const TOKEN = 'server-test-token-9f8e7d';
export const ROOM = 1001;
export const OTHER_ROOM = 1002;

/** The server of the running file (a live binding: serve() replaces it). */
export let server: ChatworkServer;

/** Tests that need their own server call this; the default one is frozen in time so windows move only by hand. */
export async function serve(options: ChatworkServerOptions = {}) {
	await server?.close();
	server = await startChatworkServer({
		accounts: [
			{ token: TOKEN, account_id: 101, name: 'Lead Bot' },
			{ token: 'second-token', account_id: 102, name: 'Other App' },
			{ account_id: 103, name: '山田 太郎' },
		],
		rooms: [
			{ room_id: ROOM, name: '営業チーム', description: 'リード通知' },
			{ room_id: OTHER_ROOM, name: 'マーケティング' },
		],
		timeScale: Infinity,
		...options,
	});
	return server;
}

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON body whose shape each test asserts
	json: any;
}

interface CallOptions {
	/** null sends no token at all. */
	token?: string | null;
	form?: Record<string, string>;
	query?: Record<string, string>;
	headers?: Record<string, string>;
	body?: RequestInit['body'];
}

export async function call(method: string, path: string, { token = TOKEN, form, query, headers = {}, body }: CallOptions = {}): Promise<Answer> {
	const url = `${server.url}${path}${query ? `?${new URLSearchParams(query)}` : ''}`;
	const response = await fetch(url, {
		method,
		headers: { ...(token === null ? {} : { 'X-ChatWorkToken': token }), ...headers },
		body: form ? new URLSearchParams(form) : body,
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export const post = (body: string, room = ROOM, extra: Record<string, string> = {}, token: string = TOKEN) =>
	call('POST', `/rooms/${room}/messages`, { form: { body, ...extra }, token });

/** One sandbox server for the file, reset before each test. */
export function useSandboxServer(): void {
	beforeAll(() => serve());
	afterAll(() => server.close());
	beforeEach(() => server.reset());
}
