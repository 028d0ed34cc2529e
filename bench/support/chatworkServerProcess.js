// @ts-check
/**
 * The Chatwork-compatible server in a child process, so a benchmark's CPU figures measure only
 * the client. The parent asks for stats (or a reset) over the IPC channel.
 */
const { fork } = require('node:child_process');
const path = require('node:path');

if (require.main === module && process.send) {
	const { startChatworkServer } = require('../../test/support/chatwork-server');
	/** @type {any} */
	const options = JSON.parse(process.argv[2] ?? '{}');
	startChatworkServer(options).then((server) => {
		process.on('message', (/** @type {any} */ message) => {
			if (message.cmd === 'stats') {
				const rooms = (options.rooms ?? []).map((/** @type {any} */ room) => ({
					roomId: room.room_id,
					stored: server.messages(room.room_id).length,
					maxPostsIn10s: server.maxPostsInWindow(room.room_id, 10_000),
				}));
				process.send?.({ id: message.id, stats: server.stats(), rooms });
			}
			if (message.cmd === 'reset') {
				server.reset();
				process.send?.({ id: message.id, reset: true });
			}
		});
		process.send?.({ ready: server.url });
	});
}

/**
 * @param {object} options options of startChatworkServer (JSON-serialisable)
 * @returns {Promise<{ url: string, stats: () => Promise<any>, reset: () => Promise<any>, close: () => void }>}
 */
function startServerProcess(options) {
	const child = fork(__filename, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	let next = 0;
	/** @param {string} cmd */
	const ask = (cmd) =>
		new Promise((done) => {
			const id = ++next;
			const listener = (/** @type {any} */ reply) => {
				if (reply.id !== id) return;
				child.off('message', listener);
				done(reply);
			};
			child.on('message', listener);
			child.send({ cmd, id });
		});
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.on('message', (/** @type {any} */ message) => {
			if (!message.ready) return;
			resolve({
				url: message.ready,
				stats: () => ask('stats'),
				reset: () => ask('reset'),
				close: () => child.kill(),
			});
		});
	});
}

module.exports = { startServerProcess, serverScript: path.resolve(__filename) };
