// @ts-check
'use strict';

/**
 * The route table. Each resource file exports an array of routes:
 *
 *   {
 *     method: 'POST',
 *     path: '/rooms/{room_id}/messages',   // RAML path; every {x_id} matches digits
 *     params: { body: { type: 'string', required: true, minLength: 1, maxLength: 65535 } },
 *     room: 'write',                        // access the caller needs to {room_id}: read | write | admin
 *     roomPost: true,                       // counts against the per-room posting limit
 *     handle(ctx) { return { body: {...} } },
 *   }
 *
 * To add an endpoint, add an entry to the resource's file (or a new file listed below).
 */

/** @type {import('../index').RouteSpec[]} */
const ROUTES = [
	...require('./account'),
	...require('./rooms'),
	...require('./messages'),
	...require('./tasks'),
	...require('./files'),
	...require('./link'),
];

/** Path parameters that are strings in Chatwork's JSON; every other `{x_id}` is an integer. */
const STRING_IDS = new Set(['message_id']);

/**
 * @typedef {{ spec: import('../index').RouteSpec, pattern: RegExp, names: string[], template: string }} CompiledRoute
 */

/** @type {CompiledRoute[]} */
const COMPILED = ROUTES.map((spec) => {
	/** @type {string[]} */
	const names = [];
	const source = spec.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name) => {
		names.push(name);
		return '(\\d+)';
	});
	return { spec, pattern: new RegExp(`^${source}$`), names, template: `${spec.method} ${spec.path}` };
});

/**
 * @param {string} method
 * @param {string} path relative to /v2
 * @returns {{ route: CompiledRoute, ids: Record<string, number | string> } | undefined}
 */
function matchRoute(method, path) {
	for (const route of COMPILED) {
		if (route.spec.method !== method) continue;
		const match = route.pattern.exec(path);
		if (!match) continue;
		/** @type {Record<string, number | string>} */
		const ids = {};
		route.names.forEach((name, i) => {
			ids[name] = STRING_IDS.has(name) ? match[i + 1] : Number(match[i + 1]);
		});
		return { route, ids };
	}
	return undefined;
}

/** Every `METHOD /path` the server answers, for docs and tests. */
function listRoutes() {
	return COMPILED.map((r) => r.template);
}

module.exports = { matchRoute, listRoutes };
