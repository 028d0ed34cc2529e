// @ts-check
/**
 * The speed-to-lead loop (examples/speed-to-lead-*.json) in `npm start`: its four workflows, the
 * Data Table they share, and the room webhook that brings the owner's reply 「対応済み」 back.
 * The loop posts to a room of its own in the sandbox, so the first reply example (any 対応済み in
 * 営業チーム) does not answer the same reply a second time.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES = [
	'speed-to-lead-1-owner-and-task.json',
	'speed-to-lead-2-reply-handled.json',
	'speed-to-lead-3-escalation.json',
	'speed-to-lead-4-weekly-summary.json',
].map((file) => path.join(__dirname, '..', 'examples', file));

/** The Data Table the examples read and write, by name. */
const SPEED_TO_LEAD_TABLE = 'Speed to lead';

/** Its columns, as a user creates them on n8n's Data tables page (docs/speed-to-lead.md). */
const SPEED_TO_LEAD_COLUMNS = [
	...['lead', 'submissionId', 'messageId', 'state'].map((name) => ({ name, type: 'string' })),
	...['owner', 'roomId', 'taskId', 'firstResponseSeconds'].map((name) => ({ name, type: 'number' })),
	...['received', 'due', 'handledAt', 'escalatedAt'].map((name) => ({ name, type: 'date' })),
];

const LOOP_ROOM = { room_id: 1003, name: 'リード対応', description: 'スピード・トゥ・リード: 担当者とタスク' };

/**
 * Adds the loop's room to the sandbox and reads the examples, pointed at that room.
 * @param {import('../sandbox').ChatworkServer} sandbox
 */
function prepareSpeedToLead(sandbox) {
	sandbox.addRoom(LOOP_ROOM);
	/** @type {any[]} */
	const workflows = EXAMPLES.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')));
	for (const node of workflows.flatMap((workflow) => workflow.nodes)) {
		if (node.parameters?.roomId?.mode === 'id' && /^\d+$/.test(node.parameters.roomId.value)) node.parameters.roomId.value = String(LOOP_ROOM.room_id);
	}
	const [lead, reply] = workflows;
	const replyTrigger = reply.nodes.find((/** @type {any} */ node) => node.type.endsWith('.chatworkTrigger'));
	const webhookToken = crypto.randomBytes(32).toString('base64');
	return {
		workflows,
		credentials: [{ ...replyTrigger.credentials.chatworkWebhookApi, type: 'chatworkWebhookApi', data: { webhookToken } }],
		/** @param {import('./n8n/harness').N8nInstance} n8n  main, where the Data Table and the trigger's URL are */
		async afterStart(n8n) {
			const project = await n8n.api('GET', '/projects/personal');
			await n8n.api('POST', `/projects/${project.id}/data-tables`, { body: { name: SPEED_TO_LEAD_TABLE, columns: SPEED_TO_LEAD_COLUMNS } });
			sandbox.addWebhook({ url: n8n.webhookUrl(replyTrigger.parameters.path), token: webhookToken, roomId: LOOP_ROOM.room_id });
		},
		/** @param {(path: string) => string} formUrl */
		instructions(formUrl) {
			const form = lead.nodes.find((/** @type {any} */ node) => node.type.endsWith('.satoriWebhookTrigger'));
			return [
				` Speed to lead (room ${LOOP_ROOM.name}, Data Table "${SPEED_TO_LEAD_TABLE}" in n8n):`,
				`   1. submit this form:  ${formUrl(form.parameters.path)}`,
				`   2. in the sandbox, room ${LOOP_ROOM.name}: the lead mentions its owner ([To:…]) and a task (due in 10 minutes) is theirs`,
				'   3. 返信 on the lead message, 投稿者 = that owner (山田 太郎 or 佐藤 花子), type 「対応済み」, send',
				'   4. a confirmation with the time to first response follows; the task is done and the row says handled',
				'   Left alone, the lead is escalated to Demo once, at the first check (every 5 minutes) after its due time.',
			];
		},
	};
}

module.exports = { prepareSpeedToLead, SPEED_TO_LEAD_TABLE, SPEED_TO_LEAD_COLUMNS };
