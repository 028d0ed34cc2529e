/**
 * The Keep Submissions example as a file (test/e2e/queueMode.test.ts runs it in n8n's queue mode,
 * a worker killed): it keeps into the table the trigger's Data Table setting names, reads and deletes
 * only the columns docs/keep-submissions.md tells a user to create, and turns Look in the Room First
 * on for the recovered leads only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { KEEP_COLUMNS } from '../../../nodes/SatoriWebhookTrigger/6-keep/keepSubmission';

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- workflow JSON
	credentials?: Record<string, unknown>;
}
const example = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'satori-to-chatwork-keep-submissions.json'), 'utf8')) as {
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};
const node = (name: string) => example.nodes.find((entry) => entry.name === name)!;
const trigger = example.nodes.find((entry) => entry.type.endsWith('.satoriWebhookTrigger'))!;

describe('examples/satori-to-chatwork-keep-submissions.json', () => {
	it('keeps every submission, in the table its Data Table nodes use, with the n8n API credential', () => {
		expect(trigger.parameters).toMatchObject({ keepSubmissions: true, keepDataTable: 'SATORI submissions' });
		expect(Object.keys(trigger.credentials ?? {})).toEqual(['satoriKeepSubmissionsApi']);
		const tables = example.nodes.filter((entry) => entry.type === 'n8n-nodes-base.dataTable');
		expect(tables.map((entry) => entry.parameters.dataTableId)).toEqual(tables.map(() => ({ __rl: true, mode: 'name', value: 'SATORI submissions' })));
		const columns = KEEP_COLUMNS.map((column) => column.name);
		for (const table of tables) for (const condition of table.parameters.filters.conditions) expect(columns).toContain(condition.keyName);
		expect(node('Rows left behind').parameters.filters.conditions).toEqual([{ keyName: 'receivedAt', condition: 'lt', keyValue: '={{ $now.minus({ minutes: 10 }).toISO() }}' }]);
	});

	it('sends both paths through one Chatwork node, which looks in the room first for recovered leads only', () => {
		expect(example.connections['SATORI Webhook Trigger'].main[0]).toEqual([expect.objectContaining({ node: 'Chatwork' })]);
		expect(example.connections['Back to a lead'].main[0]).toEqual([expect.objectContaining({ node: 'Chatwork' })]);
		expect(node('Back to a lead').parameters.jsonOutput).toContain('recovered: true');
		expect(node('Chatwork').parameters.options).toEqual({ lookInRoomFirst: '={{ $json.recovered === true }}' });
	});

	it('forgets the row after either outcome, by the submissionId the history item carries in input by default', () => {
		expect(example.connections.Chatwork.main.map((output) => output.map((link) => link.node))).toEqual([['Forget the row'], ['Forget the row']]);
		expect(node('Forget the row').parameters).toMatchObject({
			operation: 'deleteRows',
			filters: { conditions: [{ keyName: 'submissionId', condition: 'eq', keyValue: '={{ $json.input.submissionId }}' }] },
		});
		expect(node('Chatwork').parameters.includeInputFields).toBeUndefined();
	});

	it('declares no file field: files are not kept in the table', () => {
		expect(trigger.parameters.fieldList).not.toMatch(/\|\s*file\b/);
	});
});
