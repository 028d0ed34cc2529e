/** One field's problem as the sender reads it: "field: what is wrong". */
export interface FieldError {
	field: string;
	message: string;
}

/** 4xx: the request is at fault. 503: this side could not take it now (the sender may try again). */
export type RefusalStatus = 400 | 401 | 403 | 404 | 413 | 415 | 503;

/**
 * A request a trigger refuses with a 4xx. Every stage throws one of these; the orchestrator
 * writes the answer once and starts no execution for it. Each trigger names its own codes.
 */
export class Refusal<Code extends string = string> extends Error {
	constructor(
		readonly status: RefusalStatus,
		readonly code: Code,
		/** Filled into the message (a limit, a field name); never a secret. */
		readonly detail = '',
		readonly fieldErrors: FieldError[] = [],
		/** WWW-Authenticate value of a 401, so a browser can ask for Basic credentials. */
		readonly challenge?: string,
	) {
		super(code);
	}
}

type RefusalOf<Code extends string> = new (
	status: RefusalStatus,
	code: Code,
	detail?: string,
	fieldErrors?: FieldError[],
	challenge?: string,
) => Refusal<Code>;

/** The one Refusal class, typed to a trigger's codes so that a misspelt code does not compile. */
export function refusalWithCodes<Code extends string>(): RefusalOf<Code> {
	return Refusal;
}
