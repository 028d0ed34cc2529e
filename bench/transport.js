// @ts-check
/**
 * Sending 1,000 messages over 10 rooms under Chatwork's real limits (10 posts / 10 s per room,
 * 300 requests / 5 min per token) on a time-scaled server: our Chatwork node (its execute() with
 * real HTTP) against the naive way (every request at once, as n8n's HTTP Request node does).
 */
const { startServerProcess } = require('./support/chatworkServerProcess');
const { executeContext } = require('../test/support/executeNode');
const { startWorker } = require('./support/chatworkWorkerProcess');

const N = Number(process.env.BENCH_MESSAGES ?? 1000);
const ROOM_COUNT = 10;
// 1 Chatwork second = 20 ms: the 900 s minimum takes 18 s here, long enough that this machine's
// HTTP round trips (not the pacing) are a small share of it.
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 0.02);
const TOKEN = 'bench-token-0123456789';
const rooms = Array.from({ length: ROOM_COUNT }, (_, index) => ({ room_id: 5001 + index, name: `Room ${index + 1}` }));
const serverOptions = (/** @type {boolean} */ limits) => ({
	accounts: [{ token: TOKEN, account_id: 1, name: 'Bench' }],
	rooms,
	timeScale: TIME_SCALE,
	...(limits ? {} : { limits: false }),
});

/** The least time Chatwork's limits allow for N posts over the rooms, in Chatwork ms. */
function theoreticalMinimumMs() {
	const perRoom = Math.ceil(N / ROOM_COUNT);
	const roomBound = (Math.ceil(perRoom / 10) - 1) * 10_000;
	const tokenBound = (Math.ceil(N / 300) - 1) * 300_000;
	return Math.max(roomBound, tokenBound);
}

const items = Array.from({ length: N }, (_, n) => ({
	company: `株式会社ベンチ${n}`,
	name: `担当者${n}`,
	customer_detail_url: `https://app.satori.marketing/customers/${n}`,
	room: rooms[n % ROOM_COUNT].room_id,
}));

/** Message → Send of every item with the seed's template, as the node is set up in a workflow. */
function sendContext(/** @type {string} */ baseUrl, /** @type {any} */ nodeType) {
	return executeContext({
		nodeType,
		items,
		credentials: { apiToken: TOKEN, baseUrl },
		parameters: {
			resource: 'message',
			operation: 'send',
			roomId: (/** @type {number} */ index) => ({ __rl: true, mode: 'id', value: String(items[index].room) }),
			text: '●●セミナーのお申込みフォームから{{company}}の {{name}}様の登録がありました。SATORIのカスタマー詳細ページは{{customer_detail_url}}です。',
			selfUnread: true,
			delivery: { concurrentRooms: ROOM_COUNT },
		},
	});
}

async function runOurs(/** @type {boolean} */ limits) {
	const server = await startServerProcess(serverOptions(limits));
	process.env.N8N_CHATWORK_TIME_SCALE = String(TIME_SCALE);
	const { Chatwork } = require('../dist/nodes/Chatwork/Chatwork.node.js');
	const ctx = sendContext(server.url, new Chatwork());
	const cpu = process.cpuUsage();
	const started = performance.now();
	const [success, error] = await new Chatwork().execute.call(ctx);
	const wallMs = performance.now() - started;
	const used = process.cpuUsage(cpu);
	const report = await server.stats();
	server.close();
	return {
		delivered: report.rooms.reduce((/** @type {number} */ sum, /** @type {any} */ room) => sum + room.stored, 0),
		success: success.length,
		error: error.length,
		tooMany: report.stats.tooMany.room + report.stats.tooMany.token,
		maxPostsIn10s: Math.max(...report.rooms.map((/** @type {any} */ room) => room.maxPostsIn10s)),
		wallMs,
		cpuMsPerItem: (used.user + used.system) / 1000 / N,
	};
}

/**
 * The node's own work per item (read parameters, render the template, queue, build the history
 * item), with every request answered at once in-process so no HTTP client cost is counted.
 */
async function runOwnWork() {
	const { Chatwork } = require('../dist/nodes/Chatwork/Chatwork.node.js');
	const ctx = sendContext('http://127.0.0.1:9', new Chatwork());
	let id = 0;
	ctx.helpers.httpRequest = async () => ({
		statusCode: 200,
		headers: {},
		body: { message_id: String(++id) },
	});
	delete process.env.N8N_CHATWORK_TIME_SCALE;
	await new Chatwork().execute.call(ctx);
	const cpu = process.cpuUsage();
	const [success] = await new Chatwork().execute.call(ctx);
	const used = process.cpuUsage(cpu);
	return { success: success.length, cpuMsPerItem: (used.user + used.system) / 1000 / N };
}

async function runNaive() {
	const server = await startServerProcess(serverOptions(true));
	const started = performance.now();
	const statuses = await Promise.all(
		items.map((item) =>
			fetch(`${server.url}/rooms/${item.room}/messages`, {
				method: 'POST',
				headers: { 'X-ChatWorkToken': TOKEN, 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ body: `${item.company} ${item.name}`, self_unread: '1' }),
			}).then(
				(response) => response.status,
				() => 0,
			),
		),
	);
	const wallMs = performance.now() - started;
	const report = await server.stats();
	server.close();
	return {
		delivered: report.rooms.reduce((/** @type {number} */ sum, /** @type {any} */ room) => sum + room.stored, 0),
		tooMany: statuses.filter((status) => status === 429).length,
		wallMs,
	};
}

const SHARED_POSTS_PER_WORKER = Number(process.env.BENCH_SHARED_ROOM_POSTS ?? 50);
const SHARED_ROUNDS = Number(process.env.BENCH_SHARED_ROOM_ROUNDS ?? 3);

/**
 * One room, `workers` processes with no shared state (n8n queue-mode workers running executions
 * for the same room): each posts SHARED_POSTS_PER_WORKER at once. What the limiter costs there:
 * 429s per request sent, and first → last post ÷ the least time the room limit allows.
 */
async function runSharedRoom(/** @type {number} */ workers) {
	const roomId = rooms[0].room_id;
	const server = await startServerProcess(serverOptions(true));
	const started = await Promise.all(Array.from({ length: workers }, startWorker));
	const jobs = started.map((process, worker) =>
		process.run({
			baseUrl: server.url,
			token: TOKEN,
			timeScale: TIME_SCALE,
			items: Array.from({ length: SHARED_POSTS_PER_WORKER }, (_, n) => ({ text: `worker ${worker} lead ${n}`, room: roomId })),
		}),
	);
	const outputs = await Promise.all(jobs);
	const report = await server.stats();
	server.close();
	const room = report.rooms.find((/** @type {any} */ r) => r.roomId === roomId);
	const posts = workers * SHARED_POSTS_PER_WORKER;
	const minimumMs = (Math.ceil(posts / 10) - 1) * 10_000;
	return {
		posts,
		delivered: room.stored,
		success: outputs.reduce((sum, output) => sum + output.success, 0),
		tooMany: report.stats.tooMany.room + report.stats.tooMany.token,
		requests: report.stats.requests,
		spanOverMinimum: (room.lastPostAt - room.firstPostAt) / minimumMs,
		maxPostsIn10s: room.maxPostsIn10s,
	};
}

async function sharedRoomTable() {
	console.log(`\nOne room shared by worker processes with no shared state (n8n queue mode), ${SHARED_POSTS_PER_WORKER} posts each, ${SHARED_ROUNDS} rounds, median`);
	const rows = [['workers', 'delivered', 'sent twice', '429s / requests', 'first → last post ÷ minimum', 'max posts in a 10 s window']];
	const results = {};
	for (const workers of [2, 3]) {
		const runs = [];
		for (let round = 0; round < SHARED_ROUNDS; round++) runs.push(await runSharedRoom(workers));
		const middle = (/** @type {number[]} */ values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
		const share = middle(runs.map((run) => run.tooMany / run.requests));
		const span = middle(runs.map((run) => run.spanOverMinimum));
		const worst = runs.reduce((a, b) => (a.delivered <= b.delivered ? a : b));
		rows.push([
			String(workers),
			`${worst.delivered}/${worst.posts} (success ${worst.success})`,
			String(Math.max(...runs.map((run) => Math.max(0, run.delivered - run.posts)))),
			`${(100 * share).toFixed(1)} % (max ${(100 * Math.max(...runs.map((run) => run.tooMany / run.requests))).toFixed(1)} %)`,
			`${span.toFixed(2)} (max ${Math.max(...runs.map((run) => run.spanOverMinimum)).toFixed(2)})`,
			String(Math.max(...runs.map((run) => run.maxPostsIn10s))),
		]);
		Object.assign(results, { [workers]: { share, span, runs } });
	}
	printTable(rows);
	console.log('Targets (issue 19): 429s ≤ 10 % of the requests, first → last ≤ 1.5 × the minimum.');
	return results;
}

async function main() {
	const minimum = theoreticalMinimumMs();
	const minimumReal = minimum * TIME_SCALE;
	console.log(`\nTransport: ${N} messages over ${ROOM_COUNT} rooms, Chatwork limits, time scale ${TIME_SCALE} (1 Chatwork s = ${1000 * TIME_SCALE} ms)`);
	console.log(`Theoretical minimum allowed by the limits: ${(minimum / 1000).toFixed(0)} Chatwork s = ${(minimumReal / 1000).toFixed(2)} s here\n`);
	const ours = await runOurs(true);
	const naive = await runNaive();
	const unlimited = await runOurs(false);
	const own = await runOwnWork();
	const rows = [
		['', 'delivered', '429s', 'wall (s)', 'wall / minimum', 'max posts in a 10 s window', 'CPU ms / item'],
		['Chatwork node (paced)', `${ours.delivered}/${N}`, ours.tooMany, (ours.wallMs / 1000).toFixed(2), (ours.wallMs / minimumReal).toFixed(3), ours.maxPostsIn10s, ours.cpuMsPerItem.toFixed(3)],
		['all at once (HTTP Request style)', `${naive.delivered}/${N}`, naive.tooMany, (naive.wallMs / 1000).toFixed(2), '-', '-', '-'],
		['Chatwork node, server limits off', `${unlimited.delivered}/${N}`, unlimited.tooMany, (unlimited.wallMs / 1000).toFixed(2), '-', '-', unlimited.cpuMsPerItem.toFixed(3)],
		['Chatwork node, its own work only', `${own.success}/${N}`, '-', '-', '-', '-', own.cpuMsPerItem.toFixed(3)],
	];
	printTable(rows);
	console.log('\nCPU ms / item: this process only (node + HTTP client); the server runs in a child process.');
	console.log('"its own work only": parameters, template, queue and history item, with requests answered in-process.');
	const sharedRoom = await sharedRoomTable();
	return { ours, naive, unlimited, own, sharedRoom, minimumMs: minimum };
}

function printTable(/** @type {Array<Array<string | number>>} */ rows) {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
	for (const [index, row] of rows.entries()) {
		console.log(`| ${row.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`);
		if (index === 0) console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
	}
}

module.exports = { main, sharedRoomTable, printTable };
if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
