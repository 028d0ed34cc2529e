import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_NAME, FIELD_TYPES, type FieldType } from './description';
import { parseFieldList, splitChoices, type FieldDefinition } from './fieldList';

export type { FieldDefinition, FieldType };

/** The language of everything the submitter reads. */
export type Language = 'ja' | 'en';

/** Values of the trigger's Options → Form Encoding. */
export type FormEncodingSetting = 'auto' | 'utf-8' | 'shift_jis' | 'euc-jp';

export type UnknownFieldPolicy = 'keep' | 'drop' | 'reject';
export type AnswerMode = 'json' | 'redirect' | 'html';

/** The node's parameters, read once per request and typed; the only place that calls getNodeParameter. */
export interface TriggerSettings {
	httpMethod: string;
	useCredential: boolean;
	fields: FieldDefinition[];
	unknownFields: UnknownFieldPolicy;
	answer: AnswerMode;
	thankYouUrl: string;
	errorUrl: string;
	thankYouMessage: string;
	language: Language;
	rejectedOutput: boolean;
	honeypotField: string;
	customerDetailUrlTemplate: string;
	/** Hosts (and their subdomains) whose customer_detail_url an unauthenticated sender may submit. */
	customerDetailUrlHosts: string[];
	maxBodyBytes: number;
	maxFileBytes: number;
	/** Comma-separated; '*' allows every origin. Added to Options by n8n because the node supports CORS. */
	allowedOrigins: string;
	testFormPage: boolean;
	/** Options → Form Encoding: the encoding of form bodies that declare none. */
	formEncoding: FormEncodingSetting;
	/**
	 * Whether setting Form Encoding makes n8n hand over multipart bytes unparsed: version 1 only. In
	 * version 2 n8n parses multipart as UTF-8 (it keeps the bytes of the other body types).
	 */
	formEncodingKeepsMultipart: boolean;
	/** Keep Submissions Until Sent: the Data Table (name or ID) each valid submission is stored in first. */
	keepTable?: string;
}

function asString(value: unknown, fallback = ''): string {
	return typeof value === 'string' ? value : fallback;
}

function asNumber(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Define Fields: the list (one line per field) or the editor's groups (Fields). */
function readFields(context: IWebhookFunctions | IHookFunctions): FieldDefinition[] {
	if (context.getNodeParameter('fieldsInput', 'fields') === 'list') {
		const list = parseFieldList(asString(context.getNodeParameter('fieldList', '')));
		if ('problem' in list) throw new NodeOperationError(context.getNode(), list.problem);
		return list.fields;
	}
	const fieldsParameter = (context.getNodeParameter('fields', {}) ?? {}) as IDataObject;
	const declared = Array.isArray(fieldsParameter.field) ? (fieldsParameter.field as IDataObject[]) : [];
	return declared.map(
		(raw): FieldDefinition => ({
			key: asString(raw.key).trim(),
			label: asString(raw.label).trim(),
			type: pick(raw.type, FIELD_TYPES, 'text'),
			required: raw.required === true,
			maxLength: Math.max(0, Math.floor(asNumber(raw.maxLength, 0))),
			choices: splitChoices(asString(raw.choices)),
		}),
	);
}

export function readSettings(context: IWebhookFunctions | IHookFunctions): TriggerSettings {
	const options = (context.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const fields = readFields(context);
	const seen = new Set<string>();
	for (const field of fields) {
		if (field.key === '') {
			throw new NodeOperationError(context.getNode(), 'A declared field has an empty key');
		}
		if (seen.has(field.key)) {
			throw new NodeOperationError(context.getNode(), `The field "${field.key}" is declared twice`);
		}
		seen.add(field.key);
		if (field.type === 'choice' && field.choices.length === 0) {
			throw new NodeOperationError(
				context.getNode(),
				`The choice field "${field.key}" has no allowed values`,
			);
		}
	}

	const keepTable = context.getNodeParameter('keepSubmissions', false) === true ? asString(context.getNodeParameter('keepDataTable', '')).trim() : undefined;
	if (keepTable === '') throw new NodeOperationError(context.getNode(), 'Keep Submissions Until Sent is on, but no Data Table is named');

	return {
		...(keepTable === undefined ? {} : { keepTable }),
		httpMethod: asString(context.getNodeParameter('httpMethod', 'POST'), 'POST'),
		useCredential: context.getNodeParameter('authentication', 'none') === CREDENTIAL_NAME,
		fields,
		unknownFields: pick(
			context.getNodeParameter('unknownFields', 'keep'),
			['keep', 'drop', 'reject'] as const,
			'keep',
		),
		answer: pick(context.getNodeParameter('answer', 'json'), ['json', 'redirect', 'html'] as const, 'json'),
		thankYouUrl: asString(context.getNodeParameter('thankYouUrl', '')).trim(),
		errorUrl: asString(context.getNodeParameter('errorUrl', '')).trim(),
		thankYouMessage: asString(context.getNodeParameter('thankYouMessage', '')),
		language: pick(context.getNodeParameter('language', 'ja'), ['ja', 'en'] as const, 'ja'),
		rejectedOutput: context.getNodeParameter('rejectedOutput', false) === true,
		honeypotField: asString(options.honeypotField).trim(),
		customerDetailUrlTemplate: asString(options.customerDetailUrlTemplate).trim(),
		customerDetailUrlHosts: asString(options.customerDetailUrlHosts, 'satori.marketing')
			.split(/[\s,]+/)
			.map((host) => host.toLowerCase().replace(/^\*?\./, ''))
			.filter((host) => host !== ''),
		maxBodyBytes: Math.floor(asNumber(options.maxBodySizeKb, 1024) * 1024),
		maxFileBytes: Math.floor(asNumber(options.maxFileSizeMb, 10) * 1024 * 1024),
		allowedOrigins: asString(options.allowedOrigins, '*').trim() || '*',
		testFormPage: options.testFormPage === true,
		formEncoding: pick(options.binaryData, ['auto', 'utf-8', 'shift_jis', 'euc-jp'] as const, 'auto'),
		formEncodingKeepsMultipart: context.getNode().typeVersion === 1,
	};
}
