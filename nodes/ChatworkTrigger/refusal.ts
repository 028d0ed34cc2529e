import { refusalWithCodes, type Refusal as SharedRefusal } from '../shared/refusal';

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

/** The shared Refusal, with the Chatwork Trigger's reasons. */
export type Refusal = SharedRefusal<RefusalReason>;
export const Refusal = refusalWithCodes<RefusalReason>();
