/**
 * The speed-to-lead examples as files (test/e2e/speedToLead.test.ts runs them in n8n): they use
 * only the Data Table and the columns docs/speed-to-lead.md tells a user to create, with matching
 * types; only the weekly summary has code, and its numbers are what their definitions say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SPEED_TO_LEAD_COLUMNS, SPEED_TO_LEAD_TABLE } = require('../../../scripts/demoSpeedToLead') as {
	SPEED_TO_LEAD_COLUMNS: Array<{ name: string; type: string }>;
	SPEED_TO_LEAD_TABLE: string;
};

interface ExampleNode {
	name: string;
	type: string;
	parameters: {
		dataTableId?: unknown;
		filters?: { conditions?: Array<{ keyName: string }> };
		columns?: { value?: Record<string, string>; schema?: Array<{ id: string; type: string }> };
		jsCode?: string;
	};
}
interface Example {
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const FILES = ['1-owner-and-task', '2-reply-handled', '3-escalation', '4-weekly-summary'].map((name) => `speed-to-lead-${name}.json`);
const examples: Array<[string, Example]> = FILES.map((file) => [file, JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', file), 'utf8'))]);
const tableNodes = (example: Example) => example.nodes.filter((node) => node.type === 'n8n-nodes-base.dataTable');
const columnType = new Map(SPEED_TO_LEAD_COLUMNS.map((column) => [column.name, column.type]));
/** A resource mapper's field type for each Data Table column type. */
const MAPPER_TYPE: Record<string, string> = { string: 'string', number: 'number', date: 'dateTime' };
const SYSTEM_COLUMNS = ['id', 'createdAt', 'updatedAt'];

describe('the speed-to-lead examples', () => {
	it.each(examples)('%s reads and writes only the Data Table the docs describe, column by column', (_file, example) => {
		expect(tableNodes(example).length).toBeGreaterThan(0);
		for (const node of tableNodes(example)) {
			expect(node.parameters.dataTableId).toEqual({ __rl: true, mode: 'name', value: SPEED_TO_LEAD_TABLE });
			for (const condition of node.parameters.filters?.conditions ?? []) {
				expect([...columnType.keys(), ...SYSTEM_COLUMNS]).toContain(condition.keyName);
			}
			for (const field of node.parameters.columns?.schema ?? []) {
				expect([field.id, field.type]).toEqual([field.id, MAPPER_TYPE[columnType.get(field.id) ?? 'missing']]);
			}
			expect(Object.keys(node.parameters.columns?.value ?? {}).sort()).toEqual((node.parameters.columns?.schema ?? []).map((field) => field.id).sort());
		}
	});

	it.each(examples)('%s connects only nodes it has', (_file, example) => {
		const names = new Set(example.nodes.map((node) => node.name));
		expect(names.size).toBe(example.nodes.length);
		for (const [from, { main }] of Object.entries(example.connections)) {
			expect(names).toContain(from);
			for (const target of main.flat()) expect(names).toContain(target.node);
		}
	});

	it('has code only in the weekly summary', () => {
		const withCode = examples.filter(([, example]) => example.nodes.some((node) => node.type === 'n8n-nodes-base.code')).map(([file]) => file);
		expect(withCode).toEqual(['speed-to-lead-4-weekly-summary.json']);
	});

	describe("the weekly summary's numbers", () => {
		const summary = examples[3][1].nodes.find((node) => node.type === 'n8n-nodes-base.code')!;
		type Numbers = { leads: number; handled: number; medianSeconds: number | null; p90Seconds: number | null; median: string; p90: string; escalations: number };
		// The Code node's own text, run the way n8n runs it: a function body with $input in scope.
		const run = new Function('$input', summary.parameters.jsCode as string) as (input: { all(): Array<{ json: object }> }) => Array<{ json: Numbers }>;
		const numbers = (rows: object[]) => run({ all: () => rows.map((json) => ({ json })) })[0].json;
		/** Nearest rank, by its definition: the least time with at least p of the times at or below it. */
		const nearestRank = (times: number[], p: number) => times.filter((t) => times.filter((u) => u <= t).length >= p * times.length).sort((a, b) => a - b)[0] ?? null;

		const row = fc.record({
			id: fc.nat(),
			firstResponseSeconds: fc.option(fc.nat({ max: 30 * 24 * 3600 }), { nil: null }),
			escalatedAt: fc.option(fc.constant('2026-12-07T00:00:00.000Z'), { nil: null }),
		});

		it('counts leads, handled leads and escalations, and gives nearest-rank median and 90th percentile', () => {
			fc.assert(
				fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
					const times = rows.map((r) => r.firstResponseSeconds).filter((t): t is number => t !== null);
					const result = numbers(rows);
					expect(result).toMatchObject({
						leads: rows.length,
						handled: times.length,
						escalations: rows.filter((r) => r.escalatedAt !== null).length,
						medianSeconds: nearestRank(times, 0.5),
						p90Seconds: nearestRank(times, 0.9),
					});
				}),
			);
		});

		it('writes the times as minutes and seconds, "-" when no lead was handled', () => {
			expect(numbers([{ id: 1, firstResponseSeconds: 65 }, { id: 2, firstResponseSeconds: 3725 }, { id: 3, firstResponseSeconds: 9 }])).toMatchObject({ median: '1分05秒', p90: '62分05秒' });
			// What the Data Table node outputs (alwaysOutputData) when no row matched: one empty item.
			expect(numbers([{}])).toEqual({ leads: 0, handled: 0, medianSeconds: null, p90Seconds: null, median: '-', p90: '-', escalations: 0 });
		});
	});
});
