// @ts-check
/**
 * Runs a node's execute() inside n8n-core (test/support/n8nCore.js) for unit tests and the
 * transport benchmark: n8n's own parameter and expression resolution, continueOnFail, pairedItem
 * checks and `helpers.httpRequest`, against a real server. Requests are recorded on their way into
 * n8n's helper, unchanged.
 */
const { createExecuteContext, executeWorkflow } = require('./n8nCore');

/**
 * Parameters as the editor saves them: `={{ … }}` strings are n8n expressions. A function value is
 * a per-item value computed by the test (itemIndex → value); n8n reads it through an expression.
 * @typedef {Record<string, unknown>} Parameters
 */
/** @typedef {{ method: string, url: string, headers: Record<string, unknown>, body: unknown }} HttpCall */
/**
 * @typedef {object} RunOptions
 * @property {Parameters} parameters
 * @property {Array<Record<string, any>>} items
 * @property {Record<string, unknown>} credentials  the decrypted data of the node's credential
 * @property {AbortSignal} [signal]  cancels the execution, as the Stop button does
 * @property {Partial<import('n8n-workflow').INode>} [node]  node settings, e.g. `{ onError: 'continueRegularOutput' }`
 * @property {Array<Record<string, import('n8n-workflow').IBinaryData>>} [binary]  each item's binary properties
 * @property {Map<string, unknown>} [tokenStore]  where an OAuth2 refresh stores the new token data (test/support/n8nCore.js)
 */
/** @typedef {{ json: Record<string, any>, pairedItem?: unknown, binary?: Record<string, import('n8n-workflow').IBinaryData> }} Item */
/** @typedef {{ success: Item[], error: Item[], calls: HttpCall[] }} RunResult */

/** Where per-item values computed by a test sit in `$vars`. */
const PER_ITEM = 'unitTestPerItem';

/**
 * Function values become n8n expressions over `$vars`, so n8n still resolves every parameter.
 * @param {Parameters} parameters
 * @param {number} itemCount
 */
function withPerItemValues(parameters, itemCount) {
	/** @type {unknown[][]} */
	const values = [];
	/** @param {unknown} value @returns {unknown} */
	const convert = (value) => {
		if (typeof value === 'function') {
			values.push(Array.from({ length: itemCount }, (_, index) => value(index)));
			return `={{ $vars.${PER_ITEM}[${values.length - 1}][$itemIndex] }}`;
		}
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, convert(entry)]));
		}
		return value;
	};
	return { parameters: /** @type {Parameters} */ (convert(parameters)), variables: { [PER_ITEM]: values } };
}

/** @param {RunOptions} options */
function nodeRun(options) {
	const items = options.items.map((json, index) => (options.binary?.[index] ? { json, binary: options.binary[index] } : { json }));
	const { parameters, variables } = withPerItemValues(options.parameters, items.length);
	return { items, parameters, variables, credentials: () => options.credentials, signal: options.signal, node: options.node, tokenStore: options.tokenStore };
}

/**
 * Records each request as the node hands it to n8n's helper, then lets the helper send it.
 * @param {any} ctx an IExecuteFunctions
 * @param {HttpCall[]} calls
 */
function recordRequests(ctx, calls) {
	const send = ctx.helpers.httpRequest;
	ctx.helpers.httpRequest = (/** @type {any} */ request) => {
		calls.push({ method: request.method ?? 'GET', url: request.url, headers: { ...(request.headers ?? {}) }, body: request.body });
		return send.call(ctx, request);
	};
}

/**
 * n8n-core's ExecuteContext for the node, for a test that calls execute() itself.
 * @param {RunOptions & { nodeType?: import('n8n-workflow').INodeType }} options
 * @param {HttpCall[]} [calls]
 * @returns {any} an IExecuteFunctions
 */
function executeContext(options, calls = []) {
	const nodeType = options.nodeType ?? new (require('../../nodes/Chatwork/Chatwork.node').Chatwork)();
	const ctx = createExecuteContext({ ...nodeRun(options), nodeType });
	recordRequests(ctx, calls);
	return ctx;
}

/**
 * Runs the node in a workflow through n8n-core's WorkflowExecute; rejects when the execution fails.
 * @param {import('n8n-workflow').INodeType} nodeType
 * @param {RunOptions & { onContext?: (ctx: any) => void }} options  onContext sees the context before execute()
 * @returns {Promise<RunResult>}
 */
async function runNode(nodeType, options) {
	/** @type {HttpCall[]} */
	const calls = [];
	const onContext = (/** @type {any} */ ctx) => {
		recordRequests(ctx, calls);
		options.onContext?.(ctx);
	};
	const [success = [], error = []] = await executeWorkflow({ ...nodeRun(options), nodeType, onContext });
	return { success, error, calls };
}

/**
 * A resource locator value as the n8n editor stores it.
 * @param {string | number} value
 * @param {'list' | 'id' | 'url'} [mode]
 */
function room(value, mode = 'id') {
	return { __rl: true, mode, value: String(value) };
}

module.exports = { executeContext, runNode, room };
