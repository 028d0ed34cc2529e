// @ts-check
/**
 * The Chatwork-compatible server in a child process, so a benchmark's CPU figures measure only
 * the client. The parent asks for stats (or a reset) over the IPC channel.
 */
const { fork } = require('node:child_process');
const path = require('node:path');

if (require.main === module && process.send) {
	const { startChatworkServer } = require('../../sandbox');
	/** @type {any} */
	const options = JSON.parse(process.argv[2] ?? '{}');
	startChatworkServer(options).then((server) => {
		process.on('message', (/** @type {any} */ message) => {
			if (message.cmd === 'stats') {
				const rooms = (options.rooms ?? []).map((/** @type {any} */ room) => ({
					roomId: room.room_id,
					stored: server.messages(room.room_id).length,
					maxPostsIn10s: server.maxPostsInWindow(room.room_id, 10_000),
					firstPostAt: server.messages(room.room_id)[0]?.sentAt,
					lastPostAt: server.messages(room.room_id).at(-1)?.sentAt,
				}));
				process.send?.({ id: message.id, stats: server.stats(), rooms });
			}
			if (message.cmd === 'reset') {
				server.reset();
				process.send?.({ id: message.id, reset: true });
			}
			if (message.cmd === 'watch') {
				// Each stored message with the system-wide monotonic clock, so the parent can time a lead end to end.
				server.subscribe((event) => {
					if (event.type !== 'message_created') return;
					const at = Number(process.hrtime.bigint()) / 1e6;
					const stored = server.messages(event.room_id).find((m) => m.message_id === event.message_id);
					process.send?.({ stored: { roomId: event.room_id, body: stored?.body ?? '', at } });
				});
				process.send?.({ id: message.id, watching: true });
			}
		});
		process.send?.({ ready: server.url });
	});
}

/**
 * @param {object} options options of startChatworkServer (JSON-serialisable)
 * @returns {Promise<{ url: string, stats: () => Promise<any>, reset: () => Promise<any>, watch: (listener: (stored: {roomId: number, body: string, at: number}) => void) => Promise<any>, close: () => void }>}
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
				watch: (listener) => {
					child.on('message', (/** @type {any} */ reply) => reply.stored && listener(reply.stored));
					return ask('watch');
				},
				close: () => child.kill(),
			});
		});
	});
}

module.exports = { startServerProcess, serverScript: path.resolve(__filename) };
