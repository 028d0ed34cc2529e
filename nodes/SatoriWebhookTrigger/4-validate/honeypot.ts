import type { ParsedSubmission } from '../3-parse/parseBody';

/** A field hidden from people: anything but blanks in it was typed by a bot. */
export function isHoneypotFilled(submission: ParsedSubmission, honeypotField: string): boolean {
	if (honeypotField === '' || !Object.prototype.hasOwnProperty.call(submission.params, honeypotField)) return false;
	const value = submission.params[honeypotField];
	if (Array.isArray(value)) return value.some((item) => typeof item !== 'string' || item.trim() !== '');
	return value !== null && !(typeof value === 'string' && value.trim() === '');
}
