import { compileTemplate } from '../../../../nodes/Chatwork/template';
import { dateCacheSizes } from '../../../../nodes/Chatwork/template/helpers/date';

/** The n-th of the 2^26 upper/lower-case spellings of one zone name. */
function spelling(n: number): string {
	let bit = 0;
	return 'America/Argentina/Buenos_Aires'.replace(/[a-z]/gi, (letter) => ((n >> bit++) & 1 ? letter.toUpperCase() : letter.toLowerCase()));
}

describe('the caches of the template engine', () => {
	it('read a tz= from the data in any spelling of the zone, one cache entry per zone', () => {
		const render = compileTemplate('{{date t "HH:mm Z" tz=zone}}');
		const shown = new Set<string>();
		for (let n = 0; n < 5000; n++) shown.add(render({ t: '2026-11-28T00:30:00Z', zone: spelling(n) }));

		expect([...shown]).toEqual(['21:30 -03:00']);
		const sizes = dateCacheSizes();
		expect(sizes.formatters).toBeLessThanOrEqual(2);
		expect(sizes.offsetZones).toBeLessThanOrEqual(2);
	});

	it('stay bounded whatever zone names, formats and dates the data brings', () => {
		const render = compileTemplate('{{date t format tz=zone}}');
		const zones = Intl.supportedValuesOf('timeZone');
		for (let n = 0; n < 3000; n++) {
			render({ t: n * 86_400_000 * 37, format: `YYYY [${n}]`, zone: n % 2 ? zones[n % zones.length] : `${spelling(n)}/${n}` });
		}

		const sizes = dateCacheSizes();
		expect(sizes.zoneNames).toBeLessThanOrEqual(512);
		expect(sizes.formatters).toBeLessThanOrEqual(64);
		expect(sizes.offsetZones).toBeLessThanOrEqual(64);
		expect(sizes.formats).toBeLessThanOrEqual(256);
	});

	it('do not keep zone names or formats longer than any real one', () => {
		const render = compileTemplate('{{date t format tz=zone}}');
		const before = dateCacheSizes();
		expect(render({ t: '2026-11-28T00:30:00Z', format: 'x'.repeat(10_000), zone: 'Asia/Tokyo'.padEnd(100_000, ' ') })).toBe('x'.repeat(10_000));
		expect(dateCacheSizes()).toEqual(before);
	});
});
