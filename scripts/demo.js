#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: the package's main job on this machine. A real n8n 2.40.7 with this package
 * installed as a community package, the example workflow (SATORI Webhook Trigger → Chatwork with
 * Success/Error branches) published, and the local Chatwork sandbox as the credential's base URL.
 * On the sandbox, the second example (a reply 「対応済み」 → Chatwork Trigger → confirmation) runs
 * too: the sandbox sends its signed webhooks, and its page can post as a colleague. So does the
 * speed-to-lead loop (scripts/demoSpeedToLead.js): owner and task, reply → handled, escalation, summary.
 * With CHATWORK_API_TOKEN and CHATWORK_ROOM_ID set, it posts to the real Chatwork instead.
 * `npm start -- --queue` runs the same in n8n's queue mode (scripts/n8n/queue.js): PostgreSQL, Redis,
 * main, a webhook processor (the form URL) and 2 workers.
 * Ctrl-C stops everything it started.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { startN8n, DEMO_OWNER } = require('./n8n/harness');
const { PRODUCTION_SETTINGS } = require('./n8n/productionSettings');
const { startQueue } = require('./n8n/queue');
const { DEFAULT_TOKEN } = require('../sandbox');
const { oauthCredentialFields, startDemoSandbox } = require('./demoSandbox');
const { prepareSpeedToLead } = require('./demoSpeedToLead');

const EXAMPLE = path.join(__dirname, '..', 'examples', 'satori-to-chatwork.json');
const REPLY_EXAMPLE = path.join(__dirname, '..', 'examples', 'chatwork-reply-to-confirmation.json');
const SANDBOX_PORT = Number(process.env.DEMO_SANDBOX_PORT ?? 4010);
const N8N_PORT = Number(process.env.DEMO_N8N_PORT ?? 5678);
const QUEUE_MODE = process.argv.includes('--queue');

async function main() {
	const realToken = process.env.CHATWORK_API_TOKEN;
	const realRoom = process.env.CHATWORK_ROOM_ID;
	if (Boolean(realToken) !== Boolean(realRoom)) {
		throw new Error('Set both CHATWORK_API_TOKEN and CHATWORK_ROOM_ID to post to the real Chatwork, or neither for the sandbox.');
	}
	if (realRoom && !/^\d+$/.test(realRoom)) throw new Error(`CHATWORK_ROOM_ID must be a number, not "${realRoom}".`);

	const demoSandbox = realToken ? undefined : await startDemoSandbox(SANDBOX_PORT);
	const sandbox = demoSandbox?.sandbox;
	const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
	const replyWorkflow = sandbox ? JSON.parse(fs.readFileSync(REPLY_EXAMPLE, 'utf8')) : undefined;
	const replyTrigger = replyWorkflow?.nodes.find((/** @type {any} */ node) => node.type.endsWith('.chatworkTrigger'));
	// The loop's owners are the sandbox's colleagues; on the real Chatwork they would be someone else's accounts.
	const speedToLead = sandbox ? prepareSpeedToLead(sandbox) : undefined;
	const webhookToken = crypto.randomBytes(32).toString('base64');
	const chatworkCredential = workflow.nodes.find((/** @type {any} */ node) => node.credentials?.chatworkApi)
		.credentials.chatworkApi;
	if (realRoom) {
		for (const node of workflow.nodes) {
			if (node.parameters?.roomId) node.parameters.roomId.value = realRoom;
		}
	}

	let stopping = false;
	/** @type {{stop: () => Promise<void>} | undefined} */
	let running;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandbox…');
		await running?.stop();
		await sandbox?.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	const options = {
		name: 'demo',
		port: N8N_PORT,
		env: { ...PRODUCTION_SETTINGS },
		workflows: replyWorkflow ? [workflow, replyWorkflow, ...(speedToLead?.workflows ?? [])] : [workflow],
		credentials: [
			...(speedToLead?.credentials ?? []),
			...(replyTrigger
				? [{ ...replyTrigger.credentials.chatworkWebhookApi, type: 'chatworkWebhookApi', data: { webhookToken } }]
				: []),
			{
				id: chatworkCredential.id,
				name: realToken ? 'Chatwork' : chatworkCredential.name,
				type: 'chatworkApi',
				data: realToken ? { apiToken: realToken } : { apiToken: DEFAULT_TOKEN, baseUrl: sandbox?.url },
			},
		],
	};
	// In queue mode the form is served and enqueued by the webhook processor, on the next port.
	const queue = QUEUE_MODE ? await startQueue({ ...options, webhookPort: N8N_PORT + 1 }) : undefined;
	const n8n = queue ? queue.main : await startN8n(options);
	running = queue ?? n8n;
	const formUrl = queue ? queue.webhookUrl : n8n.webhookUrl.bind(n8n);

	// As set up in Chatwork's UI: a room webhook on the lead room, pointing at the Chatwork Trigger.
	if (sandbox && replyTrigger) {
		sandbox.addWebhook({ url: n8n.webhookUrl(replyTrigger.parameters.path), token: webhookToken, roomId: 1001 });
	}
	await speedToLead?.afterStart(n8n);

	const trigger = workflow.nodes.find((/** @type {any} */ node) => node.type.endsWith('.satoriWebhookTrigger'));
	const line = '─'.repeat(72);
	console.log(`\n${line}`);
	console.log(` n8n-nodes-satori-chatwork demo is running${queue ? ' in queue mode (main, webhook processor, 2 workers)' : ''}`);
	console.log(line);
	console.log(` Form (open in a browser, fill in, submit):  ${formUrl(trigger.parameters.path)}`);
	if (demoSandbox && sandbox) {
		console.log(` Chatwork sandbox (messages appear live):     ${sandbox.origin}/`);
		console.log('   reply 「対応済み」 there as 山田 太郎 (投稿者, or 返信 on a message): a confirmation follows');
		for (const text of speedToLead?.instructions(formUrl) ?? []) console.log(text);
		console.log(' Sign in with Chatwork (a Chatwork OAuth2 API credential in n8n) against the sandbox:');
		for (const [field, value] of Object.entries(oauthCredentialFields(sandbox, demoSandbox.oauthClient))) {
			console.log(`   ${`${field}:`.padEnd(19)}${value}`);
		}
	} else {
		console.log(` Posting to the real Chatwork, room:          https://www.chatwork.com/#!rid${realRoom}`);
	}
	console.log(` n8n editor:                                  ${n8n.baseUrl}/workflow/${workflow.id}`);
	console.log(`   login: ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
	console.log(line);
	console.log(' Ctrl-C stops everything.\n');
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
