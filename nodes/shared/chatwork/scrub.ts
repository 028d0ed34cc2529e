/** The token must never reach an item, an error or a log, whatever a lower layer put in a text. */
export function scrub(text: string, token: string): string {
	return token ? text.split(token).join('***') : text;
}

/** `scrub` through a parsed body: a server (or a proxy) may echo the token anywhere in it. */
export function scrubValue(value: unknown, token: string): unknown {
	if (!token || value === null || value === undefined) return value;
	if (typeof value === 'string') return scrub(value, token);
	if (typeof value !== 'object' || !JSON.stringify(value).includes(token)) return value;
	if (Array.isArray(value)) return value.map((entry) => scrubValue(entry, token));
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [scrub(key, token), scrubValue(entry, token)]),
	);
}
