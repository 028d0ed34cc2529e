// @ts-check
/**
 * The demo's Chatwork sandbox: the look-alike server with one OAuth client registered, so the
 * README's Chatwork OAuth2 API steps work under `npm start` as they do against Chatwork.
 */
'use strict';

const crypto = require('node:crypto');

const { startChatworkServer } = require('../sandbox');

/**
 * Starts the sandbox on `port` (0: any free port) with a fresh OAuth client.
 * @param {number} port
 */
async function startDemoSandbox(port) {
	const oauthClient = {
		clientId: `demo-${crypto.randomBytes(6).toString('hex')}`,
		clientSecret: crypto.randomBytes(24).toString('base64url'),
		name: 'n8n demo',
	};
	const sandbox = await startChatworkServer({ port, oauth2: { clients: [oauthClient] } });
	return { sandbox, oauthClient };
}

/**
 * What to type into a Chatwork OAuth2 API credential to sign in against the sandbox.
 * @param {import('../sandbox').ChatworkServer} sandbox
 * @param {{ clientId: string, clientSecret: string }} oauthClient
 */
function oauthCredentialFields(sandbox, oauthClient) {
	return {
		'Client ID': oauthClient.clientId,
		'Client Secret': oauthClient.clientSecret,
		'Authorization URL': sandbox.oauth2.authorizeUrl,
		'Access Token URL': sandbox.oauth2.tokenUrl,
		'Base URL': sandbox.url,
	};
}

module.exports = { startDemoSandbox, oauthCredentialFields };
