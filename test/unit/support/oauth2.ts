import { createHash, randomBytes } from 'node:crypto';

import type { ChatworkServer } from '../../../sandbox';

export const REDIRECT_URI = 'http://127.0.0.1:9/rest/oauth2-credential/callback';

export interface TokenAnswer {
	access_token: string;
	refresh_token: string;
	token_type: string;
	expires_in: number;
	scope: string;
}

export function basic(clientId: string, clientSecret: string): string {
	return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

/** What a browser and n8n do to connect: consent page → Allow → code → token (PKCE S256, Basic). */
export async function connectOAuth2(
	server: ChatworkServer,
	client: { clientId: string; clientSecret: string },
	scopes: string[],
	accountId?: number,
): Promise<TokenAnswer> {
	const verifier = randomBytes(32).toString('base64url');
	const query = {
		response_type: 'code',
		client_id: client.clientId,
		redirect_uri: REDIRECT_URI,
		scope: scopes.join(' '),
		state: 'state-1',
		code_challenge: createHash('sha256').update(verifier).digest('base64url'),
		code_challenge_method: 'S256',
	};
	const consent = await fetch(`${server.oauth2.authorizeUrl}?${new URLSearchParams(query)}`);
	if (consent.status !== 200) throw new Error(`consent page answered ${consent.status}`);
	const decision = await fetch(server.oauth2.authorizeUrl, {
		method: 'POST',
		body: new URLSearchParams({ ...query, decision: 'allow', ...(accountId ? { account_id: String(accountId) } : {}) }),
		redirect: 'manual',
	});
	const code = new URL(decision.headers.get('location') ?? '').searchParams.get('code') ?? '';
	const answer = await fetch(server.oauth2.tokenUrl, {
		method: 'POST',
		headers: { authorization: basic(client.clientId, client.clientSecret) },
		body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
	});
	if (answer.status !== 200) throw new Error(`token endpoint answered ${answer.status}: ${await answer.text()}`);
	return (await answer.json()) as TokenAnswer;
}
