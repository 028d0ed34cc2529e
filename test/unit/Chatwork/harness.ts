import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { Chatwork } from '../../../nodes/Chatwork/Chatwork.node';
import type { ChatworkServer } from '../../../sandbox';
import { startChatworkServer } from '../../../sandbox';
import type { HttpCall, Item, Parameters } from '../../support/executeNode';
import { runNode } from '../../support/executeNode';

export const TOKEN = 'tok-api-0123456789abcdef0123456789abcdef';
export const ME = 101;
export const COLLEAGUE = 102;
export const OUTSIDER = 104;
export const ROOM = 1001;
export const OTHER_ROOM = 1002;
export const UNKNOWN_ROOM = 987654;

export { room } from '../../support/executeNode';

export interface ApiRun {
	success: Item[];
	error: Item[];
	/** Chatwork API calls (with the token) and plain calls (download URLs), in order. */
	calls: Array<HttpCall & { authenticated: boolean }>;
}

/**
 * One Chatwork-compatible server per test file, with the limits on a fast clock (a 10 s window
 * lasts 10 ms). File tests run in real time: a 30-second download URL must not expire mid-test.
 */
export function useServer(timeScale = 0.001): () => ChatworkServer {
	let server: ChatworkServer;
	beforeAll(async () => {
		process.env.N8N_CHATWORK_TIME_SCALE = String(timeScale);
		server = await startChatworkServer({
			timeScale,
			accounts: [
				{ token: TOKEN, account_id: ME, name: 'Lead Bot', organization_name: 'サトリ商事', contacts: [COLLEAGUE, 103] },
				{ account_id: COLLEAGUE, name: '佐藤 花子' },
				{ account_id: 103, name: '鈴木 一郎' },
				{ account_id: OUTSIDER, name: '外部 太郎', contacts: [] },
			],
			rooms: [
				{
					room_id: ROOM,
					name: '営業チーム',
					members: [
						{ account_id: ME, role: 'admin' },
						{ account_id: COLLEAGUE, role: 'member' },
						{ account_id: 103, role: 'readonly' },
					],
				},
				{ room_id: OTHER_ROOM, name: 'マーケティング', members: [{ account_id: ME, role: 'member' }, { account_id: COLLEAGUE, role: 'admin' }] },
			],
			incomingRequests: [{ request_id: 501, account_id: OUTSIDER, message: 'よろしくお願いします' }],
		});
	});
	afterAll(async () => {
		delete process.env.N8N_CHATWORK_TIME_SCALE;
		await server.close();
	});
	beforeEach(() => server.reset());
	return () => server;
}

/**
 * Runs the Chatwork node in n8n-core like executeNode.runNode, with binary input items (n8n's own
 * binary helpers read and write them). Every request is recorded, `authenticated` when it
 * carried Chatwork's token header, so a test can prove the token never left for a download URL.
 */
export async function run(
	server: ChatworkServer,
	parameters: Parameters,
	options: {
		items?: IDataObject[];
		binary?: Array<Record<string, IBinaryData>>;
		token?: string;
		/** Called on every read of a binary file, before it is read; may throw to fail the read. */
		onBinaryRead?: (itemIndex: number, propertyName: string) => void;
	} = {},
): Promise<ApiRun> {
	const result = await runNode(new Chatwork(), {
		items: options.items ?? [{}],
		binary: options.binary,
		parameters,
		credentials: { apiToken: options.token ?? TOKEN, baseUrl: server.url },
		onContext(ctx: IExecuteFunctions) {
			const read = ctx.helpers.getBinaryDataBuffer;
			ctx.helpers.getBinaryDataBuffer = async (itemIndex: number, propertyName: string) => {
				options.onBinaryRead?.(itemIndex, propertyName);
				return await read.call(ctx, itemIndex, propertyName);
			};
		},
	});
	const calls = result.calls.map((call) => ({
		...call,
		authenticated: Object.keys(call.headers).some((name) => name.toLowerCase() === 'x-chatworktoken'),
	}));
	return { success: result.success, error: result.error, calls };
}

/** A binary property as n8n keeps it in memory (base64). */
export function binaryOf(data: Buffer, fileName: string, mimeType: string): IBinaryData {
	return { data: data.toString('base64'), fileName, mimeType, fileSize: String(data.length) };
}
