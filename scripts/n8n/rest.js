// @ts-check
/** n8n's internal REST API as the editor uses it: log in as the owner, list and read executions, publish workflows. */
'use strict';

const crypto = require('node:crypto');
const path = require('node:path');
const { createRequire } = require('node:module');

const { sleep, tail } = require('./processes');

/** The owner account every harness instance has (a demo instance on 127.0.0.1 only). */
const DEMO_OWNER = Object.freeze({
	email: 'demo@satori-chatwork.example',
	password: 'Demo-Passw0rd!',
	firstName: 'Demo',
	lastName: 'Owner',
});

/**
 * @typedef {object} ExecutionSummary
 * @property {string} id
 * @property {string} workflowId
 * @property {string} status      "success" | "error" | "running" | "waiting" | "new" | "canceled" | "crashed"
 * @property {boolean} finished
 * @property {string} mode
 * @property {string} startedAt
 * @property {string | null} stoppedAt
 */

/**
 * @typedef {object} Execution  an execution with its run data, as the editor shows it
 * @property {string} id
 * @property {string} workflowId
 * @property {string} status
 * @property {boolean} finished
 * @property {string} mode
 * @property {string} startedAt
 * @property {string | null} stoppedAt
 * @property {any} data          IRunExecutionData: data.resultData.runData[nodeName][runIndex].data.main
 * @property {any} workflowData
 */

/**
 * Like Promise.all(items.map(fn)), with at most `limit` calls in flight.
 * @template T, R
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
async function mapLimit(items, limit, fn) {
	/** @type {R[]} */
	const results = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await fn(items[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

class N8nApiError extends Error {
	/**
	 * @param {string} message
	 * @param {number} status
	 * @param {unknown} body
	 */
	constructor(message, status, body) {
		super(message);
		this.name = 'N8nApiError';
		this.status = status;
		this.body = body;
	}
}

class N8nRestClient {
	/**
	 * @param {{baseUrl: string, logPath: string, n8nDir: string}} init
	 */
	constructor(init) {
		this.baseUrl = init.baseUrl;
		this.owner = DEMO_OWNER;
		/** Everything n8n and its CLI commands printed (kept after stop()). */
		this.logPath = init.logPath;
		/** n8n's install, for reading execution data with its own libraries. */
		this.n8nDir = init.n8nDir;
		this.cookie = '';
		this.browserId = crypto.randomUUID();
		/** @type {{id: string, name: string, published: boolean}[]} */
		this.workflows = [];
		/** n8n 2.41 and later page executions by cursor only; learnt from the first refusal. */
		this.pagesByCursor = false;
	}

	/** Whether n8n still runs; N8nInstance, which started it, knows better. */
	get isRunning() {
		return true;
	}

	/**
	 * fetch() against n8n with the session cookie and browser id; no login, no status check.
	 * @param {string} urlPath  e.g. "/rest/executions" or "/types/nodes.json"
	 * @param {RequestInit} [init]
	 */
	async rawFetch(urlPath, init = {}) {
		const headers = new Headers(init.headers);
		if (this.cookie) headers.set('cookie', this.cookie);
		headers.set('browser-id', this.browserId);
		const response = await fetch(`${this.baseUrl}${urlPath}`, { ...init, headers });
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		return response;
	}

	/** Logs in as the demo owner (POST /rest/login); the session cookie is then used for every call. */
	async login() {
		const response = await this.rawFetch('/rest/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		if (!response.ok || !this.cookie) {
			throw new N8nApiError(`login failed: HTTP ${response.status} ${await response.text()}`, response.status, null);
		}
	}

	/**
	 * Calls n8n's internal REST API as the owner and returns the payload (n8n's `{data: …}` unwrapped).
	 * @param {string} method
	 * @param {string} restPath  below /rest, e.g. "/executions"
	 * @param {{body?: unknown, query?: Record<string, string | number | boolean | object | undefined>}} [options]
	 * @returns {Promise<any>}
	 */
	async api(method, restPath, options = {}) {
		if (!this.cookie) await this.login();
		const url = new URL(`${this.baseUrl}/rest${restPath.startsWith('/') ? '' : '/'}${restPath}`);
		for (const [key, value] of Object.entries(options.query ?? {})) {
			if (value === undefined) continue;
			url.searchParams.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
		}
		/** @type {RequestInit} */
		const init = { method };
		if (options.body !== undefined) {
			init.body = JSON.stringify(options.body);
			init.headers = { 'content-type': 'application/json' };
		}
		let response = await this.rawFetch(url.pathname + url.search, init);
		if (response.status === 401) {
			await this.login();
			response = await this.rawFetch(url.pathname + url.search, init);
		}
		const text = await response.text();
		/** @type {any} */
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = text;
		}
		if (!response.ok) {
			const message = (json && typeof json === 'object' && json.message) || text.slice(0, 500);
			throw new N8nApiError(`${method} /rest${restPath}: HTTP ${response.status}: ${message}`, response.status, json);
		}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	/** @param {string} file "nodes" | "credentials" */
	async typesFile(file) {
		if (!this.cookie) await this.login();
		const response = await this.rawFetch(`/types/${file}.json`);
		if (!response.ok) throw new N8nApiError(`/types/${file}.json: HTTP ${response.status}`, response.status, null);
		return /** @type {Promise<any[]>} */ (response.json());
	}

	/**
	 * Every node type n8n knows (what the editor's node panel is built from), from /types/nodes.json.
	 * Names are `<package>.<node>`, e.g. `n8n-nodes-satori-chatwork.chatwork`.
	 * @returns {Promise<Array<{name: string, displayName: string, version: number | number[], [key: string]: any}>>}
	 */
	nodeTypes() {
		return this.typesFile('nodes');
	}

	/**
	 * Every credential type n8n knows, from /types/credentials.json (names like `chatworkApi`).
	 * @returns {Promise<Array<{name: string, displayName: string, [key: string]: any}>>}
	 */
	credentialTypes() {
		return this.typesFile('credentials');
	}

	/**
	 * Lists executions, newest first (GET /rest/executions, 100 a page). n8n up to 2.40 pages by id
	 * range (firstId/lastId); n8n 2.41 refuses those ("Use cursor to load execution pages") and pages
	 * by the `nextCursor` it returns, so the first refusal switches this client to cursors.
	 * @param {{workflowId?: string, status?: string[], limit?: number, since?: string}} [filter]
	 *        limit: at most this many (default 1000); since: only executions with a greater id
	 * @returns {Promise<ExecutionSummary[]>}
	 */
	async listExecutions(filter = {}) {
		if (!this.pagesByCursor) {
			try {
				return await this.listExecutionsById(filter);
			} catch (error) {
				if (!(error instanceof N8nApiError && error.status === 400 && /cursor/i.test(error.message))) throw error;
				this.pagesByCursor = true;
			}
		}
		return await this.listExecutionsByCursor(filter);
	}

	/** @param {{workflowId?: string, status?: string[]}} filter */
	executionFilter(filter) {
		/** @type {Record<string, unknown>} */
		const where = {};
		if (filter.workflowId) where.workflowId = filter.workflowId;
		if (filter.status) where.status = filter.status;
		return where;
	}

	/**
	 * @param {{workflowId?: string, status?: string[], limit?: number, since?: string}} filter
	 * @returns {Promise<ExecutionSummary[]>}
	 */
	async listExecutionsById(filter) {
		const limit = filter.limit ?? 1000;
		/** @type {ExecutionSummary[]} */
		const all = [];
		// firstId and lastId both set: n8n answers with exactly the ids between them, id descending.
		// The top is PostgreSQL's largest integer (execution ids are int4 there).
		let lastId = '2147483647';
		while (all.length < limit) {
			const pageSize = Math.min(100, limit - all.length);
			const page = await this.api('GET', '/executions', {
				query: { filter: this.executionFilter(filter), limit: pageSize, firstId: filter.since ?? '0', lastId },
			});
			/** @type {ExecutionSummary[]} */
			const results = page.results ?? [];
			all.push(...results);
			if (results.length < pageSize) break;
			lastId = results[results.length - 1].id;
		}
		return all;
	}

	/**
	 * @param {{workflowId?: string, status?: string[], limit?: number, since?: string}} filter
	 * @returns {Promise<ExecutionSummary[]>}
	 */
	async listExecutionsByCursor(filter) {
		const limit = filter.limit ?? 1000;
		const since = Number(filter.since ?? 0);
		/** @type {ExecutionSummary[]} */
		const all = [];
		/** @type {string | undefined} */
		let cursor;
		while (all.length < limit) {
			const page = await this.api('GET', '/executions', {
				query: { filter: this.executionFilter(filter), limit: Math.min(100, limit - all.length), cursor },
			});
			/** @type {ExecutionSummary[]} */
			const results = page.results ?? [];
			const newer = results.filter((execution) => Number(execution.id) > since);
			all.push(...newer);
			// Newest first: once a page reaches `since`, every later page is older still.
			if (newer.length < results.length || !page.nextCursor) break;
			cursor = page.nextCursor;
		}
		return all;
	}

	/**
	 * One execution with its data parsed (GET /rest/executions/:id).
	 * @param {string} id
	 * @returns {Promise<Execution>}
	 */
	async getExecution(id) {
		const execution = await this.api('GET', `/executions/${id}`);
		if (execution && typeof execution.data === 'string') {
			execution.data = this.flatted().parse(execution.data);
		}
		return execution;
	}

	/** n8n stores execution data with `flatted`; use n8n's own copy to read it. */
	flatted() {
		const requireFromN8n = createRequire(path.join(this.n8nDir, 'package.json'));
		return /** @type {{parse: (s: string) => any}} */ (requireFromN8n('flatted'));
	}

	/**
	 * Waits until at least `count` executions (of a workflow) have finished, and returns the
	 * oldest `count` of them with their data, oldest first.
	 * @param {{workflowId?: string, count?: number, timeoutMs?: number, since?: string}} [options]
	 *        since: an execution id; only executions with a greater id count
	 * @returns {Promise<Execution[]>}
	 */
	async waitForExecutions(options = {}) {
		const count = options.count ?? 1;
		const deadline = Date.now() + (options.timeoutMs ?? 60_000);
		const done = new Set(['success', 'error', 'canceled', 'crashed']);
		/** @type {ExecutionSummary[]} */
		let finished = [];
		for (;;) {
			const all = await this.listExecutions({ workflowId: options.workflowId, since: options.since, limit: 100_000 });
			finished = all.filter((e) => done.has(e.status)).sort((a, b) => Number(a.id) - Number(b.id));
			if (finished.length >= count) break;
			if (Date.now() > deadline) {
				throw new Error(
					`timed out waiting for ${count} finished execution(s)` +
						`${options.workflowId ? ` of workflow ${options.workflowId}` : ''}: ` +
						`${finished.length} finished, ${all.length - finished.length} unfinished`,
				);
			}
			await sleep(250);
		}
		return mapLimit(finished.slice(0, count), 8, (e) => this.getExecution(e.id));
	}

	/**
	 * The items a node output in an execution: one array per output (e.g. [success[], error[]]),
	 * each item's `json`. Returns undefined when the node did not run.
	 * @param {Execution} execution
	 * @param {string} nodeName
	 * @param {number} [runIndex]
	 * @returns {Array<Array<Record<string, any>>> | undefined}
	 */
	nodeOutput(execution, nodeName, runIndex = 0) {
		return nodeOutput(execution, nodeName, runIndex);
	}

	/**
	 * Publication status of a workflow (GET /rest/workflows/:id/publication-status):
	 * status "published" | "in_progress" | "not_published" | "partial" | "failed".
	 * @param {string} workflowId
	 * @returns {Promise<{status: string, triggers: Array<{nodeId: string, status: string, errorMessage: string | null}>}>}
	 */
	publicationStatus(workflowId) {
		return this.api('GET', `/workflows/${workflowId}/publication-status`);
	}

	/**
	 * Waits until the workflows' triggers are live (publication status "published").
	 * @param {string[]} workflowIds
	 * @param {number} [timeoutMs]
	 */
	async waitForPublished(workflowIds, timeoutMs = 120_000) {
		const deadline = Date.now() + timeoutMs;
		for (const id of workflowIds) {
			let last = { status: 'unknown', triggers: /** @type {any[]} */ ([]) };
			for (;;) {
				last = await this.publicationStatus(id);
				if (last.status === 'published') break;
				if (last.status === 'failed' || last.status === 'partial') {
					const errors = last.triggers
						.filter((t) => t.status === 'failed')
						.map((t) => t.errorMessage)
						.join('; ');
					throw new Error(`workflow ${id} failed to activate: ${errors || last.status}\n${tail(this.logPath, 30)}`);
				}
				if (!this.isRunning) throw new Error(`n8n exited while activating workflow ${id}:\n${tail(this.logPath)}`);
				if (Date.now() > deadline) {
					throw new Error(`workflow ${id} was not activated in time (status ${last.status})\n${tail(this.logPath, 30)}`);
				}
				await sleep(250);
			}
		}
	}

	/**
	 * Adds a workflow to the running n8n (POST /rest/workflows) and, unless `activate` is false,
	 * publishes it as the editor's Publish button does (POST /rest/workflows/:id/activate), waiting
	 * for its triggers to be live. Returns the workflow id.
	 * @param {import('./importData').WorkflowJson} workflow
	 * @param {{activate?: boolean}} [options]
	 * @returns {Promise<string>}
	 */
	async addWorkflow(workflow, options = {}) {
		const { id, active, ...body } = /** @type {any} */ (workflow);
		void active;
		const created = await this.api('POST', '/workflows', { body: { ...body, settings: body.settings ?? {} } });
		if (options.activate !== false) {
			await this.api('POST', `/workflows/${created.id}/activate`, { body: { versionId: created.versionId } });
			await this.waitForPublished([created.id]);
		}
		this.workflows.push({ id: created.id, name: created.name, published: options.activate !== false });
		void id;
		return created.id;
	}
}


/**
 * @param {Execution} execution
 * @param {string} nodeName
 * @param {number} [runIndex]
 * @returns {Array<Array<Record<string, any>>> | undefined}
 */
function nodeOutput(execution, nodeName, runIndex = 0) {
	const run = execution?.data?.resultData?.runData?.[nodeName]?.[runIndex];
	if (!run) return undefined;
	const main = run.data?.main ?? [];
	return main.map((/** @type {Array<{json: any}> | null} */ items) => (items ?? []).map((item) => item.json));
}


module.exports = { N8nRestClient, N8nApiError, nodeOutput, DEMO_OWNER };
