import type { FieldError } from './issues';
import type { RejectionCode } from './messages';

/**
 * A request the trigger refuses with a 4xx. Every step throws one of these; the
 * pipeline turns it into the answer and emits nothing on `Submission`.
 */
export class Rejection extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 413 | 415,
		readonly code: RejectionCode,
		/** Filled into the message (a limit, a field name); never a secret. */
		readonly detail = '',
		readonly fieldErrors: FieldError[] = [],
		/** WWW-Authenticate value of a 401, so a browser can ask for Basic credentials. */
		readonly challenge?: string,
	) {
		super(code);
	}

	/** Authentication failures are answered plainly; a redirect would help nobody but a prober. */
	get mayRedirect(): boolean {
		return this.status !== 401 && this.status !== 403;
	}
}

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

/** The same for asynchronous work. */
export async function rejectOnFailure<T>(
	work: () => Promise<T>,
	toRejection: (error: unknown) => Rejection,
): Promise<T> {
	let failure: unknown;
	try {
		return await work();
	} catch (error) {
		failure = error;
	}
	throw toRejection(failure);
}
