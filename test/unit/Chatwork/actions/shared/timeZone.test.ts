import fc from 'fast-check';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { Chatwork } from '../../../../../nodes/Chatwork/Chatwork.node';
import { ROOM, room, run, useServer } from '../../harness';

const server = useServer();

async function listedZones(): Promise<string[]> {
	const options = await new Chatwork().methods.loadOptions.getTimeZones.call({} as ILoadOptionsFunctions);
	expect(options.every((option) => option.name === option.value)).toBe(true);
	return options.map((option) => String(option.value));
}

/** The wall clock of an instant in a zone, as Intl (the platform's time-zone data) gives it. */
function wallClock(instant: Date, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
	}).formatToParts(instant);
	const part = (type: string) => parts.find((entry) => entry.type === type)!.value;
	return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

async function sentAt(submittedAt: string, options: Record<string, unknown>): Promise<string> {
	const result = await run(
		server(),
		{ resource: 'message', operation: 'send', roomId: room(ROOM), text: '{{date submittedAt "YYYY-MM-DD HH:mm"}}', options },
		{ items: [{ submittedAt }] },
	);
	expect(result.error).toEqual([]);
	return String(result.success[0].json.message);
}

// Each generated case runs a whole workflow in n8n-core; 60 of them outlast Jest's 5 s default on a busy machine.
jest.setTimeout(60_000);

describe('Chatwork → Options → Time Zone', () => {
	it('is a searchable list of zones (loaded options), default Asia/Tokyo, stored as the plain zone name', () => {
		const timeZone = new Chatwork().description.properties
			.flatMap((property) => (property.type === 'collection' ? (property.options as Array<{ name: string }>) : []))
			.filter((option) => option.name === 'timeZone');

		expect(timeZone.length).toBeGreaterThan(0);
		for (const option of timeZone) {
			expect(option).toMatchObject({ type: 'options', default: 'Asia/Tokyo', typeOptions: { loadOptionsMethod: 'getTimeZones' } });
		}
	});

	it('lists every IANA zone once, sorted, with Asia/Tokyo and UTC among them', async () => {
		const zones = await listedZones();

		expect(zones).toEqual(expect.arrayContaining(['Asia/Tokyo', 'UTC', 'America/New_York', 'Europe/Berlin']));
		expect(new Set(zones).size).toBe(zones.length);
		expect(zones).toEqual([...zones].sort((a, b) => a.localeCompare(b)));
	});

	it('keeps saved workflows working: no value means Asia/Tokyo, and a stored zone name still applies', async () => {
		expect(await sentAt('2026-01-01T00:00:00Z', {})).toBe('2026-01-01 09:00');
		expect(await sentAt('2026-01-01T00:00:00Z', { timeZone: 'UTC' })).toBe('2026-01-01 00:00');
		expect(await sentAt('2026-07-01T00:00:00Z', { timeZone: 'Europe/Berlin' })).toBe('2026-07-01 02:00');
	});

	it('renders {{date}} on the wall clock of any listed zone, for any instant', async () => {
		const zones = await listedZones();
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...zones),
				fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
				async (timeZone, instant) => {
					expect(await sentAt(instant.toISOString(), { timeZone })).toBe(wallClock(instant, timeZone));
				},
			),
			{ numRuns: 60 },
		);
	});
});
