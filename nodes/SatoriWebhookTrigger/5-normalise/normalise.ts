import type { FormValue } from '../inputLimits';
import type { UploadedFile } from '../3-parse/multipart';
import type { Params, ParsedSubmission } from '../3-parse/parseBody';
import type { FileSummary } from '../4-validate/schema';
import {
	CUSTOMER_DETAIL_URL,
	JOINED_FIELDS,
	RESERVED_KEYS,
	declaredStandardKeys,
	isAliasOfDeclared,
	isBlank,
	joinParts,
	standardKeyOf,
} from '../satoriFields';
import type { TriggerSettings } from '../settings';
import { detailUrlOf, isTrustedDetailUrl, type DetailUrlSettings } from './customerDetailUrl';

/** The submission under the normalised keys (README → The SATORI Webhook Trigger), ready to become the output item. */
export interface NormalisedSubmission {
	/** Top-level keys of the item: company, name, email … and any other kept field. */
	fields: Record<string, unknown>;
	/** SATORI-style params: the raw values as submitted (honeypot and dropped fields left out). */
	params: Params;
	customerDetailUrl: string | null;
	/** Which binary property each uploaded file goes to. */
	binaries: Array<{ property: string; file: UploadedFile }>;
}

export interface FileField extends FileSummary {
	binaryProperty: string;
}

type NormaliseSettings = Pick<TriggerSettings, 'fields' | 'unknownFields' | 'honeypotField'> & DetailUrlSettings;

export function normalise(
	submission: ParsedSubmission,
	values: Record<string, unknown>,
	declaredKeyOf: Map<string, string>,
	settings: NormaliseSettings,
): NormalisedSubmission {
	const { params: submitted, files } = submission;
	const fields: Record<string, unknown> = {};
	const params: Params = {};
	const binaries: NormalisedSubmission['binaries'] = [];
	const outputKeyOf = (key: string) => standardKeyOf(key) ?? key;
	const declaredStandards = declaredStandardKeys(settings.fields);
	const declaredTypes = new Map(settings.fields.map((field) => [field.key, field.type]));

	const place = (key: string, value: unknown) => {
		if (RESERVED_KEYS.has(key) || Object.prototype.hasOwnProperty.call(fields, key)) return;
		fields[key] = value;
	};

	// Declared fields first and always present, so every item has the same shape.
	for (const field of settings.fields) place(outputKeyOf(field.key), null);
	const placed = new Set<string>();

	const attachFiles = (submittedKey: string, outputKey: string): FileField | FileField[] => {
		const own = files.filter((file) => file.field === submittedKey);
		const described = own.map((file, index): FileField => {
			const property = own.length === 1 ? outputKey : `${outputKey}${index}`;
			binaries.push({ property, file });
			return { fileName: file.fileName, mimeType: file.mimeType, size: file.size, binaryProperty: property };
		});
		return described.length === 1 ? described[0] : described;
	};

	for (const key of Object.keys(submitted)) {
		if (key === settings.honeypotField) continue;
		const declaredKey = declaredKeyOf.get(key);
		const isAlias = isAliasOfDeclared(key, declaredKeyOf, declaredStandards);
		const isUndeclared = declaredKey === undefined && !isAlias && key !== CUSTOMER_DETAIL_URL;
		if (isUndeclared && settings.unknownFields === 'drop') continue;
		if (key === CUSTOMER_DETAIL_URL && !isTrustedDetailUrl(submitted[key], settings)) continue;
		params[key] = submitted[key];
		if (key === CUSTOMER_DETAIL_URL || isAlias) continue;

		const outputKey = outputKeyOf(declaredKey ?? key);
		if (placed.has(outputKey)) continue;
		placed.add(outputKey);
		if (declaredKey !== undefined) {
			const value = values[declaredKey];
			const isFile = declaredTypes.get(declaredKey) === 'file';
			fields[outputKey] = value === undefined ? null : isFile ? attachFiles(key, outputKey) : value;
		} else if (files.some((file) => file.field === key)) {
			place(outputKey, attachFiles(key, outputKey));
		} else {
			place(outputKey, submitted[key] as FormValue);
		}
	}

	// A declared field answered only through its parts (姓 + 名 for 氏名) takes the value validation joined.
	for (const field of settings.fields) {
		const outputKey = outputKeyOf(field.key);
		if (!placed.has(outputKey) && field.type !== 'file' && values[field.key] !== undefined) {
			fields[outputKey] = values[field.key];
		}
	}
	for (const { whole, parts } of JOINED_FIELDS) {
		if (declaredStandards.has(whole)) continue;
		const [first, second] = parts.map((part) => fields[part]);
		if (isBlank(fields[whole]) && (!isBlank(first) || !isBlank(second))) fields[whole] = joinParts([first, second]);
	}

	const has = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);
	const lookup = (key: string) => (has(fields, key) ? fields[key] : has(params, key) ? params[key] : undefined);
	const customerDetailUrl = detailUrlOf(submitted[CUSTOMER_DETAIL_URL], settings, lookup);

	return { fields, params, customerDetailUrl, binaries };
}
