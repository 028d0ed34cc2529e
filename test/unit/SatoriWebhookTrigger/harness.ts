/**
 * A real HTTP server on 127.0.0.1 whose requests are handed to the trigger's `webhook()` through a
 * mocked IWebhookFunctions, with the real IncomingMessage / ServerResponse.
 *
 * delivery 'n8n' reproduces what n8n 2.40.7's server does before a webhook node runs
 * (read from n8n's own dist: webhook-helpers.js parseRequestBody, middlewares/body-parser.js,
 * webhook-form-data.js, webhook-blank-file-inputs.js, webhook-request-handler.js):
 * - multipart/form-data is parsed (formidable there; the runtime's own multipart parser here) into
 *   `body = {data, files}` with files on disk as {filepath, originalFilename, mimetype, size,
 *   newFilename}, one-element arrays unwrapped, blank file inputs dropped, more than 1000 fields → 413;
 *   no rawBody; the temporary files are deleted after webhook() returns;
 * - anything else is read into `rawBody`, and JSON / urlencoded (maxKeys 1000) / text/plain parsed
 *   into `body`; a JSON syntax error is answered 422 by n8n before the node runs;
 * - when a version-1 node's options.binaryData is set (the trigger's Form Encoding), nothing is parsed:
 *   the node reads the bytes through readRawBody (gunzipped, at most 16 MB);
 * - an Origin header gets Access-Control-Allow-Origin (the node's options are not found while the
 *   workflow does not store httpMethod explicitly, so n8n echoes the origin).
 * delivery 'raw' hands over the untouched stream, as a plain Node server would.
 */
import { randomUUID } from 'crypto';
import { mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import * as querystring from 'querystring';
import { Readable } from 'stream';
import { createGunzip, createInflate } from 'zlib';

import type {
	IBinaryData,
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { KEEP_CREDENTIAL_TYPE } from '../../../nodes/SatoriWebhookTrigger/6-keep/keepSubmission';
import { SatoriWebhookTrigger } from '../../../nodes/SatoriWebhookTrigger/SatoriWebhookTrigger.node';

export type Delivery = 'n8n' | 'raw';

export interface TriggerSetup {
	parameters?: IDataObject;
	credentials?: IDataObject;
	delivery?: Delivery;
	/** 'manual': a submission to the Test URL (Execute step). */
	mode?: 'webhook' | 'manual';
	/** The n8n API credential of Keep Submissions Until Sent. */
	keepCredentials?: IDataObject;
	/** Receives what the trigger writes to n8n's log. */
	logs?: string[];
	/** The node's typeVersion (default 1): n8n leaves the body unparsed for Form Encoding only in version 1. */
	typeVersion?: 1 | 2;
}

export interface RequestSpec {
	method?: string;
	/** Path and query after the webhook URL, e.g. `?utm=1`. */
	query?: string;
	headers?: Record<string, string>;
	body?: Buffer | string;
	/** Send without Content-Length (chunked), as streaming clients do. */
	chunked?: boolean;
}

export interface Outcome {
	/** Whether webhook() ran (n8n may answer before it does). */
	called: boolean;
	result?: IWebhookResponseData;
	error?: unknown;
	/** The files n8n's parser left on disk for this request. */
	tempFiles: string[];
}

export interface Exchange {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON body whose shape each test asserts
	json: any;
	outcome: Outcome;
	/** Items emitted on Submission / Rejected. */
	submission: INodeExecutionData[];
	rejected: INodeExecutionData[];
}

const N8N_MAX_FORM_FIELDS = 1000;
const N8N_PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

/** Top-level parameter defaults, filled in the way n8n's Workflow constructor does. */
function withDefaults(properties: INodeProperties[], given: IDataObject): IDataObject {
	const values: IDataObject = {};
	for (const property of properties) {
		if (property.type === 'notice') continue;
		values[property.name] = property.default as IDataObject[keyof IDataObject];
	}
	return { ...values, ...given };
}

function readAll(request: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			// Like raw-body: give up, but let the rest drain so that an answer still reaches the client.
			if (size > limit) reject(Object.assign(new Error('request entity too large'), { status: 413 }));
			else chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

type N8nRequest = http.IncomingMessage & {
	contentType?: string;
	encoding?: BufferEncoding;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	body?: unknown;
	ip?: string;
};

interface N8nAnswer {
	status: number;
	body: IDataObject;
}

/** What n8n's server does to every request: content type and charset noted, readRawBody offered. */
function noteLikeN8n(request: N8nRequest): void {
	const header = request.headers['content-type'];
	if (header) {
		const [type, ...parameters] = header.split(';');
		request.contentType = type.toLowerCase();
		const charset = parameters
			.map((parameter) => parameter.trim().split('='))
			.find(([name]) => name.toLowerCase() === 'charset')?.[1];
		request.encoding = (charset ?? 'utf-8').toLowerCase() as BufferEncoding;
	}
	request.readRawBody = async () => {
		if (request.rawBody) return;
		const encoding = request.headers['content-encoding'];
		const stream =
			encoding === 'gzip' ? request.pipe(createGunzip()) : encoding === 'deflate' ? request.pipe(createInflate()) : request;
		request.rawBody = await readAll(stream, N8N_PAYLOAD_SIZE_MAX);
	};
}

async function leaveUnparsedLikeN8n(request: N8nRequest): Promise<undefined> {
	noteLikeN8n(request);
	return undefined;
}

/** What n8n's server does to the request before the node's webhook() (see the file comment). */
async function prepareLikeN8n(request: N8nRequest, tempDir: string, tempFiles: string[]): Promise<N8nAnswer | undefined> {
	noteLikeN8n(request);
	const header = request.headers['content-type'];

	if (request.contentType === 'multipart/form-data') {
		const raw = await readAll(request, N8N_PAYLOAD_SIZE_MAX);
		let form: FormData;
		try {
			form = await new Response(raw, { headers: { 'content-type': header ?? '' } }).formData();
		} catch {
			return { status: 400, body: { code: 400, message: 'The submitted form data could not be parsed.' } };
		}
		// Plain objects and plain assignment, as formidable does (a part named __proto__ swaps the prototype).
		const data: Record<string, string[]> = {};
		const files: Record<string, IDataObject[]> = {};
		let fieldCount = 0;
		for (const [key, value] of form.entries()) {
			if (typeof value === 'string') {
				if (++fieldCount > N8N_MAX_FORM_FIELDS) {
					return { status: 413, body: { code: 413, message: 'The submitted form data exceeds the allowed size.' } };
				}
				if (Object.prototype.hasOwnProperty.call(data, key)) data[key].push(value);
				else data[key] = [value];
				continue;
			}
			if (value.name === '' && value.size === 0) continue;
			const newFilename = randomUUID().replace(/-/g, '');
			const filepath = path.join(tempDir, newFilename);
			await writeFile(filepath, Buffer.from(await value.arrayBuffer()));
			tempFiles.push(filepath);
			const file = { filepath, newFilename, originalFilename: value.name, mimetype: value.type, size: value.size };
			if (Object.prototype.hasOwnProperty.call(files, key)) files[key].push(file);
			else files[key] = [file];
		}
		// n8n's normalizeFormData: in place, over for...in keys.
		const unwrap = (record: Record<string, unknown>) => {
			for (const key in record) {
				const list = record[key];
				if (Array.isArray(list) && list.length === 1) record[key] = list[0];
			}
			return record;
		};
		request.body = { data: unwrap(data), files: unwrap(files) };
		return undefined;
	}

	await request.readRawBody();
	const raw = request.rawBody!;
	if (raw.length > 0) {
		try {
			const text = raw.toString(request.encoding).replace(/^\uFEFF/, '');
			if (request.contentType === 'application/json') request.body = JSON.parse(text);
			else if (request.contentType === 'application/x-www-form-urlencoded') {
				request.body = querystring.parse(text, undefined, undefined, { maxKeys: 1000 });
			} else if (request.contentType === 'text/plain') request.body = text;
		} catch (error) {
			return {
				status: 422,
				body: { code: 422, message: 'Failed to parse request body', hint: (error as Error).message },
			};
		}
	}
	return undefined;
}

function binaryFrom(buffer: Buffer, fileName?: string, mimeType?: string): IBinaryData {
	return {
		data: buffer.toString('base64'),
		mimeType: mimeType ?? 'application/octet-stream',
		fileName,
		fileSize: String(buffer.length),
	};
}

/**
 * n8n's httpRequestWithAuthentication as far as Keep Submissions uses it: the credential's header
 * (SatoriKeepSubmissionsApi.authenticate), a JSON body, query, abortSignal, full response, status
 * errors ignored, redirects followed unless disableFollowRedirect is set, and with `encoding:
 * 'stream'` the body as a stream, decompressed, as n8n's HTTP client gives it.
 * Its `timeout` is left out: in n8n it is an idle time, which a server sending a byte now and then
 * never reaches, so only the caller's abortSignal can end such an answer.
 */
export async function requestWithKeepCredential(credentials: IDataObject, options: IHttpRequestOptions): Promise<IN8nHttpFullResponse> {
	const url = new URL(options.url);
	for (const [name, value] of Object.entries(options.qs ?? {})) url.searchParams.set(name, String(value));
	const response = await fetch(url, {
		method: options.method ?? 'GET',
		headers: { 'X-N8N-API-KEY': String(credentials.apiKey), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
		redirect: options.disableFollowRedirect ? 'manual' : 'follow',
		signal: options.abortSignal as AbortSignal | undefined,
	});
	const answer = { statusCode: response.status, statusMessage: response.statusText, headers: Object.fromEntries(response.headers) };
	if (options.encoding === 'stream') {
		return { ...answer, body: response.body ? Readable.fromWeb(response.body as import('stream/web').ReadableStream) : Readable.from([]) };
	}
	const text = await response.text();
	let body: IDataObject | string = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: the text
	}
	return { ...answer, body };
}

function contextFor(
	request: N8nRequest,
	response: http.ServerResponse,
	parameters: IDataObject,
	setup: TriggerSetup,
	webhookName: 'default' | 'setup',
): IWebhookFunctions {
	const credentials = setup.credentials;
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	const node = {
		id: 'trigger-1',
		name: 'SATORI Webhook Trigger',
		type: 'n8n-nodes-satori-chatwork.satoriWebhookTrigger',
		typeVersion: setup.typeVersion ?? 1,
		position: [0, 0] as [number, number],
		parameters,
	};
	const context = {
		getNode: () => node,
		getMode: () => setup.mode ?? 'webhook',
		logger: {
			warn: (message: string) => setup.logs?.push(message),
			info: (message: string) => setup.logs?.push(message),
			debug: () => undefined,
			error: (message: string) => setup.logs?.push(message),
		},
		getWebhookName: () => webhookName,
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getRequestObject: () => request,
		getResponseObject: () => response,
		getHeaderData: () => request.headers,
		getQueryData: () => querystring.parse(url.search.slice(1)),
		getBodyData: () => (request.body ?? {}) as IDataObject,
		getParamsData: () => ({}),
		getNodeWebhookUrl: () => `http://127.0.0.1${url.pathname}`,
		getCredentials: async (type: string) => {
			if (type === KEEP_CREDENTIAL_TYPE) {
				if (!setup.keepCredentials) throw new Error(`Node does not have any credentials set for "${type}"`);
				return setup.keepCredentials;
			}
			if (!credentials) throw new Error('Node does not have any credentials set for "satoriWebhookAuthApi"');
			return credentials;
		},
		nodeHelpers: {
			copyBinaryFile: async (filePath: string, fileName: string, mimeType?: string) =>
				binaryFrom(await readFile(filePath), fileName, mimeType),
		},
		helpers: {
			prepareBinaryData: async (buffer: Buffer, fileName?: string, mimeType?: string) =>
				binaryFrom(buffer, fileName, mimeType),
			httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) => {
				if (type !== KEEP_CREDENTIAL_TYPE || !setup.keepCredentials) throw new Error(`no credential "${type}"`);
				return await requestWithKeepCredential(setup.keepCredentials, options);
			},
		},
	};
	return context as unknown as IWebhookFunctions;
}

export class Trigger {
	private readonly outcomes = new Map<string, Promise<Outcome>>();

	private constructor(
		private readonly server: http.Server,
		private readonly tempDir: string,
		readonly url: string,
	) {}

	static async start(setup: TriggerSetup = {}): Promise<Trigger> {
		const node = new SatoriWebhookTrigger();
		const parameters = withDefaults(node.description.properties, setup.parameters ?? {});
		const delivery = setup.delivery ?? 'n8n';
		const tempDir = await mkdtemp(path.join(tmpdir(), 'satori-trigger-test-'));
		const server = http.createServer((request: N8nRequest, response) => {
			const id = String(request.headers['x-harness-id']);
			const outcome = (async (): Promise<Outcome> => {
				const tempFiles: string[] = [];
				request.ip = request.socket.remoteAddress;
				if (delivery === 'n8n') {
					if (request.headers.origin) response.setHeader('Access-Control-Allow-Origin', request.headers.origin);
					// n8n parses nothing when a version-1 node's options.binaryData is set (webhook-helpers parseRequestBody).
					const unparsed = (setup.typeVersion ?? 1) === 1 && Boolean((parameters.options as IDataObject | undefined)?.binaryData);
					const answer = await (unparsed ? leaveUnparsedLikeN8n(request) : prepareLikeN8n(request, tempDir, tempFiles)).catch((error: { status?: number }) => ({
						status: error.status === 413 ? 413 : 500,
						body: { code: 500, message: 'There was a problem executing the workflow' },
					}));
					if (answer) {
						response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
						return { called: false, tempFiles };
					}
				}
				const webhookName = request.method === 'GET' ? 'setup' : 'default';
				const context = contextFor(request, response, parameters, setup, webhookName);
				try {
					const result = await node.webhook.call(context);
					if (result.noWebhookResponse !== true && !response.headersSent) {
						response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"message":"Workflow was started"}');
					}
					return { called: true, result, tempFiles };
				} catch (error) {
					if (!response.headersSent) {
						response
							.writeHead(500, { 'Content-Type': 'application/json' })
							.end('{"code":500,"message":"Workflow Webhook Error: Workflow could not be started!"}');
					}
					return { called: true, error, tempFiles };
				} finally {
					await Promise.all(tempFiles.map(async (file) => await rm(file, { force: true })));
				}
			})();
			trigger.outcomes.set(id, outcome);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		const trigger = new Trigger(server, tempDir, `http://127.0.0.1:${port}/webhook/satori-lead`);
		return trigger;
	}

	async send(spec: RequestSpec): Promise<Exchange> {
		const id = randomUUID();
		const body = spec.body === undefined ? undefined : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body);
		const headers: Record<string, string> = { 'x-harness-id': id, ...spec.headers };
		if (body !== undefined && !spec.chunked && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
			headers['content-length'] = String(body.length);
		}
		const { status, responseHeaders, text } = await new Promise<{
			status: number;
			responseHeaders: http.IncomingHttpHeaders;
			text: string;
		}>((resolve, reject) => {
			const request = http.request(
				`${this.url}${spec.query ?? ''}`,
				{ method: spec.method ?? 'POST', headers, agent: false },
				(response) => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('end', () =>
						resolve({
							status: response.statusCode ?? 0,
							responseHeaders: response.headers,
							text: Buffer.concat(chunks).toString('utf8'),
						}),
					);
				},
			);
			// The server may answer (413) before it has read everything; that is not a failure here.
			request.on('error', (error: NodeJS.ErrnoException) => {
				if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
			});
			request.end(body);
		});
		const outcome = (await this.outcomes.get(id)) ?? { called: false, tempFiles: [] };
		this.outcomes.delete(id);
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		const data = outcome.result?.workflowData;
		return {
			status,
			headers: responseHeaders,
			text,
			json,
			outcome,
			submission: data?.[0] ?? [],
			rejected: data?.[1] ?? [],
		};
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
		await rm(this.tempDir, { recursive: true, force: true });
	}
}

/* Bodies as clients send them. */

export function jsonBody(value: unknown, extraHeaders: Record<string, string> = {}): RequestSpec {
	return { headers: { 'content-type': 'application/json', ...extraHeaders }, body: JSON.stringify(value) };
}

export function formBody(pairs: Array<[string, string]>, extraHeaders: Record<string, string> = {}): RequestSpec {
	const body = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
	return { headers: { 'content-type': 'application/x-www-form-urlencoded', ...extraHeaders }, body };
}

export interface FilePart {
	name: string;
	fileName: string;
	type: string;
	content: Buffer | string;
}

/** multipart/form-data written byte by byte, UTF-8 names as browsers send them. */
export function multipartBody(
	fields: Array<[string, string]>,
	files: FilePart[] = [],
	extraHeaders: Record<string, string> = {},
): RequestSpec {
	const boundary = `----satori${randomUUID().replace(/-/g, '')}`;
	const chunks: Buffer[] = [];
	for (const [name, value] of fields) {
		chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
	}
	for (const file of files) {
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.fileName}"\r\nContent-Type: ${file.type}\r\n\r\n`,
			),
			Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return {
		headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...extraHeaders },
		body: Buffer.concat(chunks),
	};
}

export function withHeaders(spec: RequestSpec, headers: Record<string, string>): RequestSpec {
	return { ...spec, headers: { ...spec.headers, ...headers } };
}

/** A form of two required fields (name, e-mail), with a submission it accepts and one it rejects. */
export const nameAndEmail = {
	fields: {
		field: [
			{ key: 'name', label: '氏名', type: 'text', required: true },
			{ key: 'email', label: 'メールアドレス', type: 'email', required: true },
		],
	},
	good: { name: '山田 太郎', email: 'taro@example.jp' },
	bad: { name: '', email: 'nope' },
};

/** The trigger with the name-and-e-mail form and these parameters. */
export async function startWith(parameters: IDataObject): Promise<Trigger> {
	return await Trigger.start({ parameters: { fields: nameAndEmail.fields, ...parameters } });
}
