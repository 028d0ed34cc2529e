import * as http from 'http';
import type { AddressInfo } from 'net';
import { gzipSync } from 'zlib';

/**
 * The part of n8n 2.40.7's public API that Keep Submissions Until Sent uses, as n8n answers it (read
 * from n8n's dist: public-api/v1/openapi.yml, handlers/data-tables, data-table.repository.js):
 * - X-N8N-API-KEY checked first: 401 {"message":"unauthorized"};
 * - GET /api/v1/data-tables?filter={"name":…}|{"id":…}&limit=: name is a case-insensitive
 *   substring match (LIKE %name%), id exact; {data, nextCursor};
 * - POST /api/v1/data-tables/{id}/rows {data:[…], returnType}: 404 for an unknown table, 400 for a
 *   column the table does not have, else the new row IDs.
 * Faults: `down` answers every request with `down.status` (or drops the connection when 0);
 * `redirectTo` answers 307 to another origin; `padTo` makes every answer that many bytes (the same
 * JSON, then spaces), gzip-compressed if asked (so a few KiB on the wire inflate to MiBs).
 */
export interface DataTableApi {
	readonly baseUrl: string;
	readonly apiKey: string;
	tables: Array<{ id: string; name: string; columns: string[]; rows: Array<Record<string, unknown>> }>;
	down?: { status: number };
	/** Answers 200 with its headers, then one byte every 300 ms, never ending. */
	trickle?: boolean;
	redirectTo?: string;
	padTo?: { bytes: number; gzip: boolean };
	requests: number;
	close(): Promise<void>;
}

export async function startDataTableApi(apiKey = 'n8n-api-key-unit-0123456789abcdef'): Promise<DataTableApi> {
	const api: Omit<DataTableApi, 'baseUrl' | 'close'> = {
		apiKey,
		tables: [],
		requests: 0,
	};
	const server = http.createServer((request, response) => {
		api.requests++;
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', (): void => {
			const answer = (status: number, body: unknown): void => {
				const json = JSON.stringify(body);
				if (!api.padTo) return void response.writeHead(status, { 'content-type': 'application/json' }).end(json);
				const padded = Buffer.alloc(Math.max(api.padTo.bytes, Buffer.byteLength(json)), ' ');
				padded.write(json);
				if (!api.padTo.gzip) return void response.writeHead(status, { 'content-type': 'application/json' }).end(padded);
				response.writeHead(status, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(padded));
			};
			if (api.down) {
				if (api.down.status === 0) request.socket.destroy();
				else answer(api.down.status, { message: 'Service unavailable' });
				return;
			}
			const url = new URL(request.url ?? '/', 'http://127.0.0.1');
			if (api.trickle) {
				response.writeHead(200, { 'content-type': 'application/json' });
				response.write('[');
				const drip = setInterval(() => response.write(' '), 300);
				response.on('close', () => clearInterval(drip));
				return;
			}
			if (api.redirectTo) {
				response.writeHead(307, { location: `${api.redirectTo}${url.pathname}${url.search}` }).end();
				return;
			}
			if (request.headers['x-n8n-api-key'] !== api.apiKey) return answer(401, { message: 'unauthorized' });
			if (request.method === 'GET' && url.pathname === '/api/v1/data-tables') {
				const filter = JSON.parse(url.searchParams.get('filter') ?? '{}') as { name?: string; id?: string };
				const found = api.tables.filter(
					(table) =>
						(filter.id === undefined || table.id === filter.id) &&
						(filter.name === undefined || table.name.toLowerCase().includes(filter.name.toLowerCase())),
				);
				return answer(200, { data: found.map(({ id, name }) => ({ id, name })), nextCursor: null });
			}
			const rows = /^\/api\/v1\/data-tables\/([^/]+)\/rows$/.exec(url.pathname);
			if (request.method === 'POST' && rows) {
				const table = api.tables.find((entry) => entry.id === decodeURIComponent(rows[1]));
				if (!table) return answer(404, { message: `Could not find the data table: '${rows[1]}'` });
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: Array<Record<string, unknown>> };
				const unknown = body.data.flatMap(Object.keys).find((column) => !table.columns.includes(column));
				if (unknown) return answer(400, { message: `unknown column name '${unknown}'` });
				const ids = body.data.map((row) => table.rows.push({ ...row, id: table.rows.length + 1 }));
				return answer(200, ids);
			}
			answer(404, { message: 'not found' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return Object.assign(api, {
		baseUrl: `http://127.0.0.1:${port}/api/v1`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	});
}
