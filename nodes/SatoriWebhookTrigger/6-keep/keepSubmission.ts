import type { IDataObject, IHookFunctions, IHttpRequestOptions, IN8nHttpFullResponse, IWebhookFunctions } from 'n8n-workflow';

import { destroyBody, jsonOrNull, readAtMost } from '../../shared/cappedBody';

type Context = IWebhookFunctions | IHookFunctions;

/** The credential of n8n's own public API (credentials/SatoriKeepSubmissionsApi.credentials.ts). */
export const KEEP_CREDENTIAL_TYPE = 'satoriKeepSubmissionsApi';

/** The credential's Base URL default: the public API of an n8n on this machine. */
export const DEFAULT_N8N_API_URL = 'http://localhost:5678/api/v1';

/** The columns a Keep Submissions table has, as docs/keep-submissions.md tells the user to create them. */
export const KEEP_COLUMNS = [
	{ name: 'submissionId', type: 'string' },
	{ name: 'receivedAt', type: 'date' },
	{ name: 'submission', type: 'string' },
] as const;

/** The whole store, answer included, stays well inside what a form sender waits for. */
const TIMEOUT_MS = 10_000;

/** n8n's answers to these calls are a few hundred bytes (at most 100 tables listed); a larger one is not read. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** Why a submission could not be stored (the sender gets 503 and no execution starts), or the table not checked. */
interface Problem {
	problem: string;
}

function isProblem(value: unknown): value is Problem {
	return typeof value === 'object' && value !== null && 'problem' in value;
}

/** Table name → ID, per API base URL, for the process's life; a 404 forgets it. */
const tableIds = new Map<string, string>();

/**
 * Stores one submission (the trigger's item, binary files left out) as a row of the Data Table,
 * through n8n's public API, before the sender hears 200. The row is what the recovery re-feeds
 * when the execution of this submission dies before the workflow deletes it.
 */
export async function keepSubmission(context: IWebhookFunctions, table: string, json: IDataObject): Promise<string | undefined> {
	const baseUrl = await baseUrlOf(context);
	const row = { submissionId: json.submissionId, receivedAt: json.submittedAt, submission: JSON.stringify(json) };
	const cacheKey = `${baseUrl}\n${table}`;
	for (let attempt = 1; ; attempt++) {
		const id = tableIds.get(cacheKey) ?? (await resolveTable(context, baseUrl, table));
		if (isProblem(id)) return id.problem;
		tableIds.set(cacheKey, id);
		const answer = await call(context, baseUrl, {
			method: 'POST',
			url: `${baseUrl}/data-tables/${encodeURIComponent(id)}/rows`,
			body: { data: [row], returnType: 'id' },
		});
		if (!isProblem(answer) && answer.statusCode >= 200 && answer.statusCode < 300) return undefined;
		tableIds.delete(cacheKey);
		if (isProblem(answer)) return answer.problem;
		if (answer.statusCode === 404 && attempt === 1) continue;
		return `n8n's API refused the row: ${describe(answer)}`;
	}
}

/**
 * Publishing checks that the key works and the table is there, so a mistake stops the publication
 * instead of answering 503 to every lead.
 */
export async function checkKeepTable(context: IHookFunctions, table: string): Promise<string | undefined> {
	const baseUrl = await baseUrlOf(context);
	const id = await resolveTable(context, baseUrl, table);
	if (isProblem(id)) return id.problem;
	tableIds.set(`${baseUrl}\n${table}`, id);
	return undefined;
}

async function baseUrlOf(context: Context): Promise<string> {
	const credentials = await context.getCredentials<{ baseUrl?: string }>(KEEP_CREDENTIAL_TYPE);
	return String(credentials.baseUrl || DEFAULT_N8N_API_URL).replace(/\/+$/, '');
}

/** The ID of the table named `table` (exactly: the list filter matches parts of names), or with that ID. */
async function resolveTable(context: Context, baseUrl: string, table: string): Promise<string | Problem> {
	const byName = await listTables(context, baseUrl, { name: table });
	if (isProblem(byName)) return byName;
	const named = byName.filter((entry) => entry.name === table);
	if (named.length > 1) return { problem: `${named.length} Data Tables are named "${table}"; give the table's ID instead` };
	if (named.length === 1) return String(named[0].id);
	const byId = await listTables(context, baseUrl, { id: table });
	if (isProblem(byId)) return byId;
	if (byId.length === 1) return String(byId[0].id);
	return { problem: `no Data Table the API key's user can see is named "${table}" or has that ID` };
}

async function listTables(context: Context, baseUrl: string, filter: IDataObject): Promise<Array<{ id?: unknown; name?: unknown }> | Problem> {
	const answer = await call(context, baseUrl, {
		method: 'GET',
		url: `${baseUrl}/data-tables`,
		qs: { filter: JSON.stringify(filter), limit: 100 },
	});
	if (isProblem(answer)) return answer;
	if (answer.statusCode < 200 || answer.statusCode >= 300) return { problem: `n8n's API did not list the Data Tables: ${describe(answer)}` };
	const listed = (answer.body as { data?: unknown } | null)?.data;
	return Array.isArray(listed) ? listed : [];
}

/** n8n's status and its JSON (`null` when the body is not JSON). */
interface ApiAnswer {
	statusCode: number;
	body: unknown;
}

async function call(context: Context, baseUrl: string, options: IHttpRequestOptions): Promise<ApiAnswer | Problem> {
	let failure: unknown;
	// n8n's timeout is an idle time: a server sending a byte now and then would hold the sender's
	// answer for ever, so the whole answer is bounded here, in time and in size.
	const abort = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<Problem>((resolve) => {
		timer = setTimeout(() => {
			abort.abort();
			resolve({ problem: `n8n's API at ${originOf(baseUrl)} did not answer completely within ${TIMEOUT_MS / 1000} s` });
		}, TIMEOUT_MS);
	});
	const sent = context.helpers.httpRequestWithAuthentication.call(context, KEEP_CREDENTIAL_TYPE, {
		...options,
		headers: { Accept: 'application/json' },
		encoding: 'stream',
		json: false,
		timeout: TIMEOUT_MS,
		abortSignal: abort.signal,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// The API key goes to the base URL only: a redirect is an answer, never followed.
		disableFollowRedirect: true,
	}) as Promise<IN8nHttpFullResponse>;
	try {
		const response = await Promise.race([sent, deadline]);
		if (isProblem(response)) return response;
		const bytes = await Promise.race([readAtMost(response.body, MAX_ANSWER_BYTES), deadline]).finally(() => destroyBody(response.body));
		if (isProblem(bytes)) return bytes;
		if (!bytes) return { problem: `n8n's API at ${originOf(baseUrl)} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB, which it never does; the answer was not read` };
		return { statusCode: response.statusCode, body: jsonOrNull(bytes) };
	} catch (error) {
		failure = error;
	} finally {
		clearTimeout(timer);
		// An answer that arrives after the deadline is dropped unread.
		void sent.then((late) => destroyBody(late.body), () => undefined);
	}
	// n8n's errors may carry the request (and its key header); only the code and the host are told.
	const code = (failure as { code?: unknown }).code ?? (failure as { cause?: { code?: unknown } }).cause?.code;
	return { problem: `n8n's API did not answer at ${originOf(baseUrl)}${typeof code === 'string' ? ` (${code})` : ''}` };
}

/** An answer as the log and the workflow's owner read it: status and n8n's message, never headers. */
function describe(answer: ApiAnswer): string {
	const message = (answer.body as { message?: unknown } | null)?.message;
	const location = answer.statusCode >= 300 && answer.statusCode < 400 ? ' (a redirect, not followed)' : '';
	return `HTTP ${answer.statusCode}${location}${typeof message === 'string' ? `: ${message.slice(0, 200)}` : ''}`;
}

/** Scheme, host and port of the base URL (never a user or password written into it). */
function originOf(baseUrl: string): string {
	try {
		return new URL(baseUrl).origin;
	} catch {
		return 'its Base URL (not a URL)';
	}
}
