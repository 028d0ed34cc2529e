import type { INodeParameters } from 'n8n-workflow';
import { fromFunction, fromParameter, webhookDescriptionFields } from 'n8n-workflow';

/** A webhook-description field read from a parameter (its name) or computed from the parameters. */
export type WebhookField = string | ((parameters: INodeParameters) => string);

/**
 * Spreads into a webhook description: each field as the template the editor shows plus a native
 * resolver, so n8n ≥ 2.40 reads it from static parameters without its expression engine on every
 * request (with lazy isolate acquisition, no isolate at all); older n8n evaluates the templates.
 * A computed field must be self-contained: n8n inlines its source into the template.
 */
export function webhookFields<Field extends string>(fields: Record<Field, WebhookField>): Record<Field, string> {
	if (typeof webhookDescriptionFields !== 'function') {
		return Object.fromEntries(
			Object.entries<WebhookField>(fields).map(([field, from]) => [
				field,
				typeof from === 'string' ? `={{$parameter["${from}"]}}` : `={{(${String(from)})($parameter)}}`,
			]),
		) as Record<Field, string>;
	}
	const entries = Object.fromEntries(
		Object.entries<WebhookField>(fields).map(([field, from]) => [field, typeof from === 'string' ? fromParameter(from) : fromFunction(from)]),
	);
	return webhookDescriptionFields(entries) as Record<Field, string>;
}
