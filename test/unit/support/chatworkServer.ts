import type { ChatworkServer, ServerOptions } from '../../../sandbox';
import { startChatworkServer } from '../../../sandbox';

/**
 * One Chatwork look-alike for a test file: started before its tests with the node's clock scaled
 * like the server's, reset before each test, closed after. Returns the running server.
 */
export function useChatworkServer(options: ServerOptions & { timeScale: number }): () => ChatworkServer {
	let server: ChatworkServer | undefined;
	beforeAll(async () => {
		process.env.N8N_CHATWORK_TIME_SCALE = String(options.timeScale);
		server = await startChatworkServer(options);
	});
	afterAll(async () => {
		delete process.env.N8N_CHATWORK_TIME_SCALE;
		await server?.close();
	});
	beforeEach(() => server?.reset());
	return () => {
		if (!server) throw new Error('The Chatwork look-alike is not running (use it inside a test)');
		return server;
	};
}
