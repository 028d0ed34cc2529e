/**
 * The lead flow in n8n 2.40.7's queue mode (scripts/n8n/queue.js): PostgreSQL and Redis from
 * Debian's packages, a main process, a webhook processor and two workers, this package installed on
 * each; the Chatwork look-alike with Chatwork's real limits on a clock 20 times faster. Each test
 * posts with its own token, so one test's requests never spend another's 300 / 5 min budget.
 * What the tests measure (429s, time ÷ minimum, the worker kill) is printed, not asserted.
 */
import fs from 'node:fs';

import { startQueue } from '../../scripts/n8n/queue';
import type { ChatworkServer } from '../../sandbox';
import { startChatworkServer } from '../../sandbox';
import { SPEED_TO_LEAD_COLUMNS, SPEED_TO_LEAD_TABLE } from '../../scripts/demoSpeedToLead';
import { example, exampleVariant } from '../support/exampleWorkflow';

const TIME_SCALE = 0.05;
const TOKENS = {
	spread: 'queue-e2e-spread-token-5b8e21c4',
	hotRoom: 'queue-e2e-hotroom-token-9d03aa71',
	kill: 'queue-e2e-kill-token-3f6c0e98',
	speed: 'queue-e2e-speed-token-71d4c2a0',
};
const SPREAD_ROOMS = [2001, 2002, 2003, 2004];
const HOT_ROOM = 3001;
const KILL_ROOM = 4001;
type Queue = Awaited<ReturnType<typeof startQueue>>;

/** n8n's Webhook node → Split Out (body.leads) → Chatwork: one execution posting many items to one room. */
function batchFlow(id: string, webhookPath: string, room: number, credentialId: string) {
	const chatwork = example.nodes.find((node: { name: string }) => node.name === 'Chatwork');
	return {
		id,
		name: `Batch to room ${room} (${webhookPath})`,
		nodes: [
			{
				id: `${id}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${id.toLowerCase()}-hook`,
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			},
			{
				id: `${id}-split`,
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.leads', options: {} },
			},
			{
				...chatwork,
				id: `${id}-chatwork`,
				position: [400, 0],
				parameters: { ...chatwork.parameters, roomId: { __rl: true, mode: 'id', value: String(room) }, text: 'lead {{tag}}-{{n}}' },
				credentials: { chatworkApi: { id: credentialId, name: credentialId } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Chatwork', type: 'main', index: 0 }]] },
		},
		settings: {},
	};
}

// One published workflow for the four rooms (each published workflow costs an n8n CLI start).
const SPREAD = exampleVariant('QueueSpread00001', 'q-lead', 'cwQueueSpread001', '={{ $json.room }}');
const HOT = batchFlow('QueueHotRoom0001', 'q-hot-room', HOT_ROOM, 'cwQueueHotRoom01');

/** The speed-to-lead examples ① and ③ as a user imports them; ③ runs every 2 s, the task is due in 2 (Chatwork) minutes. */
const speedExample = (file: string) => JSON.parse(fs.readFileSync(`${__dirname}/../../examples/${file}`, 'utf8'));
const SPEED_LEAD = speedExample('speed-to-lead-1-owner-and-task.json');
const SPEED_ESCALATION = speedExample('speed-to-lead-3-escalation.json');
const SPEED_ROOM = 1001;
const SPEED_OWNERS = [102, 103];
const SPEED_DUE_MINUTES = 2;
SPEED_LEAD.nodes.find((node: { name: string }) => node.name === 'Chatwork').parameters.owner.taskDueInMinutes = SPEED_DUE_MINUTES;
SPEED_ESCALATION.nodes.find((node: { type: string }) => node.type === 'n8n-nodes-base.scheduleTrigger').parameters.rule = {
	interval: [{ field: 'seconds', secondsInterval: 2 }],
};
/**
 * The Keep Submissions example (kept until sent, recovered when left behind) for the kill test. Its
 * schedule becomes a webhook the test calls once every lead execution has ended, so the recovery
 * runs at a known moment; it then takes every row left (the example: rows older than 10 minutes).
 */
const KEPT_EXAMPLE = speedExample('satori-to-chatwork-keep-submissions.json');
const KEPT_TABLE = 'SATORI submissions';
const KEEP_COLUMNS = [
	{ name: 'submissionId', type: 'string' },
	{ name: 'receivedAt', type: 'date' },
	{ name: 'submission', type: 'string' },
];
function keptFlow(keepCredentialId: string) {
	const workflow = JSON.parse(JSON.stringify(KEPT_EXAMPLE));
	workflow.name = `${KEPT_EXAMPLE.name} (q-kill)`;
	const byName = (name: string) => workflow.nodes.find((node: { name: string }) => node.name === name);
	const trigger = workflow.nodes.find((node: { type: string }) => node.type.endsWith('.satoriWebhookTrigger'));
	trigger.parameters.path = 'q-kill';
	trigger.webhookId = 'queue-kill-kept-hook';
	trigger.credentials.satoriKeepSubmissionsApi = { id: keepCredentialId, name: keepCredentialId };
	const chatwork = byName('Chatwork');
	chatwork.parameters.roomId.value = String(KILL_ROOM);
	chatwork.credentials.chatworkApi = { id: 'cwQueueKillRun01', name: 'cwQueueKillRun01' };
	const schedule = byName('Every 5 minutes');
	Object.assign(schedule, {
		name: 'Recover now',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: 'queue-kill-recover-hook',
		parameters: { httpMethod: 'POST', path: 'q-kill-recover', responseMode: 'onReceived', options: {} },
	});
	workflow.connections['Recover now'] = workflow.connections['Every 5 minutes'];
	delete workflow.connections['Every 5 minutes'];
	byName('Rows left behind').parameters.filters.conditions[0].keyValue = '={{ $now.plus({ minutes: 1 }).toISO() }}';
	return workflow;
}

const speedLeadPath = SPEED_LEAD.nodes.find((node: { type: string }) => node.type.endsWith('.satoriWebhookTrigger')).parameters.path;

let server: ChatworkServer;
let queue: Queue;
let speedTableRows: string;
let keptTableRows: string;
let keptWorkflowId: string;
/** The n8n API key of the Keep Submissions credential: kept out of every log like the tokens. */
let n8nApiKey: string;

beforeAll(async () => {
	server = await startChatworkServer({
		accounts: [
			{ token: TOKENS.spread, account_id: 201, name: 'Spread Bot' },
			{ token: TOKENS.hotRoom, account_id: 202, name: 'Hot Room Bot' },
			{ token: TOKENS.kill, account_id: 203, name: 'Kill Bot' },
			{ token: TOKENS.speed, account_id: 204, name: 'Speed Bot' },
			...SPEED_OWNERS.map((account_id) => ({ account_id, name: `営業${account_id}` })),
		],
		rooms: [...SPREAD_ROOMS, HOT_ROOM, KILL_ROOM, SPEED_ROOM].map((room_id) => ({ room_id, name: `Room ${room_id}` })),
		timeScale: TIME_SCALE,
	});
	const credential = (id: string, token: string) => ({
		id,
		name: id,
		type: 'chatworkApi',
		data: { apiToken: token, baseUrl: server.url },
	});
	queue = await startQueue({
		name: 'queue-e2e',
		keep: true,
		// n8n's recommended least: 10 executions posted at once cannot all fit on one worker.
		workerConcurrency: 5,
		env: {
			N8N_CHATWORK_TIME_SCALE: String(TIME_SCALE),
			// A killed worker's jobs are noticed in seconds rather than a minute (n8n: 60 s lock, 30 s check).
			QUEUE_WORKER_LOCK_DURATION: '6000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '3000',
		},
		credentials: [
			credential('cwQueueSpread001', TOKENS.spread),
			credential('cwQueueHotRoom01', TOKENS.hotRoom),
			credential('cwQueueKillRun01', TOKENS.kill),
			credential(SPEED_LEAD.nodes.find((node: { name: string }) => node.name === 'Chatwork').credentials.chatworkApi.id, TOKENS.speed),
		],
		workflows: [SPREAD, HOT, SPEED_LEAD, SPEED_ESCALATION],
	});
	const project = await queue.main.api('GET', '/projects/personal');
	const table = await queue.main.api('POST', `/projects/${project.id}/data-tables`, { body: { name: SPEED_TO_LEAD_TABLE, columns: SPEED_TO_LEAD_COLUMNS } });
	speedTableRows = `/projects/${project.id}/data-tables/${table.id}/rows`;
	// Keep Submissions: the table, an n8n API key as a user makes one, its credential, then the workflow.
	const kept = await queue.main.api('POST', `/projects/${project.id}/data-tables`, { body: { name: KEPT_TABLE, columns: KEEP_COLUMNS } });
	keptTableRows = `/projects/${project.id}/data-tables/${kept.id}/rows`;
	const scopes = await queue.main.api('GET', '/api-keys/scopes');
	const key = await queue.main.api('POST', '/api-keys', { body: { label: 'Keep submissions', expiresAt: null, scopes } });
	n8nApiKey = key.rawApiKey;
	const keepCredential = await queue.main.api('POST', '/credentials', {
		body: { name: 'n8n API (keep submissions)', type: 'satoriKeepSubmissionsApi', data: { apiKey: n8nApiKey, baseUrl: `${queue.main.baseUrl}/api/v1` } },
	});
	keptWorkflowId = await queue.main.addWorkflow(keptFlow(keepCredential.id));
}, 20 * 60_000);

afterAll(async () => {
	await queue?.stop();
	for (const instance of queue ? [queue.main, queue.webhook, ...queue.workers] : []) {
		fs.rmSync(instance.userFolder, { recursive: true, force: true });
	}
	await server?.close();
});

async function keptRows(): Promise<Array<Record<string, unknown>>> {
	return (await queue.main.api('GET', keptTableRows, { query: { take: 100, skip: 0 } })).data;
}

async function latestExecutionId(): Promise<string> {
	const [newest] = await queue.main.listExecutions({ limit: 1 });
	return newest?.id ?? '0';
}

function lead(n: number, tag: string) {
	return { company: `${tag}会社${n}`, name: `担当${n}`, email: `${tag}${n}@example.jp` };
}

async function submit(url: string, body: unknown) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	await response.arrayBuffer();
	return response.status;
}

/** Like Promise.all(items.map(fn)), at most `limit` at once. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: limit }, async () => {
			while (next < items.length) {
				const index = next++;
				results[index] = await fn(items[index]);
			}
		}),
	);
	return results;
}

/** The least virtual time Chatwork's limits allow for `posts` posts to one room (10 / 10 s, sliding). */
function roomMinimumMs(posts: number) {
	return (Math.ceil(posts / 10) - 1) * 10_000;
}

function tooManyRequests(from: number) {
	return server.requests.filter((request) => request.seq > from && request.status === 429).length;
}

describe('the lead flow in n8n queue mode (main + webhook processor + 2 workers)', () => {
	it('turns 200 submissions to 4 rooms into 200 messages, each exactly once, run by both workers', async () => {
		const since = await latestExecutionId();
		const jobs = Array.from({ length: 200 }, (_, n) => ({ n, room: n % 4 }));
		const statuses = await mapLimit(jobs, 20, ({ n, room }) =>
			submit(queue.webhookUrl('q-lead'), { ...lead(n, 'spread'), room: String(SPREAD_ROOMS[room]) }),
		);
		expect(statuses).toEqual(Array(200).fill(200));

		const executions = await queue.main.waitForExecutions({ workflowId: SPREAD.id, since, count: 200, timeoutMs: 300_000 });
		expect(executions.map((execution) => execution.status)).toEqual(Array(200).fill('success'));
		for (const [index, room] of SPREAD_ROOMS.entries()) {
			const bodies = server.messages(room).map((message) => message.body);
			expect(bodies).toHaveLength(50);
			for (let n = index; n < 200; n += 4) {
				expect(bodies.filter((body) => body.includes(`spread会社${n}の 担当${n}様`))).toHaveLength(1);
			}
			expect(server.maxPostsInWindow(room, 10_000)).toBeLessThanOrEqual(10);
		}
		const byWorker = [0, 0];
		for (const execution of executions) {
			const worker = queue.workerOf(execution.id);
			expect(worker).toBeDefined();
			byWorker[worker as number]++;
		}
		expect(byWorker[0]).toBeGreaterThan(0);
		expect(byWorker[1]).toBeGreaterThan(0);
		expect(byWorker[0] + byWorker[1]).toBe(200);
		process.stderr.write(
			`[queue e2e] test 1: 200/200 delivered once; executions per worker ${byWorker.join(' / ')}; ` +
				`429s ${tooManyRequests(0)}\n`,
		);
	});

	it('delivers 100 posts to one room from both workers at once (10 executions × 10): 100/100, none twice', async () => {
		const since = await latestExecutionId();
		const firstSeq = server.requests.length === 0 ? 0 : server.requests[server.requests.length - 1].seq;
		const tags = 'abcdefghij'.split('');
		const batch = (tag: string) => ({ leads: Array.from({ length: 10 }, (_, n) => ({ tag, n })) });
		const startedAt = Date.now();
		expect(await Promise.all(tags.map((tag) => submit(queue.webhookUrl('q-hot-room'), batch(tag))))).toEqual(Array(10).fill(200));

		const executions = await queue.main.waitForExecutions({ workflowId: HOT.id, since, count: 10, timeoutMs: 300_000 });
		const realMs = Date.now() - startedAt;
		expect(executions.map((execution) => execution.status)).toEqual(Array(10).fill('success'));
		const workers = executions.map((execution) => queue.workerOf(execution.id));
		expect(new Set(workers)).toEqual(new Set([0, 1]));
		const bodies = server.messages(HOT_ROOM).map((message) => message.body);
		expect(bodies).toHaveLength(100);
		expect(new Set(bodies).size).toBe(100);
		for (const tag of tags) {
			for (let n = 0; n < 10; n++) expect(bodies).toContain(`lead ${tag}-${n}`);
		}
		for (const execution of executions) {
			const [success = [], error = []] = queue.main.nodeOutput(execution, 'Chatwork') ?? [];
			expect({ success: success.length, error }).toEqual({ success: 10, error: [] });
		}
		expect(server.maxPostsInWindow(HOT_ROOM, 10_000)).toBeLessThanOrEqual(10);
		const sentAt = server.messages(HOT_ROOM).map((message) => message.sentAt);
		const spanMs = Math.max(...sentAt) - Math.min(...sentAt);
		const requests = server.requests.filter((request) => request.seq > firstSeq).length;
		const tooMany = tooManyRequests(firstSeq);
		process.stderr.write(
			`[queue e2e] test 2: 100/100 delivered, 0 duplicates; executions on workers ${workers.map((w) => (w ?? -1) + 1).join(',')}; ` +
				`429s ${tooMany} of ${requests} requests (${((100 * tooMany) / requests).toFixed(1)} % of the token budget spent); ` +
				`first→last post ${(spanMs / 1000).toFixed(1)} Chatwork s = ${(spanMs / roomMinimumMs(100)).toFixed(2)} × the minimum ` +
				`${roomMinimumMs(100) / 1000} s; wall ${(realMs / 1000).toFixed(1)} s\n`,
		);
	});

	it('speed to lead: each of 30 leads gets one owner and one task from either worker, and an overdue lead one escalation however often ③ runs', async () => {
		const since = await latestExecutionId();
		const count = 30;
		const statuses = await mapLimit(
			Array.from({ length: count }, (_, n) => n),
			10,
			(n) => submit(queue.webhookUrl(speedLeadPath), { company: `速度会社${n}`, name: `担当${n}`, email: `speed${n}@example.jp` }),
		);
		expect(statuses).toEqual(Array(count).fill(200));
		const executions = await queue.main.waitForExecutions({ workflowId: SPEED_LEAD.id, since, count, timeoutMs: 300_000 });
		expect(executions.map((execution) => execution.status)).toEqual(Array(count).fill('success'));
		const workers = new Set(executions.map((execution) => queue.workerOf(execution.id)));
		expect(workers).toEqual(new Set([0, 1]));

		const leadMessages = () => server.messages(SPEED_ROOM).filter((message) => message.body.includes('新しいリードです'));
		const tasks = server.tasks(SPEED_ROOM);
		expect(leadMessages()).toHaveLength(count);
		expect(tasks).toHaveLength(count);
		const owners = new Map<number, number>();
		for (let n = 0; n < count; n++) {
			const messages = leadMessages().filter((message) => message.body.includes(`速度会社${n} 担当${n}様`));
			expect(messages).toHaveLength(1);
			const owner = Number(/^\[To:(\d+)\]\n/.exec(messages[0].body)?.[1]);
			expect(SPEED_OWNERS).toContain(owner);
			owners.set(owner, (owners.get(owner) ?? 0) + 1);
			const own = tasks.filter((task) => task.body === `対応してください: 速度会社${n} 担当${n}様`);
			expect(own.map((task) => task.account_id)).toEqual([owner]);
		}
		expect(owners.size).toBe(2);

		// Past every deadline, and several more runs of ③ on either worker: each lead escalated once.
		const rows = async () => (await queue.main.api('GET', speedTableRows, { query: { take: 100, skip: 0 } })).data as Array<Record<string, unknown>>;
		const deadline = Date.now() + 240_000;
		while ((await rows()).filter((row) => row.state === 'escalated').length < count) {
			if (Date.now() > deadline) throw new Error(`not every lead was escalated: ${JSON.stringify((await rows()).map((row) => row.state))}`);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		const escalationSince = await latestExecutionId();
		const later = await queue.main.waitForExecutions({ workflowId: SPEED_ESCALATION.id, since: escalationSince, count: 5, timeoutMs: 120_000 });
		expect(later.map((execution) => execution.status)).toEqual(Array(5).fill('success'));
		const escalationRuns = await queue.main.listExecutions({ workflowId: SPEED_ESCALATION.id, since });
		const escalations = server.messages(SPEED_ROOM).filter((message) => message.body.includes('期限を過ぎても'));
		for (let n = 0; n < count; n++) {
			expect({ n, escalations: escalations.filter((message) => message.body.includes(`速度会社${n} 担当${n}様`)).length }).toEqual({ n, escalations: 1 });
		}
		const table = await rows();
		expect(table).toHaveLength(count);
		for (const row of table) expect(row).toMatchObject({ state: 'escalated', owner: expect.any(Number), taskId: expect.any(Number) });
		process.stderr.write(
			`[queue e2e] speed to lead: ${count} leads, owners ${[...owners].map(([owner, n]) => `${owner}:${n}`).join(' ')}, tasks ${tasks.length}, ` +
				`escalations ${escalations.length} over ${escalationRuns.length} runs of ③ on workers ${[...new Set(escalationRuns.map((execution) => (queue.workerOf(execution.id) ?? -1) + 1))].join(',')}\n`,
		);
	});

	it('a worker SIGKILLed mid-run: nothing posted twice, and the Keep Submissions recovery brings every one of 60 leads to the room exactly once', async () => {
		const since = await latestExecutionId();
		const count = 60;
		const statuses = await mapLimit(
			Array.from({ length: count }, (_, n) => n),
			20,
			(n) => submit(queue.webhookUrl('q-kill'), lead(n, 'kill')),
		);
		expect(statuses).toEqual(Array(count).fill(200));
		// 60 leads to one room take at least 50 Chatwork s (2.5 s here); kill a worker that holds one.
		const deadline = Date.now() + 120_000;
		let victim: number | undefined;
		let held: string[] = [];
		while (victim === undefined) {
			if (Date.now() > deadline) throw new Error('no worker started a kill-test execution');
			if (server.messages(KILL_ROOM).length >= 10) {
				const running = await queue.main.listExecutions({ workflowId: keptWorkflowId, since });
				const active = running.filter((execution) => execution.status === 'running' || execution.status === 'new');
				victim = active.map((execution) => queue.workerOf(execution.id)).find((worker) => worker !== undefined);
				held = active.filter((execution) => queue.workerOf(execution.id) === victim).map((execution) => execution.id);
			}
			if (victim === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const postedBeforeKill = server.messages(KILL_ROOM).length;
		await queue.killWorker(victim);

		// n8n notices the dead worker's jobs when their lock expires and fails them ("job stalled").
		const executions = await queue.main.waitForExecutions({ workflowId: keptWorkflowId, since, count, timeoutMs: 300_000 });
		const copies = (n: number) => server.messages(KILL_ROOM).filter((message) => message.body.includes(`kill会社${n}の `)).length;
		const bodies = () => server.messages(KILL_ROOM).map((message) => message.body);
		expect(new Set(bodies()).size).toBe(bodies().length);
		const failed = executions.filter((execution) => execution.status !== 'success');
		for (const execution of executions.filter((e) => e.status === 'success')) {
			const [[item]] = queue.main.nodeOutput(execution, 'Chatwork') ?? [[]];
			expect(item).toMatchObject({ status: 'success', roomId: KILL_ROOM });
		}
		// n8n does not run a stalled job again (maxStalledCount 0), and a retry of such an execution runs
		// nothing (docs/worker-crash-recovery.md): the killed worker's executions end as errors.
		expect(failed.length).toBeGreaterThan(0);
		for (const execution of failed) {
			expect({ status: execution.status, error: execution.data?.resultData?.error?.message }).toMatchObject({
				status: 'error',
				error: expect.stringContaining('failed to be processed too many times'),
			});
		}
		const postedBeforeRecovery = Array.from({ length: count }, (_, n) => copies(n)).filter((c) => c === 1).length;
		// What is left: a row for each lead whose execution died before its last node, posted or not.
		const left = (await keptRows()).map((row) => JSON.parse(String(row.submission)).company as string);
		expect(left.length).toBeGreaterThanOrEqual(count - postedBeforeRecovery);

		// The recovery (the example's schedule, here called once): each row left goes back through Chatwork.
		const recoverySince = await latestExecutionId();
		expect(await submit(queue.webhookUrl('q-kill-recover'), {})).toBe(200);
		const [recovery] = await queue.main.waitForExecutions({ workflowId: keptWorkflowId, since: recoverySince, count: 1, timeoutMs: 300_000 });
		expect(recovery.status).toBe('success');
		const [recovered = [], notSent = []] = queue.main.nodeOutput(recovery, 'Chatwork') ?? [];
		expect({ recovered: recovered.length, notSent }).toEqual({ recovered: left.length, notSent: [] });
		for (let n = 0; n < count; n++) expect({ lead: n, copies: copies(n) }).toEqual({ lead: n, copies: 1 });
		expect(bodies()).toHaveLength(count);
		expect(await keptRows()).toEqual([]);
		const confirmed = recovered.filter((item) => item.delivery === 'confirmed').length;

		// Run again: nothing is left, nothing is posted.
		const againSince = await latestExecutionId();
		expect(await submit(queue.webhookUrl('q-kill-recover'), {})).toBe(200);
		const [again] = await queue.main.waitForExecutions({ workflowId: keptWorkflowId, since: againSince, count: 1, timeoutMs: 120_000 });
		expect(again.status).toBe('success');
		expect(bodies()).toHaveLength(count);
		process.stderr.write(
			`[queue e2e] test 3: worker ${victim + 1} SIGKILLed after ${postedBeforeKill} posts, holding executions ${held.join(',')}; ` +
				`${count - failed.length} success, ${failed.length} failed; leads in the room before the recovery ${postedBeforeRecovery}/${count}; ` +
				`rows left ${left.length}, of which ${confirmed} found in the room and ${left.length - confirmed} posted by the recovery; ` +
				`after it ${count}/${count}, each once\n`,
		);
	});

	it('leaves the API tokens nowhere in PostgreSQL, Redis or any process log', async () => {
		const dump = queue.postgres.dump();
		const redisDump = queue.redis.dump();
		expect(dump).toContain('credentials_entity');
		expect(dump).toContain('cwQueueSpread001');
		expect(redisDump.includes('bull')).toBe(true);
		// The services' folders (their logs too) go with stop(); n8n's logs stay beside the user folders.
		const logs = new Map([queue.postgres.logPath, queue.redis.logPath].map((log) => [log, fs.readFileSync(log, 'utf8')]));
		await queue.stop();
		for (const log of queue.logPaths()) logs.set(log, fs.readFileSync(log, 'utf8'));
		expect(logs.size).toBe(6);
		for (const [log, text] of logs) expect({ log, hasN8nApiKey: text.includes(n8nApiKey) }).toEqual({ log, hasN8nApiKey: false });
		for (const token of Object.values(TOKENS)) {
			expect({ token, inPostgres: dump.includes(token), inRedis: redisDump.includes(token) }).toEqual({
				token,
				inPostgres: false,
				inRedis: false,
			});
			for (const [log, text] of logs) {
				expect({ log, hasToken: text.includes(token) }).toEqual({ log, hasToken: false });
			}
		}
	});
});
