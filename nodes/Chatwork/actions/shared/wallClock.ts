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

/** Formatters by zone name (null: a zone this runtime does not know); bounded, as a zone may come from an expression. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const MAX_ZONES = 64;

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
	let format = formatters.get(timeZone);
	if (format !== undefined) return format;
	try {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			weekday: 'short',
		});
	} catch {
		format = null;
	}
	if (formatters.size < MAX_ZONES) formatters.set(timeZone, format);
	return format;
}

/** The wall clock of an instant in an IANA time zone; undefined for a zone this runtime does not know. */
export function wallClock(at: Date, timeZone: string): WallClock | undefined {
	const format = formatterFor(timeZone);
	if (!format) return undefined;
	const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
	return {
		year: Number(parts.year),
		month: Number(parts.month),
		day: Number(parts.day),
		hour: Number(parts.hour),
		minute: Number(parts.minute),
		second: Number(parts.second),
		weekday: String(parts.weekday).toLowerCase().slice(0, 3),
	};
}
