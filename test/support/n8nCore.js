// @ts-check
/**
 * Runs a node inside n8n-core, the engine n8n itself executes nodes with: a real `Workflow`
 * (defaults filled in, hidden parameters dropped as on save), `WorkflowExecute` feeding the node its
 * input and checking pairedItem, `ExecuteContext` resolving parameters and expressions, and
 * n8n-core's own `helpers.httpRequest`. Only what n8n's server would add is supplied here: the
 * decrypted credential data (no database, no encryption key) and an empty variable store.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

// n8n-core writes its instance settings (a generated key) into the user folder on first use: one
// folder under the temp dir, shared by Jest's workers (which exit without cleanup), never $HOME.
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = path.join(os.tmpdir(), 'n8n-nodes-satori-chatwork-n8n-core');
	fs.mkdirSync(process.env.N8N_USER_FOLDER, { recursive: true });
}

const { ExecuteContext, ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { ICredentialsHelper, Workflow, createRunExecutionData } = require('n8n-workflow');

const PACKAGE = 'n8n-nodes-satori-chatwork';
const INPUT = 'Input';

/** @typedef {import('n8n-workflow').INodeType} INodeType */
/** @typedef {import('n8n-workflow').INode} INode */
/** @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData */

/** The node that hands the test's items to the node under test, as a trigger or Code node would. */
class InputItems {
	/** @param {INodeExecutionData[]} items */
	constructor(items) {
		// n8n calls execute() with the execution context as `this`.
		this.execute = async () => [items];
		/** @type {import('n8n-workflow').INodeTypeDescription} */
		this.description = {
			displayName: INPUT,
			name: 'inputItems',
			group: ['input'],
			version: 1,
			description: 'The items of one test case',
			defaults: { name: INPUT },
			inputs: [],
			outputs: ['main'],
			properties: [],
		};
	}
}

/**
 * Hands n8n-core the test's credential data where n8n's server would decrypt a stored credential,
 * and keeps what an OAuth2 refresh stores, as n8n's credentials table does.
 */
class TestCredentials extends ICredentialsHelper {
	/**
	 * @param {(type: string) => Record<string, unknown>} dataFor
	 * @param {Map<string, unknown>} tokenStore  refreshed oauthTokenData by credential id
	 */
	constructor(dataFor, tokenStore) {
		super();
		this.dataFor = dataFor;
		this.tokenStore = tokenStore;
	}

	/**
	 * What n8n's CredentialTypes answers: the `extends` chain of this package's credential class
	 * (e.g. chatworkOAuth2Api → oAuth2Api, which sends n8n-core down its OAuth2 path).
	 * @param {string} type
	 * @returns {string[]}
	 */
	getParentTypes(type) {
		/** @type {string[]} */
		const parents = credentialClass(type)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	// Every credential a node declares is usable by it; n8n checks this against the loaded packages.
	isCredentialUsableByNode() {
		return true;
	}

	async runPreAuthentication() {
		return undefined;
	}

	/** @param {any} _credentials @param {string} _type @param {any} request */
	async authenticate(_credentials, _type, request) {
		return request;
	}

	async preAuthentication() {
		return undefined;
	}

	/** @returns {Promise<any>} */
	async getCredentials() {
		throw new Error('Unit tests read credentials through getDecrypted only');
	}

	/** @param {unknown} _additionalData @param {{ id: string | null } | undefined} nodeCredentials @param {string} type */
	async getDecrypted(_additionalData, nodeCredentials, type) {
		const stored = nodeCredentials?.id ? this.tokenStore.get(nodeCredentials.id) : undefined;
		return /** @type {any} */ ({ ...this.dataFor(type), ...(stored ? { oauthTokenData: stored } : {}) });
	}

	async updateCredentials() {}

	/** @param {{ id: string | null }} nodeCredentials @param {string} _type @param {{ oauthTokenData?: unknown }} data */
	async updateCredentialsOauthTokenData(nodeCredentials, _type, data) {
		if (nodeCredentials.id) this.tokenStore.set(nodeCredentials.id, data.oauthTokenData);
	}

	getCredentialsProperties() {
		return [];
	}
}

/**
 * This package's credential class of a type (chatworkOAuth2Api → credentials/ChatworkOAuth2Api),
 * read only when n8n-core asks, so a run without OAuth2 (the benchmark, on plain Node) never loads TypeScript.
 * @param {string} type
 * @returns {{ extends?: string[] } | undefined}
 */
function credentialClass(type) {
	const file = path.join(__dirname, '..', '..', 'credentials', `${type[0].toUpperCase()}${type.slice(1)}.credentials`);
	try {
		require.resolve(file);
	} catch {
		// A type of n8n's own (oAuth2Api) is not in this package, and has no parent there either.
		return undefined;
	}
	const exported = require(file);
	const Class = Object.values(exported).find((value) => typeof value === 'function' && new value().name === type);
	return Class ? new Class() : undefined;
}

/**
 * @typedef {object} NodeRun
 * @property {INodeType} nodeType
 * @property {Record<string, unknown>} parameters  as the editor saves them; `={{ … }}` strings are n8n expressions
 * @property {INodeExecutionData[]} items
 * @property {(type: string) => Record<string, unknown>} credentials  decrypted data of each credential type
 * @property {Partial<INode>} [node]  settings of the node under test (onError, continueOnFail, …)
 * @property {string} [workflowId]
 * @property {Record<string, unknown>} [variables]  what `$vars` holds
 * @property {Map<string, unknown>} [tokenStore]  oauthTokenData an OAuth2 refresh stored, by credential id;
 *   one Map passed to several runs keeps a refreshed token across executions, as n8n's database does
 */

/** @param {NodeRun} run */
function buildWorkflow(run) {
	const description = run.nodeType.description;
	const type = `${PACKAGE}.${description.name}`;
	const version = Array.isArray(description.version) ? description.version[description.version.length - 1] : description.version;
	/** @type {INode} */
	const node = {
		id: 'node-under-test',
		name: description.defaults.name ?? description.displayName,
		type,
		typeVersion: version,
		position: [200, 0],
		parameters: /** @type {any} */ (run.parameters),
		credentials: Object.fromEntries((description.credentials ?? []).map((credential) => [credential.name, { id: `${credential.name}-1`, name: `${credential.name} (test)` }])),
		...run.node,
	};
	/** @type {INode} */
	const input = { id: 'input', name: INPUT, type: 'test.inputItems', typeVersion: 1, position: [0, 0], parameters: {} };
	const inputType = new InputItems(run.items);
	/** @param {string} name */
	const byName = (name) => (name === type ? run.nodeType : name === input.type ? /** @type {any} */ (inputType) : undefined);
	const nodeTypes = {
		getByName: byName,
		getByNameAndVersion: byName,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: run.workflowId ?? 'wf-unit',
		name: 'unit test',
		nodes: [input, node],
		connections: { [INPUT]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes: /** @type {any} */ (nodeTypes),
		// A workflow of a Japanese team, as this package's users set it (n8n's default is the instance's zone).
		settings: { executionOrder: 'v1', timezone: 'Asia/Tokyo' },
	});
	return { workflow, node: /** @type {INode} */ (workflow.getNode(node.name)) };
}

/** @param {NodeRun} run @param {import('n8n-workflow').IWorkflowBase} workflowData */
function additionalDataFor(run, workflowData) {
	return /** @type {any} */ ({
		credentialsHelper: new TestCredentials(run.credentials, run.tokenStore ?? new Map()),
		executionId: 'exec-unit',
		hooks: new ExecutionLifecycleHooks('manual', 'exec-unit', workflowData),
		variables: run.variables ?? {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not part of a unit test');
		},
		setExecutionStatus: () => {},
		logAiEvent: () => {},
		userId: 'user-unit',
	});
}

/** @param {import('n8n-workflow').Workflow} workflow */
function workflowData(workflow) {
	return /** @type {any} */ ({
		id: workflow.id,
		name: workflow.name,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		settings: workflow.settings,
		createdAt: new Date(0),
		updatedAt: new Date(0),
	});
}

/**
 * The context n8n-core gives a node's execute(), for tests that call execute() themselves (and may
 * replace one of its functions, e.g. the de-duplication store).
 * @param {NodeRun & { signal?: AbortSignal }} run
 * @returns {ExecuteContext}
 */
function createExecuteContext(run) {
	const { workflow, node } = buildWorkflow(run);
	const additionalData = additionalDataFor(run, workflowData(workflow));
	const inputData = { main: [run.items] };
	const executeData = { node, data: inputData, source: { main: [{ previousNode: INPUT }] } };
	const runExecutionData = createRunExecutionData({
		resultData: { runData: { [INPUT]: [{ startTime: 0, executionIndex: 0, executionTime: 0, source: [], data: inputData }] } },
	});
	return new ExecuteContext(workflow, node, additionalData, 'manual', runExecutionData, 0, run.items, inputData, /** @type {any} */ (executeData), [], run.signal);
}

/**
 * Runs Input → node under test through WorkflowExecute, as n8n runs a workflow.
 * @param {NodeRun & { signal?: AbortSignal, onContext?: (ctx: any) => void }} run  onContext sees the node's context before execute()
 * @returns {Promise<INodeExecutionData[][]>} the node's outputs
 * @throws the error the execution failed with
 */
async function executeWorkflow(run) {
	/** @type {unknown} */
	let thrown;
	const execute = /** @type {Function} */ (run.nodeType.execute);
	const nodeType = Object.create(run.nodeType, {
		execute: {
			async value(/** @type {unknown[]} */ ...args) {
				run.onContext?.(this);
				try {
					return await execute.apply(this, args);
				} catch (error) {
					thrown = error;
					throw error;
				}
			},
		},
	});
	const { workflow, node } = buildWorkflow({ ...run, nodeType });
	const additionalData = additionalDataFor(run, workflowData(workflow));
	const execution = new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: workflow.getNode(INPUT) ?? undefined });
	const cancel = () => execution.cancel();
	run.signal?.addEventListener('abort', cancel, { once: true });
	try {
		const result = await execution;
		const failure = result.data.resultData.error;
		// n8n keeps a copy of the error in the run data; the node's own error object is what it threw.
		if (failure) throw thrown instanceof Error && thrown.message === failure.message ? thrown : Object.assign(new Error(failure.message), failure);
		const task = result.data.resultData.runData[node.name]?.[0];
		return /** @type {INodeExecutionData[][]} */ (task?.data?.main ?? []);
	} finally {
		run.signal?.removeEventListener('abort', cancel);
	}
}

module.exports = { createExecuteContext, executeWorkflow };
