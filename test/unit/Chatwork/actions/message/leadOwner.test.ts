import fc from 'fast-check';

import type { DutyShift, OwnerRule } from '../../../../../nodes/Chatwork/actions/message/leadOwner';
import { chooseOwner, onDuty, pickByKey } from '../../../../../nodes/Chatwork/actions/message/leadOwner';
import { ownerRule } from '../../../../../nodes/Chatwork/actions/message/leadOwner.parameter';

const H = 60;
const weekdays: DutyShift['days'] = ['mon', 'tue', 'wed', 'thu', 'fri'];

function rule(roster: DutyShift[], more: Partial<OwnerRule> = {}): OwnerRule {
	return { accountIds: [], roster, timeZone: 'Asia/Tokyo', holidays: new Set(), fallbackAccountId: 900, ...more };
}

/** An instant given as Tokyo wall time (UTC+9, no DST). */
const tokyo = (wall: string) => new Date(`${wall}+09:00`);

describe('the duty roster (当番表)', () => {
	const day = { days: weekdays, from: 9 * H, to: 18 * H, accountIds: [101, 102] };
	const night = { days: weekdays, from: 22 * H, to: 6 * H, accountIds: [201] };

	it('puts the day shift on duty from its start up to, not including, its end, in the roster\'s time zone', () => {
		// 2026-12-07 is a Monday.
		expect(onDuty(rule([day]), tokyo('2026-12-07T08:59:59'))).toEqual([]);
		expect(onDuty(rule([day]), tokyo('2026-12-07T09:00:00'))).toEqual([101, 102]);
		expect(onDuty(rule([day]), tokyo('2026-12-07T17:59:59'))).toEqual([101, 102]);
		expect(onDuty(rule([day]), tokyo('2026-12-07T18:00:00'))).toEqual([]);
		// 09:30 in Tokyo is 00:30 UTC: the same instant read in UTC is before the shift.
		expect(onDuty(rule([day], { timeZone: 'UTC' }), tokyo('2026-12-07T09:30:00'))).toEqual([]);
		// New York, with its DST: 09:30 EST on a Monday.
		expect(onDuty(rule([day], { timeZone: 'America/New_York' }), new Date('2026-12-07T14:30:00Z'))).toEqual([101, 102]);
	});

	it('runs a shift over midnight into the next day, belonging to the day it starts', () => {
		// Friday 23:00 and Saturday 05:59 are Friday's night shift; Saturday 23:00 is no one's.
		expect(onDuty(rule([night]), tokyo('2026-12-11T23:00:00'))).toEqual([201]);
		expect(onDuty(rule([night]), tokyo('2026-12-12T05:59:00'))).toEqual([201]);
		expect(onDuty(rule([night]), tokyo('2026-12-12T06:00:00'))).toEqual([]);
		expect(onDuty(rule([night]), tokyo('2026-12-12T23:00:00'))).toEqual([]);
		// Monday 03:00 follows Sunday night, which is not on the roster.
		expect(onDuty(rule([night]), tokyo('2026-12-07T03:00:00'))).toEqual([]);
		expect(onDuty(rule([night]), tokyo('2026-12-08T03:00:00'))).toEqual([201]);
	});

	it('reads From equal to To as 24 hours from From', () => {
		const allDay = { days: ['sat' as const], from: 10 * H, to: 10 * H, accountIds: [301] };
		expect(onDuty(rule([allDay]), tokyo('2026-12-12T10:00:00'))).toEqual([301]);
		expect(onDuty(rule([allDay]), tokyo('2026-12-13T09:59:00'))).toEqual([301]);
		expect(onDuty(rule([allDay]), tokyo('2026-12-13T10:00:00'))).toEqual([]);
		expect(onDuty(rule([allDay]), tokyo('2026-12-12T09:59:00'))).toEqual([]);
	});

	it('starts no shift on a holiday, but lets the night shift of the day before run into it', () => {
		const holidays = new Set(['2026-12-31']);
		expect(onDuty(rule([day], { holidays }), tokyo('2026-12-31T10:00:00'))).toEqual([]);
		expect(onDuty(rule([night], { holidays }), tokyo('2026-12-31T03:00:00'))).toEqual([201]);
		expect(onDuty(rule([night], { holidays }), tokyo('2026-12-31T23:00:00'))).toEqual([]);
		expect(onDuty(rule([night], { holidays }), tokyo('2027-01-01T03:00:00'))).toEqual([]);
	});

	it('joins overlapping shifts, each account once, in roster order', () => {
		const late = { days: weekdays, from: 12 * H, to: 20 * H, accountIds: [102, 103] };
		expect(onDuty(rule([day, late]), tokyo('2026-12-07T13:00:00'))).toEqual([101, 102, 103]);
		expect(onDuty(rule([day, late]), tokyo('2026-12-07T19:00:00'))).toEqual([102, 103]);
	});

	it('gives the lead to the fallback outside every shift and on holidays, else to someone on duty', () => {
		expect(chooseOwner(rule([day]), tokyo('2026-12-12T10:00:00'), 'lead-1')).toEqual({ accountId: 900, by: 'fallback' });
		expect(chooseOwner(rule([day], { holidays: new Set(['2026-12-07']) }), tokyo('2026-12-07T10:00:00'), 'lead-1')).toEqual({ accountId: 900, by: 'fallback' });
		const owner = chooseOwner(rule([day]), tokyo('2026-12-07T10:00:00'), 'lead-1');
		expect(owner).toMatchObject({ by: 'roster' });
		expect([101, 102]).toContain(owner.accountId);
	});

	it('says why when there is nobody to choose', () => {
		expect(chooseOwner(rule([day], { fallbackAccountId: null }), tokyo('2026-12-12T10:00:00'), 'k')).toEqual({
			none: 'Nobody on the duty roster is on duty at this time, and Lead Owner has no Fallback Owner.',
		});
		expect(chooseOwner(rule([], { fallbackAccountId: null }), new Date(), 'k')).toEqual({
			none: 'Lead Owner has no Owners, Duty Roster or Fallback Owner to choose from.',
		});
		expect(chooseOwner(rule([], { accountIds: [5, 6] }), new Date(), 'k')).toMatchObject({ by: 'roundRobin' });
	});

	it('is on duty exactly when the wall clock is inside a shift (generated instants, shifts and zones)', () => {
		const zone = fc.constantFrom('Asia/Tokyo', 'UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata');
		const minute = fc.integer({ min: 0, max: 24 * H - 1 });
		fc.assert(
			fc.property(zone, minute, minute, fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }), (timeZone, from, to, at) => {
				const shift: DutyShift = { days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from, to, accountIds: [1] };
				const wall = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(at));
				const now = Number(wall.find((p) => p.type === 'hour')!.value) * H + Number(wall.find((p) => p.type === 'minute')!.value);
				const inside = from < to ? now >= from && now < to : now >= from || now < to;
				expect(onDuty(rule([shift], { timeZone }), new Date(at))).toEqual(inside ? [1] : []);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('round robin by the lead\'s key', () => {
	it('gives the same lead the same owner every time, and always one of the accounts', () => {
		fc.assert(
			fc.property(fc.string(), fc.uniqueArray(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 20 }), (key, accounts) => {
				const owner = pickByKey(accounts, key);
				expect(accounts).toContain(owner);
				expect(pickByKey([...accounts], key)).toBe(owner);
			}),
		);
	});

	it('spreads generated identities evenly: each of 2–7 owners within 3 % of an equal share over 12,000 leads', () => {
		fc.assert(
			fc.property(fc.integer({ min: 2, max: 7 }), fc.string({ minLength: 1, maxLength: 8 }), (owners, prefix) => {
				const accounts = Array.from({ length: owners }, (_, index) => 100 + index);
				const counts = new Map<number, number>();
				const leads = 12_000;
				for (let lead = 0; lead < leads; lead++) {
					const owner = pickByKey(accounts, `${prefix}-${lead}@example.jp`);
					counts.set(owner, (counts.get(owner) ?? 0) + 1);
				}
				for (const account of accounts) expect(Math.abs((counts.get(account) ?? 0) / leads - 1 / owners)).toBeLessThan(0.03);
			}),
			{ numRuns: 20 },
		);
	});
});

describe('Lead Owner settings', () => {
	it('reads the roster, holidays and fallback, in the workflow\'s time zone unless one is given', () => {
		const read = ownerRule(
			{
				roster: { entries: [{ days: ['mon', 'tue'], from: '9:00', to: '24:00', accountIds: '101、102' }] },
				holidays: '2026-12-31, 2027-01-01',
				fallbackAccountId: '100',
				accountIds: '',
			},
		);
		expect(read).toEqual({
			accountIds: [],
			roster: [{ days: ['mon', 'tue'], from: 9 * H, to: 24 * H, accountIds: [101, 102] }],
			timeZone: 'Asia/Tokyo',
			holidays: new Set(['2026-12-31', '2027-01-01']),
			fallbackAccountId: 100,
		});
	});

	it.each([
		[{ timeZone: 'Mars/Olympus' }, 'Lead Owner → Time Zone "Mars/Olympus" is not a time zone name such as Asia/Tokyo.'],
		[{ holidays: '12/31' }, 'Lead Owner → Holidays: "12/31" is not a date like 2026-12-31.'],
		[{ roster: { entries: [{ from: '25:00', to: '18:00', accountIds: '1' }] } }, 'Lead Owner → Duty Roster, shift 1: From "25:00" is not a time like 09:00.'],
		[{ roster: { entries: [{ from: '09:00', to: '18:00', accountIds: '' }] } }, 'Lead Owner → Duty Roster, shift 1: add the account IDs on duty.'],
		[{ accountIds: '101, abc' }, 'Lead Owner → Owners (Round Robin) "101, abc" is not a list of Chatwork account IDs such as "101, 102".'],
		[{ fallbackAccountId: '1, 2' }, 'Lead Owner → Fallback Owner takes one account ID.'],
	])('refuses %j with what is wrong', (settings, message) => {
		expect(() => ownerRule(settings)).toThrow(message);
	});
});
