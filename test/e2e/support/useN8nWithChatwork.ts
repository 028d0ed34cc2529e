import fs from 'node:fs';

import { startN8n, type N8nInstance } from '../../../scripts/n8n/harness';
import type { ChatworkServer, ServerOptions } from '../../../sandbox';
import { startChatworkServer } from '../../../sandbox';

type N8nOptions = NonNullable<Parameters<typeof startN8n>[0]>;

export interface N8nWithChatworkOptions {
	/** The look-alike's accounts, rooms, clock…; its timeScale also scales the node's clock in n8n. */
	chatwork?: ServerOptions;
	/** n8n's options, given the running look-alike (its URL goes into the credentials). */
	n8n: (server: ChatworkServer) => N8nOptions;
	/** Keep n8n's user folder after stop() so a test can search it; removed after the file. */
	keepUserFolder?: boolean;
	/** Reset the look-alike (messages, faults, requests) before each test. */
	resetBeforeEach?: boolean;
}

export interface N8nWithChatwork {
	readonly server: ChatworkServer;
	readonly n8n: N8nInstance;
}

/**
 * One Chatwork look-alike and one real n8n for an e2e file: the look-alike started first (n8n's
 * credentials need its URL), both stopped after the file. The returned pair throws when read
 * outside a test, so a test cannot run against a look-alike that is not there.
 */
export function useN8nWithChatwork(options: N8nWithChatworkOptions): N8nWithChatwork {
	let server: ChatworkServer | undefined;
	let n8n: N8nInstance | undefined;
	beforeAll(async () => {
		server = await startChatworkServer(options.chatwork);
		const n8nOptions = options.n8n(server);
		const timeScale = options.chatwork?.timeScale;
		n8n = await startN8n({
			...n8nOptions,
			keep: options.keepUserFolder ?? n8nOptions.keep,
			env: { ...(timeScale === undefined ? {} : { N8N_CHATWORK_TIME_SCALE: String(timeScale) }), ...n8nOptions.env },
		});
	}, 45 * 60_000);
	afterAll(async () => {
		await n8n?.stop();
		if (n8n && options.keepUserFolder) fs.rmSync(n8n.userFolder, { recursive: true, force: true });
		await server?.close();
	});
	if (options.resetBeforeEach) beforeEach(() => server?.reset());
	return {
		get server() {
			if (!server) throw new Error('The Chatwork look-alike is not running (use it inside a test)');
			return server;
		},
		get n8n() {
			if (!n8n) throw new Error('n8n is not running (use it inside a test)');
			return n8n;
		},
	};
}
