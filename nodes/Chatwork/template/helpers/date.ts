import type { HelperSpec } from './types';
import { BoundedCache } from '../boundedCache';
import { toText } from '../values';

/** `{{date submittedAt "YYYY-MM-DD HH:mm" tz="UTC"}}`: a date from the data, in the template's time zone. */
export const dateHelper: HelperSpec = {
	inline: [1, 2],
	hash: ['tz'],
	usage: '{{date submittedAt "YYYY-MM-DD HH:mm"}}',
	create: ({ timeZone }) => {
		const fallback = canonicalZone(timeZone) ?? 'UTC';
		return (params, options) => {
			const [value, format] = params;
			if (value === null || value === undefined) return undefined;
			// A literal tz= is checked at compile time; one from the data that is not a zone falls back to the default.
			const zone = options.hash.tz === undefined || options.hash.tz === null ? fallback : (canonicalZone(toText(options.hash.tz)) ?? fallback);
			const epochMs = toEpochMs(value, zone);
			// Something that is not a date (or a date no calendar here can show) is shown as it is rather than lost.
			if (epochMs === undefined) return value;
			return formatDate(epochMs, format === undefined || format === null ? DEFAULT_FORMAT : toText(format), zone);
		};
	},
};

const DEFAULT_FORMAT = 'YYYY-MM-DD HH:mm';

/** Zone names are at most ~32 characters; longer text is not looked up (nor kept). */
const MAX_ZONE_NAME = 64;
const ASCII_CAPITALS = /[A-Z]/g;
/** Any spelling of a zone (`asia/TOKYO`) → its canonical name, or null when it is not a zone. */
const zoneNames = new BoundedCache<string, string | null>(512);
/** By canonical name: about 600 exist, one formatter each at most. */
const formatters = new BoundedCache<string, Intl.DateTimeFormat>(64);

/** The canonical IANA name of a time zone however it is spelt, or undefined when it is not one. */
export function canonicalZone(timeZone: string): string | undefined {
	if (timeZone.length > MAX_ZONE_NAME) return undefined;
	// Zone names match without regard to ASCII case: every spelling of one zone shares one entry.
	const key = timeZone.replace(ASCII_CAPITALS, (letter) => letter.toLowerCase());
	let name = zoneNames.get(key);
	if (name === undefined) {
		try {
			name = new Intl.DateTimeFormat('en-US', { timeZone: key }).resolvedOptions().timeZone;
		} catch {
			name = null;
		}
		zoneNames.set(key, name);
	}
	return name ?? undefined;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	return (
		formatters.get(timeZone) ??
		formatters.set(
			timeZone,
			new Intl.DateTimeFormat('en-US', {
				timeZone,
				hourCycle: 'h23',
				era: 'short',
				year: 'numeric',
				month: 'numeric',
				day: 'numeric',
				hour: 'numeric',
				minute: 'numeric',
				second: 'numeric',
			}),
		)
	);
}

export function isTimeZone(timeZone: string): boolean {
	return canonicalZone(timeZone) !== undefined;
}

export function assertTimeZone(timeZone: string): void {
	if (!isTimeZone(timeZone)) {
		throw new RangeError(`Unknown time zone "${timeZone}". Use an IANA name such as Asia/Tokyo or UTC.`);
	}
}

export interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	weekday: number;
}

/** Offsets by zone and quarter hour: time-zone changes happen on quarter hours, and Intl is slow (~10 µs a call). */
const offsets = new BoundedCache<string, Map<number, number>>(64);
const QUARTER_HOUR = 15 * 60000;
const OFFSETS_PER_ZONE = 4096;

/** Minutes the zone is ahead of UTC at that instant (+540 for Asia/Tokyo). */
function offsetMinutes(epochMs: number, timeZone: string): number {
	const zone = offsets.get(timeZone) ?? offsets.set(timeZone, new Map());
	const quarter = Math.floor(epochMs / QUARTER_HOUR);
	let offset = zone.get(quarter);
	if (offset === undefined) {
		const wall: Record<string, number> = {};
		let beforeChrist = false;
		for (const part of formatToParts(epochMs, timeZone)) {
			if (part.type === 'era') beforeChrist = part.value === 'BC';
			else wall[part.type] = Number(part.value);
		}
		// Year 1 BC is year 0, 2 BC is -1 (ISO 8601, as Date counts).
		const year = beforeChrist ? 1 - wall.year : wall.year;
		const wallAsUtc = utc(year, wall.month, wall.day, wall.hour, wall.minute, wall.second, 0);
		offset = Math.round((wallAsUtc - (epochMs - millisecondsOf(epochMs))) / 60000);
		if (zone.size >= OFFSETS_PER_ZONE) zone.clear();
		zone.set(quarter, offset);
	}
	return offset;
}

function formatToParts(epochMs: number, timeZone: string): Intl.DateTimeFormatPart[] {
	return formatterFor(timeZone).formatToParts(epochMs);
}

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999. */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
	const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second, ms));
	date.setUTCFullYear(year, month - 1, day);
	return date.getTime();
}

function wallClock(epochMs: number, offset: number): WallClock {
	const shifted = new Date(epochMs + offset * 60000);
	return {
		year: shifted.getUTCFullYear(),
		month: shifted.getUTCMonth() + 1,
		day: shifted.getUTCDate(),
		hour: shifted.getUTCHours(),
		minute: shifted.getUTCMinutes(),
		second: shifted.getUTCSeconds(),
		weekday: shifted.getUTCDay(),
	};
}

/** The wall clock of an instant in an IANA time zone (weekday 0 = Sunday); undefined for a zone this runtime does not know. */
export function wallClockIn(epochMs: number, timeZone: string): WallClock | undefined {
	const zone = canonicalZone(timeZone);
	return zone === undefined ? undefined : wallClock(epochMs, offsetMinutes(epochMs, zone));
}

function millisecondsOf(epochMs: number): number {
	return ((epochMs % 1000) + 1000) % 1000;
}

/** Numbers below this are unix seconds, above it milliseconds (1e11 ms is March 1973, 1e11 s is year 5138). */
const SECONDS_LIMIT = 1e11;
/** Date's range is ±8.64e15 ms; a day less leaves room to shift into any time zone. */
const LATEST_MS = 8.64e15 - 86_400_000;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;
/** A date or date-time without a UTC offset, e.g. `2026-11-28 09:00` or `2026年11月28日`: read in the time zone. */
const WALL_TIME =
	/^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?(?:(?:[T\s]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3})\d*)?)?)?$/;

/** ISO strings, unix seconds or milliseconds (numbers or digit strings), Date objects and "now". */
export function toEpochMs(value: unknown, timeZone: string): number | undefined {
	if (value instanceof Date) return finite(value.getTime());
	if (typeof value === 'number') return fromNumber(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (text.toLowerCase() === 'now') return Date.now();
	if (NUMERIC.test(text)) return fromNumber(Number(text));
	const wall = WALL_TIME.exec(text);
	if (wall) return fromWallTime(wall.slice(1).map((part) => (part === undefined ? 0 : Number(part))), wall[7], timeZone);
	return finite(Date.parse(text));
}

function fromNumber(value: number): number | undefined {
	return finite(Math.abs(value) < SECONDS_LIMIT ? Math.round(value * 1000) : Math.round(value));
}

/** An instant every calendar and time zone here can show, or undefined. */
function finite(epochMs: number): number | undefined {
	return Number.isFinite(epochMs) && Math.abs(epochMs) <= LATEST_MS ? epochMs : undefined;
}

function fromWallTime(fields: number[], fraction: string | undefined, timeZone: string): number | undefined {
	const [year, month, day, hour, minute, second] = fields;
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
	const ms = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0'));
	const asUtc = utc(year, month, day, hour, minute, second, ms);
	// The offset at the guess can differ from the offset at the answer around a DST change: correct once.
	const guess = asUtc - offsetMinutes(asUtc, timeZone) * 60000;
	return asUtc - offsetMinutes(guess, timeZone) * 60000;
}

/** Format tokens as in dayjs with the `ja` locale; text in [brackets] is written as is. */
const TOKENS = /\[([^\]]*)\]|YYYY|YY|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|SSS|A|ZZ|Z/g;
const WEEKDAY_JA = ['日', '月', '火', '水', '木', '金', '土'];

type FormatPart = string | ((clock: WallClock, epochMs: number, offset: number) => string);

const FIELDS: Record<string, Exclude<FormatPart, string>> = {
	YYYY: (clock) => (clock.year < 0 ? `-${pad(-clock.year, 4)}` : pad(clock.year, 4)),
	YY: (clock) => pad(((clock.year % 100) + 100) % 100, 2),
	MM: (clock) => pad(clock.month, 2),
	M: (clock) => String(clock.month),
	DD: (clock) => pad(clock.day, 2),
	D: (clock) => String(clock.day),
	dddd: (clock) => `${WEEKDAY_JA[clock.weekday]}曜日`,
	ddd: (clock) => WEEKDAY_JA[clock.weekday],
	HH: (clock) => pad(clock.hour, 2),
	H: (clock) => String(clock.hour),
	hh: (clock) => pad(twelveHour(clock.hour), 2),
	h: (clock) => String(twelveHour(clock.hour)),
	mm: (clock) => pad(clock.minute, 2),
	m: (clock) => String(clock.minute),
	ss: (clock) => pad(clock.second, 2),
	s: (clock) => String(clock.second),
	SSS: (_clock, epochMs) => pad(millisecondsOf(epochMs), 3),
	A: (clock) => (clock.hour < 12 ? '午前' : '午後'),
	ZZ: (_clock, _epochMs, offset) => formatOffset(offset, ''),
	Z: (_clock, _epochMs, offset) => formatOffset(offset, ':'),
};

/** Formats are usually literals in the template: each is split into parts once (a long one from the data is not kept). */
const formats = new BoundedCache<string, FormatPart[]>(256);
const MAX_CACHED_FORMAT = 256;

function partsOf(format: string): FormatPart[] {
	let parts = formats.get(format);
	if (!parts) {
		parts = [];
		let last = 0;
		for (const match of format.matchAll(TOKENS)) {
			const index = match.index ?? 0;
			if (index > last) parts.push(format.slice(last, index));
			parts.push(match[1] ?? FIELDS[match[0]]);
			last = index + match[0].length;
		}
		if (last < format.length) parts.push(format.slice(last));
		if (format.length <= MAX_CACHED_FORMAT) formats.set(format, parts);
	}
	return parts;
}

export function formatDate(epochMs: number, format: string, timeZone: string): string {
	const offset = offsetMinutes(epochMs, timeZone);
	const clock = wallClock(epochMs, offset);
	let text = '';
	for (const part of partsOf(format)) text += typeof part === 'string' ? part : part(clock, epochMs, offset);
	return text;
}

function twelveHour(hour: number): number {
	return hour % 12 === 0 ? 12 : hour % 12;
}

function pad(value: number, width: number): string {
	return String(value).padStart(width, '0');
}

function formatOffset(minutes: number, separator: string): string {
	const sign = minutes < 0 ? '-' : '+';
	const absolute = Math.abs(minutes);
	return `${sign}${pad(Math.floor(absolute / 60), 2)}${separator}${pad(absolute % 60, 2)}`;
}

/** How many entries each process-wide cache of `{{date}}` holds (each is bounded). */
export function dateCacheSizes(): Record<string, number> {
	return { zoneNames: zoneNames.size, formatters: formatters.size, offsetZones: offsets.size, formats: formats.size };
}
