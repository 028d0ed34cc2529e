import { refusalWithCodes, type Refusal } from '../shared/refusal';

/** What a refusal is about; answers/answerTexts.ts words each one in Japanese and English. */
export type RejectionCode =
	| 'unsupported_media_type'
	| 'unsupported_charset'
	| 'unsupported_content_encoding'
	| 'payload_too_large'
	| 'file_too_large'
	| 'too_many_fields'
	| 'too_many_files'
	| 'malformed_json'
	| 'malformed_form'
	| 'json_not_object'
	| 'invalid_utf8'
	| 'invalid_encoding'
	| 'form_encoding_required'
	| 'multipart_not_utf8'
	| 'forbidden_field_name'
	| 'field_name_too_long'
	| 'too_deeply_nested'
	| 'body_unreadable'
	| 'invalid_fields'
	| 'auth_missing'
	| 'auth_failed'
	| 'signature_needs_raw_body'
	| 'origin_not_allowed'
	| 'not_found'
	| 'not_stored';

/** A request the trigger refuses with a 4xx: the shared Refusal, with the SATORI trigger's codes. */
export type Rejection = Refusal<RejectionCode>;
export const Rejection = refusalWithCodes<RejectionCode>();

/** Runs `work`; whatever it throws becomes the rejection `toRejection` makes of it. */
export function rejectOnThrow<T>(work: () => T, toRejection: (error: unknown) => Rejection): T {
	let failure: unknown;
	try {
		return work();
	} catch (error) {
		failure = error;
	}
	throw toRejection(failure);
}

/** A byte limit as the refusal states it: 1 MB, 512 KB. */
export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
	if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} B`;
}
