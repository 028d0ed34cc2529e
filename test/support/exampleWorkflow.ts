/** The example workflow (examples/satori-to-chatwork.json) as e2e tests vary it. */
import fs from 'node:fs';
import path from 'node:path';

export const example = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'satori-to-chatwork.json'), 'utf8'),
);

/**
 * A copy with another id, webhook path and Chatwork credential, and optionally another room (an id
 * or an expression such as `={{ $json.room }}`).
 */
export function exampleVariant(id: string, webhookPath: string, credentialId: string, room?: number | string) {
	const workflow = JSON.parse(JSON.stringify(example));
	workflow.id = id;
	workflow.name = `${example.name} (${webhookPath})`;
	for (const node of workflow.nodes) {
		if (node.type.endsWith('.satoriWebhookTrigger')) {
			node.parameters.path = webhookPath;
			node.webhookId = `${id.toLowerCase()}-hook`;
		}
		if (room !== undefined && node.parameters?.roomId) node.parameters.roomId.value = String(room);
		if (node.credentials?.chatworkApi) node.credentials.chatworkApi = { id: credentialId, name: credentialId };
	}
	return workflow;
}
