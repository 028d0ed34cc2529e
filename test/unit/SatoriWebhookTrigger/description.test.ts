import fc from 'fast-check';
import {
	NodeHelpers,
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
	type INodeParameters,
	type INodeProperties,
} from 'n8n-workflow';

import { SatoriWebhookTrigger } from '../../../nodes/SatoriWebhookTrigger/SatoriWebhookTrigger.node';
import { triggerInWorkflow } from '../support/triggerInWorkflow';
import { Trigger, jsonBody } from './harness';

/** The node in a real n8n-workflow Workflow, which fills parameter defaults and evaluates expressions. */
function inWorkflow(parameters: INodeParameters) {
	const nodeType = new SatoriWebhookTrigger();
	const { workflow, node } = triggerInWorkflow(nodeType, parameters);
	return {
		outputs: () => NodeHelpers.getNodeOutputs(workflow, node, nodeType.description),
		webhookMethod: (index: number) =>
			workflow.expression.getSimpleParameterValue(
				node,
				nodeType.description.webhooks![index].httpMethod,
				'internal',
				{},
				undefined,
				'GET',
			),
		/** A webhook field as n8n's expression engine evaluates its template. */
		evaluated: (index: number, field: 'httpMethod' | 'path') =>
			workflow.expression.getSimpleParameterValue(node, nodeType.description.webhooks![index][field], 'internal', {}),
		/** The same field as n8n ≥ 2.40 reads it without the engine, when it can. */
		native: (index: number, field: 'httpMethod' | 'path') =>
			resolveWebhookDescriptionField(node, nodeType.description.webhooks![index], field),
	};
}

describe('node description', () => {
	const { description } = new SatoriWebhookTrigger();

	it('is the satoriWebhookTrigger, a trigger without inputs in versions 1 (saved workflows) and 2 (new nodes)', () => {
		expect(description).toMatchObject({
			name: 'satoriWebhookTrigger',
			displayName: 'SATORI Webhook Trigger',
			group: ['trigger'],
			// n8n 2.40.7 reads options.binaryData through its expression engine for every version-1
			// request (an isolate each); version 2 is parsed by n8n, which keeps the non-multipart bytes.
			version: [1, 2],
			defaultVersion: 2,
			inputs: [],
			supportsCORS: true,
		});
	});

	it('has one output, Submission, and a second, Rejected, when switched on', () => {
		expect(inWorkflow({}).outputs()).toEqual([{ type: 'main', displayName: 'Submission' }]);
		expect(inWorkflow({ rejectedOutput: true }).outputs()).toEqual([
			{ type: 'main', displayName: 'Submission' },
			{ type: 'main', displayName: 'Rejected' },
		]);
	});

	it('registers the POST (or PUT) webhook always and the GET test form only when switched on', () => {
		const [main, setup] = description.webhooks!;
		expect(main).toMatchObject({ name: 'default', isFullPath: true, responseMode: 'onReceived' });
		expect(setup.name).toBe('setup');
		expect(inWorkflow({}).webhookMethod(0)).toBe('POST');
		expect(inWorkflow({ httpMethod: 'PUT' }).webhookMethod(0)).toBe('PUT');
		// n8n skips a webhook whose method evaluates to an empty string.
		expect(inWorkflow({}).webhookMethod(1)).toBe('');
		expect(inWorkflow({ options: { testFormPage: true } }).webhookMethod(1)).toBe('GET');
	});

	it('lets n8n read method and path without its expression engine, with the values the templates give', () => {
		for (const webhook of description.webhooks!) expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
		const staticText = fc.string().filter((text) => !text.startsWith('='));
		fc.assert(
			fc.property(
				fc.record(
					{
						httpMethod: fc.constantFrom('POST', 'PUT', 'GET'),
						path: staticText,
						options: fc.record({ testFormPage: fc.boolean(), honeypotField: staticText }, { requiredKeys: [] }),
					},
					{ requiredKeys: [] },
				),
				(parameters) => {
					const node = inWorkflow(parameters);
					for (const index of [0, 1]) {
						for (const field of ['httpMethod', 'path'] as const) {
							expect(node.native(index, field)).toEqual({ resolved: true, value: node.evaluated(index, field) });
						}
					}
				},
			),
			{ numRuns: 200 },
		);
		// A parameter written as an expression leaves the field to the engine, as before.
		expect(inWorkflow({ path: '={{ "lead" }}' }).native(0, 'path')).toEqual({ resolved: false });
		expect(inWorkflow({ path: '={{ "lead" }}' }).evaluated(0, 'path')).toBe('lead');
	});

	it('has an options collection named "options", where n8n adds Allowed Origins (CORS)', () => {
		const options = description.properties.find((property) => property.name === 'options');
		expect(options?.type).toBe('collection');
		// What n8n's loader does for supportsCORS: prepend allowedOrigins to the collection named options.
		const names = [{ name: 'allowedOrigins' }, ...((options?.options ?? []) as INodeProperties[])].map((o) => o.name);
		expect(names.filter((name) => name === 'allowedOrigins')).toHaveLength(1);
	});

	it('offers each credential only with its setting on: the auth one tested by the node itself, the n8n API one by its own Test request', () => {
		expect(description.credentials).toEqual([
			expect.objectContaining({
				name: 'satoriWebhookAuthApi',
				testedBy: 'satoriWebhookAuthApiTest',
				displayOptions: { show: { authentication: ['satoriWebhookAuthApi'] } },
			}),
			{ name: 'satoriKeepSubmissionsApi', required: true, displayOptions: { show: { keepSubmissions: [true] } } },
		]);
	});
});

describe('misconfiguration', () => {
	it.each([
		['a field declared twice', [{ key: 'email', type: 'email' }, { key: 'email', type: 'text' }], /declared twice/],
		['a field without a key', [{ key: ' ', type: 'text' }], /empty key/],
		['a choice without allowed values', [{ key: 'plan', type: 'choice', choices: ' , ' }], /no allowed values/],
	])('reports %s to the workflow owner and runs nothing', async (_case, field, message) => {
		const trigger = await Trigger.start({ parameters: { fields: { field } } });
		const reply = await trigger.send(jsonBody({ email: 'a@example.jp' }));
		expect(reply.status).toBe(500);
		expect(reply.submission).toHaveLength(0);
		expect(String(reply.outcome.error)).toMatch(message);
		await trigger.close();
	});
});
