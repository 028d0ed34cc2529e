// @ts-check
/**
 * One Chatwork node in a process of its own, as one n8n queue-mode worker runs it: its rate-limit
 * state is its own, and it sees other workers only through Chatwork's answers. The parent sends
 * the items and gets the counts of the two outputs back over the IPC channel.
 */
const { fork } = require('node:child_process');

if (require.main === module && process.send) {
	// Loaded before the job arrives, so that workers started together post together.
	const { executeContext } = require('../../test/support/executeNode');
	const { Chatwork } = require('../../dist/nodes/Chatwork/Chatwork.node.js');
	process.send({ ready: true });
	process.once('message', async (/** @type {any} */ job) => {
		process.env.N8N_CHATWORK_TIME_SCALE = String(job.timeScale);
		const ctx = executeContext({
			nodeType: new Chatwork(),
			items: job.items,
			credentials: { apiToken: job.token, baseUrl: job.baseUrl },
			parameters: {
				resource: 'message',
				operation: 'send',
				roomId: (/** @type {number} */ index) => ({ __rl: true, mode: 'id', value: String(job.items[index].room) }),
				text: '{{text}}',
				selfUnread: true,
			},
		});
		const [success, error] = await new Chatwork().execute.call(ctx);
		process.send?.({ success: success.length, error: error.length, errors: error.slice(0, 3).map((/** @type {any} */ item) => item.json.error) });
		process.disconnect();
	});
}

/**
 * A worker process with the node loaded; `run` hands it the items and resolves with the counts of
 * its Success and Error outputs.
 * @returns {Promise<{run: (job: {baseUrl: string, token: string, timeScale: number, items: Array<Record<string, unknown>>}) => Promise<{success: number, error: number, errors: unknown[]}>}>}
 */
function startWorker() {
	const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	return new Promise((ready, reject) => {
		child.once('error', reject);
		child.once('message', () =>
			ready({
				run: (job) =>
					new Promise((resolve) => {
						child.once('message', resolve);
						child.send(job);
					}),
			}),
		);
	});
}

module.exports = { startWorker };
