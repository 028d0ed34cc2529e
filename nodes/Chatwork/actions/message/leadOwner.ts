import { createHash } from 'node:crypto';

import { wallClock } from '../shared/wallClock';

/**
 * Who owns a lead (issue #27): the duty roster (当番表) says who is on duty when the lead came in,
 * round robin over them picks one by the lead's key, and the fallback covers nights and holidays.
 * No shared state: the same lead (key and time) gives the same owner on any worker, in any retry.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One roster line: on these days (the day a shift starts), from–to local time, these accounts. */
export interface DutyShift {
	days: Weekday[];
	/** Minutes after local midnight. `to` ≤ `from` runs over midnight into the next day; equal is 24 hours. */
	from: number;
	to: number;
	accountIds: number[];
}

export interface OwnerRule {
	/** Round robin over these when there is no roster. */
	accountIds: number[];
	roster: DutyShift[];
	/** IANA time zone the roster is written in. */
	timeZone: string;
	/** Local dates (YYYY-MM-DD) on which no shift starts. */
	holidays: Set<string>;
	fallbackAccountId: number | null;
}

export type OwnerChoice =
	| { accountId: number; by: 'roster' | 'roundRobin' | 'fallback' }
	| { accountId?: undefined; none: string };

/** The local calendar date, weekday and minute of the day of an instant in a time zone. */
interface LocalTime {
	date: string;
	weekday: Weekday;
	minute: number;
}

function localTime(at: Date, timeZone: string): LocalTime {
	const wall = wallClock(at, timeZone);
	if (!wall) throw new Error(`"${timeZone}" is not a time zone name such as Asia/Tokyo.`);
	return {
		date: `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`,
		weekday: wall.weekday as Weekday,
		minute: wall.hour * 60 + wall.minute,
	};
}

/** Whether a time zone name is one this runtime knows. */
export function isTimeZone(name: string): boolean {
	return wallClock(new Date(), name) !== undefined;
}

/** The accounts on duty at an instant, in roster order, each once. */
export function onDuty(rule: Pick<OwnerRule, 'roster' | 'timeZone' | 'holidays'>, at: Date): number[] {
	const today = localTime(at, rule.timeZone);
	// A minute before local midnight: yesterday's date and weekday, for a shift that runs past midnight.
	const yesterday = localTime(new Date(at.getTime() - (today.minute + 1) * 60_000), rule.timeZone);
	const accounts: number[] = [];
	for (const shift of rule.roster) {
		const overnight = shift.to <= shift.from;
		const startedToday =
			shift.days.includes(today.weekday) && !rule.holidays.has(today.date) && today.minute >= shift.from && (overnight || today.minute < shift.to);
		const startedYesterday =
			overnight && shift.days.includes(yesterday.weekday) && !rule.holidays.has(yesterday.date) && today.minute < shift.to;
		if (startedToday || startedYesterday) accounts.push(...shift.accountIds);
	}
	return [...new Set(accounts)];
}

/** One of the accounts, the same one for the same key: a hash of the key, not a counter anyone shares. */
export function pickByKey(accountIds: number[], key: string): number {
	const digest = createHash('sha256').update(key).digest();
	// 48 bits of the hash: the remainder's bias over a few dozen accounts is far below a millionth.
	return accountIds[digest.readUIntBE(0, 6) % accountIds.length];
}

/** The lead's owner at the time it came in, or why there is none. */
export function chooseOwner(rule: OwnerRule, at: Date, key: string): OwnerChoice {
	if (rule.roster.length > 0) {
		const duty = onDuty(rule, at);
		if (duty.length > 0) return { accountId: pickByKey(duty, key), by: 'roster' };
		if (rule.fallbackAccountId !== null) return { accountId: rule.fallbackAccountId, by: 'fallback' };
		if (rule.accountIds.length > 0) return { accountId: pickByKey(rule.accountIds, key), by: 'roundRobin' };
		return { none: 'Nobody on the duty roster is on duty at this time, and Lead Owner has no Fallback Owner.' };
	}
	if (rule.accountIds.length > 0) return { accountId: pickByKey(rule.accountIds, key), by: 'roundRobin' };
	if (rule.fallbackAccountId !== null) return { accountId: rule.fallbackAccountId, by: 'fallback' };
	return { none: 'Lead Owner has no Owners, Duty Roster or Fallback Owner to choose from.' };
}
