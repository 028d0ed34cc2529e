// @ts-check
/**
 * A hand-written stand-in for n8n's IExecuteFunctions, kept only for chatwork-oauth2.test.ts, whose
 * own stand-in of requestOAuth2 is built on it (moving it onto n8n-core's requestOAuth2 is open).
 * HTTP is real: `helpers.httpRequest` sends through axios to a real server.
 */
const axios = require('axios').default;
const { NodeApiError } = require('n8n-workflow');

/** @typedef {Record<string, unknown>} Parameters  A function value stands for an n8n expression: evaluated per item. */
/** @typedef {{ method: string, url: string, headers: Record<string, unknown>, body: unknown }} HttpCall */
/**
 * @typedef {object} RunOptions
 * @property {Parameters} parameters
 * @property {Array<Record<string, any>>} items
 * @property {{ apiToken: string, baseUrl: string }} credentials
 * @property {AbortSignal} [signal]
 */
/** @typedef {{ json: Record<string, any>, pairedItem?: unknown }} Item */
/** @typedef {{ success: Item[], error: Item[], calls: HttpCall[] }} RunResult */

const node = {
	id: 'test-node',
	name: 'Chatwork',
	type: 'n8n-nodes-satori-chatwork.chatwork',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * @param {Parameters} parameters
 * @param {string} name
 * @param {number} itemIndex
 * @param {unknown} fallback
 * @param {boolean} extractValue
 */
function parameter(parameters, name, itemIndex, fallback, extractValue) {
	/** @type {any} */
	let value = name.split('.').reduce((/** @type {any} */ obj, key) => obj?.[key], parameters);
	if (typeof value === 'function') value = value(itemIndex);
	if (value === undefined) return fallback;
	if (extractValue && value && typeof value === 'object' && '__rl' in value) {
		if (value.mode === 'url') return /#!rid([0-9]+)/.exec(value.value)?.[1] ?? value.value;
		return value.value;
	}
	return value;
}

/**
 * @param {RunOptions} options
 * @param {HttpCall[]} [calls]
 * @returns {any} an IExecuteFunctions stand-in
 */
function executeContext(options, calls = []) {
	// n8n's getNode() carries the parameters as saved, before any expression is evaluated.
	const saved = Object.fromEntries(Object.entries(options.parameters).filter(([, value]) => typeof value !== 'function'));
	return {
		getInputData: () => options.items.map((json) => ({ json })),
		getNode: () => ({ ...node, parameters: saved }),
		/**
		 * n8n's expression engine, for `={{ … }}` over `$json` and `$itemIndex` only.
		 * @param {string} expression
		 * @param {number} itemIndex
		 */
		evaluateExpression(expression, itemIndex) {
			// Like n8n-core's, which resolves `=${expression}`: text around `{{ … }}` (a stray `=` too) stays in the value.
			const run = (/** @type {string} */ body) => new Function('$json', '$itemIndex', `return (${body});`)(options.items[itemIndex], itemIndex);
			const whole = /^\{\{([\s\S]*)\}\}$/.exec(expression);
			if (whole) return run(whole[1]);
			return expression.replace(/\{\{([\s\S]*?)\}\}/g, (_, body) => String(run(body)));
		},
		getNodeParameter: (
			/** @type {string} */ name,
			/** @type {number} */ itemIndex,
			/** @type {unknown} */ fallback,
			/** @type {{ extractValue?: boolean } | undefined} */ opts,
		) => parameter(options.parameters, name, itemIndex, fallback, opts?.extractValue ?? false),
		getCredentials: async () => ({ ...options.credentials }),
		getExecutionCancelSignal: () => options.signal,
		continueOnFail: () => false,
		helpers: {
			/** @param {any} request */
			async httpRequest(request) {
				const headers = { ...(request.headers ?? {}) };
				calls.push({ method: request.method ?? 'GET', url: request.url, headers, body: request.body });
				try {
					const response = await axios({
						method: request.method ?? 'GET',
						url: request.url,
						params: request.qs,
						data: request.body,
						headers,
						responseType: request.encoding ?? 'json',
						// As n8n-core: `json: false` leaves the text unparsed.
						...(request.json === false ? { transformResponse: (/** @type {unknown} */ data) => data } : {}),
						timeout: request.timeout,
						signal: request.abortSignal,
						maxBodyLength: Infinity,
						maxContentLength: Infinity,
						validateStatus: statusFilter(request.ignoreHttpStatusErrors),
						// As n8n-core does; otherwise axios follows redirects with every header.
						...(request.disableFollowRedirect === true ? { maxRedirects: 0 } : {}),
						// As n8n-core does by default (sendCredentialsOnCrossOriginRedirect): the next hop gets Authorization again.
						beforeRedirect: (/** @type {any} */ next) => {
							if (headers.Authorization) next.headers.Authorization = headers.Authorization;
						},
					});
					const body = request.encoding === 'arraybuffer' ? Buffer.from(response.data) : response.data;
					return request.returnFullResponse ? { body, headers: response.headers, statusCode: response.status } : body;
				} catch (error) {
					throw new NodeApiError(/** @type {any} */ (node), /** @type {any} */ (error));
				}
			},
		},
	};
}

/**
 * Which statuses resolve instead of throwing, as n8n-core reads `ignoreHttpStatusErrors`
 * (`true`, or `{ ignore: true, except: [401] }` to throw on those only).
 * @param {boolean | { ignore: true, except: number[] } | undefined} ignore
 */
function statusFilter(ignore) {
	if (ignore === true) return () => true;
	if (ignore && typeof ignore === 'object') return (/** @type {number} */ status) => !ignore.except.includes(status);
	return undefined;
}

/**
 * @param {{ execute?: Function }} nodeType
 * @param {RunOptions} options
 * @returns {Promise<RunResult>}
 */
async function runNode(nodeType, options) {
	/** @type {HttpCall[]} */
	const calls = [];
	const ctx = executeContext(options, calls);
	const [success, error] = await /** @type {Function} */ (nodeType.execute).call(ctx);
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
