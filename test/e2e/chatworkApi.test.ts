/**
 * The rest of the Chatwork API in a real n8n: a submitted file is uploaded to the room, downloaded
 * back into the workflow and a follow-up task is assigned, each step on its Success branch.
 * Binary data is kept in the execution (not on disk) so the test can compare bytes.
 */
import { DEFAULT_TOKEN } from '../../sandbox';
import { useN8nWithChatwork } from './support/useN8nWithChatwork';

const ROOM = 1001;
const TRIGGER = 'SATORI Webhook Trigger';
const chatwork = (name: string, x: number, parameters: Record<string, unknown>) => ({
	id: `00000000-0000-4000-8000-${String(x).padStart(12, '0')}`,
	name,
	type: 'n8n-nodes-satori-chatwork.chatwork',
	typeVersion: 1,
	position: [x, 0],
	parameters: { roomId: { __rl: true, mode: 'id', value: String(ROOM) }, ...parameters },
	credentials: { chatworkApi: { id: 'cwApiE2e00000001', name: 'Chatwork sandbox' } },
});
const workflow = {
	id: 'ChatworkApiE2e01',
	name: 'Lead file → Chatwork upload, download, task',
	nodes: [
		{
			id: '00000000-0000-4000-8000-000000000001',
			name: TRIGGER,
			type: 'n8n-nodes-satori-chatwork.satoriWebhookTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'chatwork-api-e2e-hook',
			parameters: {
				httpMethod: 'POST',
				path: 'lead-with-file',
				fields: {
					field: [
						{ key: 'company', label: '会社名', type: 'text', required: true },
						{ key: 'attachment', label: '資料', type: 'file', required: true },
					],
				},
			},
		},
		chatwork('Upload', 300, {
			resource: 'file',
			operation: 'upload',
			binaryPropertyName: 'attachment',
			message: '={{ $json.company }}様から資料が届きました',
		}),
		chatwork('Download', 600, {
			resource: 'file',
			operation: 'download',
			fileId: '={{ $json.fileId }}',
			binaryPropertyName: 'downloaded',
		}),
		chatwork('Task', 900, {
			resource: 'task',
			operation: 'create',
			assigneeIds: '101',
			text: "=折り返し: {{ $('SATORI Webhook Trigger').item.json.company }}様",
			limitType: 'none',
		}),
	],
	connections: {
		[TRIGGER]: { main: [[{ node: 'Upload', type: 'main', index: 0 }]] },
		Upload: { main: [[{ node: 'Download', type: 'main', index: 0 }], []] },
		Download: { main: [[{ node: 'Task', type: 'main', index: 0 }], []] },
	},
	settings: { executionOrder: 'v1' },
};

const e2e = useN8nWithChatwork({
	n8n: (server) => ({
		name: 'chatwork-api',
		env: { N8N_DEFAULT_BINARY_DATA_MODE: 'default' },
		credentials: [
			{ id: 'cwApiE2e00000001', name: 'Chatwork sandbox', type: 'chatworkApi', data: { apiToken: DEFAULT_TOKEN, baseUrl: server.url } },
		],
		workflows: [workflow],
	}),
});

it('uploads the submitted file, downloads the same bytes and assigns a follow-up task', async () => {
	const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n見積書 '), Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255])]);
	const form = new FormData();
	form.append('company', '株式会社アップロード');
	form.append('attachment', new Blob([bytes], { type: 'application/pdf' }), '見積書.pdf');
	const response = await fetch(e2e.n8n.webhookUrl('lead-with-file'), { method: 'POST', body: form });
	expect(response.status).toBe(200);

	const [execution] = await e2e.n8n.waitForExecutions({ workflowId: workflow.id, count: 1 });
	expect(execution.status).toBe('success');

	const [stored] = e2e.server.files(ROOM);
	expect(stored.filename).toBe('見積書.pdf');
	expect(Buffer.compare(stored.data, bytes)).toBe(0);
	expect(e2e.server.messages(ROOM).map((message) => message.body).join('\n')).toContain('株式会社アップロード様から資料が届きました');

	const [[uploaded], uploadErrors] = e2e.n8n.nodeOutput(execution, 'Upload') ?? [[], []];
	expect(uploadErrors).toEqual([]);
	expect(uploaded).toMatchObject({ status: 'success', code: 200, fileId: stored.file_id, fileName: '見積書.pdf' });

	const downloadRun = execution.data.resultData.runData.Download[0].data.main[0][0];
	expect(downloadRun.json).toMatchObject({ status: 'success', fileId: stored.file_id });
	expect(Buffer.compare(Buffer.from(downloadRun.binary.downloaded.data, 'base64'), bytes)).toBe(0);

	const [[task]] = e2e.n8n.nodeOutput(execution, 'Task') ?? [[]];
	expect(task).toMatchObject({ status: 'success', code: 200 });
	expect(e2e.server.tasks(ROOM).map((entry) => [entry.body, entry.account_id])).toEqual([['折り返し: 株式会社アップロード様', 101]]);
	expect(e2e.n8n.readLog()).not.toContain(DEFAULT_TOKEN);
});
