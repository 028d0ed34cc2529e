import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { headerValue, type WebhookRequest } from '../../shared/webhookRequest';
import { FORBIDDEN_KEYS } from '../inputLimits';

/** `meta` of every item: where the submission came from, never its credentials. */
const MAX_QUERY_KEYS = 50;
const MAX_META_TEXT = 1000;

function short(value: string | undefined): string | null {
	return value === undefined ? null : [...value].slice(0, MAX_META_TEXT).join('');
}

function copyQuery(query: unknown): IDataObject {
	const copy: IDataObject = {};
	if (typeof query !== 'object' || query === null) return copy;
	for (const key of Object.keys(query).slice(0, MAX_QUERY_KEYS)) {
		if (FORBIDDEN_KEYS.has(key)) continue;
		const value = (query as Record<string, unknown>)[key];
		if (typeof value === 'string') copy[key] = short(value);
		else if (Array.isArray(value)) {
			copy[key] = value.filter((item): item is string => typeof item === 'string').map((item) => short(item));
		}
	}
	return copy;
}

export function requestMeta(context: IWebhookFunctions, request: WebhookRequest): IDataObject {
	return {
		ip: request.ip ?? request.socket?.remoteAddress ?? null,
		userAgent: short(headerValue(request.headers, 'user-agent')),
		referer: short(headerValue(request.headers, 'referer')),
		origin: short(headerValue(request.headers, 'origin')),
		contentType: short(headerValue(request.headers, 'content-type')),
		method: request.method ?? null,
		query: copyQuery(context.getQueryData()),
	};
}
