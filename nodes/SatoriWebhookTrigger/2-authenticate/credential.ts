import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The `satoriWebhookAuthApi` credential, typed: which secret a request must carry. */
export type AuthMethod = 'header' | 'basic' | 'hmac';

export interface AuthCredential {
	method: AuthMethod;
	headerName: string;
	headerSecret: string;
	user: string;
	password: string;
	signatureHeader: string;
	signaturePrefix: string;
	signatureEncoding: 'hex' | 'base64';
	secret: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function readCredential(data: ICredentialDataDecryptedObject): AuthCredential {
	const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
	const method = text(data.method, 'header');
	return {
		method: method === 'basic' || method === 'hmac' ? method : 'header',
		headerName: text(data.headerName, 'X-Webhook-Secret').trim(),
		headerSecret: text(data.headerSecret),
		user: text(data.user),
		password: text(data.password),
		signatureHeader: text(data.signatureHeader, 'X-Signature-256').trim(),
		signaturePrefix: text(data.signaturePrefix),
		signatureEncoding: data.signatureEncoding === 'base64' ? 'base64' : 'hex',
		secret: text(data.secret),
	};
}

/** What is wrong with a credential, for the credential test; undefined when it is usable. */
export function credentialProblem(credential: AuthCredential): string | undefined {
	switch (credential.method) {
		case 'header':
			if (!HEADER_NAME.test(credential.headerName)) return 'The header name is not a valid HTTP header name';
			if (credential.headerSecret.length < 8) return 'The secret must be at least 8 characters long';
			return undefined;
		case 'basic':
			if (credential.user === '' || credential.user.includes(':')) {
				return 'The user must be non-empty and must not contain ":"';
			}
			if (credential.password.length < 8) return 'The password must be at least 8 characters long';
			return undefined;
		case 'hmac':
			if (!HEADER_NAME.test(credential.signatureHeader)) {
				return 'The signature header name is not a valid HTTP header name';
			}
			if (credential.secret.length < 16) return 'The signing secret must be at least 16 characters long';
			return undefined;
	}
}
