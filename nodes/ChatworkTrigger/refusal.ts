/** Why a request gets no execution; each step of the pipeline throws one of these. */
export type RefusalReason =
	| 'signature_missing'
	| 'signature_malformed'
	| 'signature_mismatch'
	| 'signature_unverifiable'
	| 'payload_too_large'
	| 'body_unreadable'
	| 'unsupported_content_type'
	| 'malformed_json'
	| 'invalid_event'
	| 'stale_event';

export class Refusal extends Error {
	constructor(
		readonly status: 400 | 401 | 413,
		readonly reason: RefusalReason,
	) {
		super(reason);
	}
}
