import { wallClockIn } from '../../template/helpers/date';

/** What a clock on the wall shows at an instant in a time zone. */
export interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	/** `sun` … `sat`. */
	weekday: string;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * The wall clock of an instant in an IANA time zone; undefined for a zone this runtime does not know.
 * The template's date helpers do the time-zone work (one formatter and offset cache for the node).
 */
export function wallClock(at: Date, timeZone: string): WallClock | undefined {
	const wall = wallClockIn(at.getTime(), timeZone);
	return wall && { ...wall, weekday: WEEKDAYS[wall.weekday] };
}
