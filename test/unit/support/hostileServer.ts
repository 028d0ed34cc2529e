import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';

/** How every request is answered: after a 200's headers, the body trickles or is a gzip bomb. */
export type Hostility =
	| { kind: 'trickle'; body: string; intervalMs: number }
	| { kind: 'gzip'; compressed: Buffer };

/**
 * A server on 127.0.0.1 that answers like a broken proxy in front of Chatwork would. The look-alike
 * answers whole bodies at once; these answers test the client's bounds on time and size.
 */
export interface HostileServer {
	url: string;
	requests: number;
	answer(hostility: Hostility): void;
	close(): Promise<void>;
}

export async function startHostileServer(): Promise<HostileServer> {
	let hostility: Hostility = { kind: 'trickle', body: '{}', intervalMs: 0 };
	const timers = new Set<NodeJS.Timeout>();
	const state = { requests: 0 };
	const server = createServer((req, res) => {
		state.requests++;
		req.resume();
		const current = hostility;
		if (current.kind === 'gzip') {
			res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': current.compressed.length });
			res.end(current.compressed);
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.flushHeaders();
		let sent = 0;
		const timer = setInterval(() => {
			if (res.destroyed || sent >= current.body.length) {
				clearInterval(timer);
				timers.delete(timer);
				if (!res.destroyed) res.end();
				return;
			}
			res.write(current.body[sent++]);
		}, current.intervalMs);
		timers.add(timer);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v2`,
		get requests() {
			return state.requests;
		},
		answer(next) {
			hostility = next;
		},
		async close() {
			for (const timer of timers) clearInterval(timer);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** `inflatedBytes` of JSON-looking text gzipped, built in 1 MiB steps so the test never holds it inflated. */
export async function gzipBomb(inflatedBytes: number): Promise<Buffer> {
	const gzip = createGzip({ level: 9 });
	const chunks: Buffer[] = [];
	gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<void>((resolve, reject) => {
		gzip.on('end', resolve);
		gzip.on('error', reject);
	});
	const step = Buffer.alloc(1024 * 1024, 0x20);
	gzip.write('{"errors":["');
	for (let left = inflatedBytes; left > 0; left -= step.length) {
		if (!gzip.write(left >= step.length ? step : step.subarray(0, left))) await new Promise((resolve) => gzip.once('drain', resolve));
	}
	gzip.end('"]}');
	await done;
	return Buffer.concat(chunks);
}
