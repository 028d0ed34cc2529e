import type { IDataObject, INode } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { jsonOrNull } from '../cappedBody';
import { API_TOKEN_CREDENTIAL_TYPE, CHATWORK_DEFAULT_BASE_URL, SIGN_IN_CREDENTIAL_TYPE } from './constants';
import { expandScopes, scopeFor } from './oauthScopes';
import { exchange } from './request';
import type {
	ChatworkAuthentication,
	ChatworkConnection,
	ChatworkContext,
	ChatworkRequest,
	ChatworkResponse,
	ChatworkUnsendable,
	OAuth2State,
} from './types';

/**
 * The credential the caller chose, read once per execution. `apiToken`: the client sets the
 * X-ChatWorkToken header itself (the faster path, see types.ts); `oAuth2`: n8n's
 * httpRequestWithAuthentication signs with the stored access token, refreshes it when Chatwork
 * answers 401, stores the new one and sends the request once more.
 */
export async function chatworkConnection(
	ctx: ChatworkContext,
	authentication: ChatworkAuthentication,
): Promise<ChatworkConnection> {
	if (authentication === 'oAuth2') return await oauth2Connection(ctx);
	const credentials = await ctx.getCredentials(API_TOKEN_CREDENTIAL_TYPE);
	return { baseUrl: baseUrlOf(credentials), token: String(credentials.apiToken ?? '') };
}

function baseUrlOf(credentials: IDataObject): string {
	return String(credentials.baseUrl || CHATWORK_DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/** The OAuth2 credential, read once per execution; n8n keeps the tokens and signs every request. */
async function oauth2Connection(ctx: ChatworkContext): Promise<ChatworkConnection> {
	const credentials = await ctx.getCredentials(SIGN_IN_CREDENTIAL_TYPE);
	const baseUrl = baseUrlOf(credentials);
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const accessToken = String(tokenData.access_token ?? '');
	const reference = credentialReference(ctx.getNode());
	const granted = String(tokenData.scope ?? credentials.scope ?? '');
	const oauth2: OAuth2State = {
		...reference,
		granted: expandScopes(granted.split(/[\s,]+/).filter(Boolean)),
		grantKey: digest(reference.credentialId, String(tokenData.refresh_token ?? accessToken)),
	};
	if (!accessToken) oauth2.refused = renewalMessage(oauth2, 'it has not been connected yet');
	return { baseUrl, token: accessToken, oauth2 };
}

function credentialReference(node: INode): { credentialName: string; credentialId: string } {
	const reference = node.credentials?.[SIGN_IN_CREDENTIAL_TYPE];
	return { credentialName: reference?.name ?? 'Chatwork OAuth2 API', credentialId: String(reference?.id ?? '') };
}

/** After the connection was found dead, the other items are not sent at all. */
export function refusedBeforeSending(connection: ChatworkConnection): ChatworkUnsendable | undefined {
	const refused = connection.oauth2?.refused;
	return refused ? { kind: 'unsendable', message: refused } : undefined;
}

/**
 * What an error thrown by the OAuth2 path means. n8n throws only when Chatwork answered 401 and the
 * refresh failed, or when the refreshed token got a 401 too; both end here as Chatwork's 401 with a
 * message that says to renew the connection, so the item is neither retried nor sent again.
 */
export function renewalAnswer(error: unknown, connection: ChatworkConnection): ChatworkResponse | undefined {
	const oauth2 = connection.oauth2;
	if (!oauth2) return undefined;
	const reason = refreshFailure(error);
	if (!reason) return undefined;
	oauth2.refused = renewalMessage(oauth2, reason);
	return { kind: 'response', statusCode: 401, body: { errors: [oauth2.refused] }, rateLimit: {} };
}

export function renewalMessage(oauth2: Pick<OAuth2State, 'credentialName'>, reason: string): string {
	return (
		`The Chatwork connection of the credential "${oauth2.credentialName}" must be renewed: open the credential ` +
		`in n8n, click "Switch account" (or "Connect" when it shows disconnected) and allow access in Chatwork again. Chatwork did not accept ` +
		`the access token and it could not be refreshed: ${reason}. Not sent.`
	);
}

/** Why the refresh failed, or undefined for an error that is not about the OAuth2 grant. */
export function refreshFailure(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		const candidate = current as {
			message?: unknown;
			code?: unknown;
			status?: unknown;
			body?: { error?: unknown };
			failure?: { cause?: unknown };
			response?: { status?: unknown };
			cause?: unknown;
			errorResponse?: unknown;
		};
		const message = typeof candidate.message === 'string' ? candidate.message : '';
		if (candidate.failure?.cause === 'credential-invalid') return 'the refresh token was revoked or has expired';
		if (candidate.code === 'EAUTH' && typeof candidate.body?.error === 'string') {
			return candidate.body.error === 'invalid_grant'
				? 'the refresh token was revoked or has expired'
				: `the token endpoint answered "${candidate.body.error}"`;
		}
		if (candidate.code === 'ESTATUS' && typeof candidate.status === 'number') {
			return `the token endpoint answered HTTP ${candidate.status}`;
		}
		if (/no refresh token is available/i.test(message)) return 'there is no refresh token';
		if (/OAuth credentials not connected/i.test(message)) return 'it has not been connected yet';
		if (candidate.response?.status === 401) return 'Chatwork refused the refreshed access token as well';
		current = candidate.cause ?? candidate.errorResponse;
	}
	return undefined;
}

/**
 * Chatwork's 403 to an OAuth2 request the connection has no scope for gets one more line in its
 * `errors`, naming the scope to add; every other answer is returned as it came.
 */
export function withScopeHint(
	connection: ChatworkConnection,
	request: ChatworkRequest,
	statusCode: number,
	body: unknown,
): unknown {
	const oauth2 = connection.oauth2;
	if (!oauth2 || statusCode !== 403 || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
	const needed = scopeFor(request.method, request.path);
	if (!needed || oauth2.granted.has(needed)) return body;
	const errors = (body as { errors?: unknown }).errors;
	const hint = `The OAuth2 credential "${oauth2.credentialName}" was not granted the scope "${needed}" that this request needs: add it under Scopes in the credential and reconnect.`;
	return { ...body, errors: [...(Array.isArray(errors) ? errors : []), hint] };
}

const accountsByGrant = new Map<string, string>();

/**
 * What the rate limits are keyed by. Chatwork counts requests per account, so every credential of one
 * account shares one budget and two accounts never do. An API token belongs to one account, so it is
 * the key itself (as before); an OAuth2 grant asks Chatwork once per process who it is (GET /me).
 */
export async function rateLimitKey(ctx: ChatworkContext, connection: ChatworkConnection): Promise<string> {
	const oauth2 = connection.oauth2;
	if (!oauth2) return connection.token;
	if (oauth2.refused) return `oauth2-credential:${oauth2.credentialId}`;
	const known = accountsByGrant.get(oauth2.grantKey);
	if (known) return known;
	let key = `oauth2-credential:${oauth2.credentialId}`;
	const exchanged = await exchange(ctx, connection, { method: 'GET', url: `${connection.baseUrl}/me`, headers: { Accept: 'application/json' } }, 30_000);
	if ('error' in exchanged) {
		// A dead connection fails every item with the renewal message; anything else is left to the sends.
		renewalAnswer(exchanged.error, connection);
		return key;
	}
	const { statusCode, body } = exchanged.answer;
	const accountId = (jsonOrNull(body) as { account_id?: unknown } | null)?.account_id;
	if (statusCode === 200 && (typeof accountId === 'number' || typeof accountId === 'string')) key = `account:${accountId}`;
	// Without users.profile.me:read (403) the credential is the best key there is; a redirect is not an account either.
	if (statusCode < 500) accountsByGrant.set(oauth2.grantKey, key);
	return key;
}


function digest(...parts: string[]): string {
	return createHash('sha256').update(parts.join('\n')).digest('hex');
}
