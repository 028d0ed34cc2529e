// @ts-check
/** Credentials and workflows put into n8n before it starts, with its own CLI (`n8n import:…`, `n8n publish:workflow`). */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/**
 * @typedef {object} WorkflowJson  an n8n workflow as exported by n8n (id optional: one is generated)
 * @property {string} [id]
 * @property {string} name
 * @property {unknown[]} nodes
 * @property {Record<string, unknown>} connections
 * @property {Record<string, unknown>} [settings]
 */

/**
 * @typedef {object} CredentialJson  a credential to import; `data` in plain text (n8n encrypts it)
 * @property {string} [id]
 * @property {string} name
 * @property {string} type   e.g. "chatworkApi"
 * @property {Record<string, unknown>} data
 */

/** n8n-style ids (16 alphanumerics) for workflows and credentials that come without one. */
function newId() {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const bytes = crypto.randomBytes(16);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Imports credentials (ids generated where missing) and records them on the instance.
 * @param {import('./instance').N8nInstance} instance
 * @param {CredentialJson[]} given
 * @param {(line: string) => void} log
 */
async function importCredentials(instance, given, log) {
	const instanceDir = instance.instanceDir;
	const withIds = given.map((c) => ({ ...c, id: c.id ?? newId() }));
	if (withIds.length > 0) {
		// Plain `data` in a private file that exists only while the import runs; never logged.
		const file = path.join(instanceDir, `credentials-${process.pid}.json`);
		fs.writeFileSync(file, JSON.stringify(withIds), { mode: 0o600 });
		try {
			log(`importing ${withIds.length} credential(s)`);
			await instance.runCli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
		instance.credentials = withIds.map(({ id, name, type }) => ({ id, name, type }));
	}
}

/**
 * Imports workflows (ids generated where missing) and publishes the chosen ones; returns the ids to publish.
 * @param {import('./instance').N8nInstance} instance
 * @param {WorkflowJson[]} given
 * @param {boolean | string[]} publish  true = all, false = none, or ids
 * @param {(line: string) => void} log
 * @returns {Promise<string[]>}
 */
async function importWorkflows(instance, given, publish, log) {
	const instanceDir = instance.instanceDir;
	const withIds = given.map((w) => ({ ...w, id: w.id ?? newId() }));
	const toPublish = withIds
		.map((w) => w.id)
		.filter((id) => (publish === true ? true : Array.isArray(publish) ? publish.includes(id) : false));
	if (withIds.length > 0) {
		const file = path.join(instanceDir, 'workflows.json');
		fs.writeFileSync(file, JSON.stringify(withIds, null, 2));
		log(`importing ${withIds.length} workflow(s)`);
		await instance.runCli(['import:workflow', `--input=${file}`]);
		for (const id of toPublish) {
			log(`publishing workflow ${id}`);
			await instance.runCli(['publish:workflow', `--id=${id}`]);
		}
		instance.workflows = withIds.map((w) => ({ id: w.id, name: w.name, published: toPublish.includes(w.id) }));
	}
	return toPublish;
}

module.exports = { importCredentials, importWorkflows };
