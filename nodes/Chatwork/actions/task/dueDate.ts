import { wallClock } from '../shared/wallClock';

/**
 * The task deadline as Chatwork's unix seconds. A date-time without an offset (what the n8n date
 * picker stores) is read in the workflow's time zone; one with an offset or a number is absolute.
 */
export function toUnixSeconds(value: unknown, timeZone: string): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.floor(value > 1e11 ? value / 1000 : value) : undefined;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : Math.floor(value.getTime() / 1000);
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return toUnixSeconds((value as { toISO: () => string }).toISO(), timeZone);
	}
	const text = String(value ?? '').trim();
	if (/^\d+$/.test(text)) return toUnixSeconds(Number(text), timeZone);
	const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(text);
	if (local) {
		const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
		const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
		// The zone's offset at that moment; a second pass settles DST edges.
		let epoch = wall - offsetMs(wall, timeZone);
		epoch = wall - offsetMs(epoch, timeZone);
		return Number.isNaN(epoch) ? undefined : Math.floor(epoch / 1000);
	}
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : Math.floor(parsed / 1000);
}

function offsetMs(epoch: number, timeZone: string): number {
	const wall = wallClock(new Date(epoch), timeZone);
	if (!wall) return NaN;
	const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
	return asUtc - Math.floor(epoch / 1000) * 1000;
}
