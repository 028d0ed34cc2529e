/**
 * The Chatwork Trigger's description as n8n-workflow reads it: versions, the hidden parameter that
 * keeps version 1's body unparsed, and the webhook path n8n resolves on every request.
 */
import fc from 'fast-check';
import {
	NodeHelpers,
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
	type INodeParameters,
} from 'n8n-workflow';

import { ChatworkTrigger } from '../../../nodes/ChatworkTrigger/ChatworkTrigger.node';
import { triggerInWorkflow } from '../support/triggerInWorkflow';

const nodeType = new ChatworkTrigger();
const { description } = nodeType;

/** The node in a real n8n-workflow Workflow, which fills parameter defaults and evaluates expressions. */
function inWorkflow(parameters: INodeParameters, typeVersion = 2) {
	const { workflow, node } = triggerInWorkflow(nodeType, parameters, typeVersion);
	const [webhook] = description.webhooks!;
	return {
		node,
		evaluated: () => workflow.expression.getSimpleParameterValue(node, webhook.path, 'internal', {}),
		native: () => resolveWebhookDescriptionField(node, webhook, 'path'),
	};
}

/** The parameters n8n stores for a node of this version, defaults included (what the editor saves). */
const savedParameters = (typeVersion: number, parameters: INodeParameters = {}) =>
	NodeHelpers.getNodeParameters(description.properties, parameters, true, false, { typeVersion }, description) ?? {};

describe('Chatwork Trigger description', () => {
	it('offers version 2 to new nodes and keeps version 1 for saved workflows', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('stores the hidden Raw Body option (n8n leaves the body unparsed) for version 1 only', () => {
		// n8n 2.40.7 evaluates options.binaryData through its expression engine for every version-1
		// request (an isolate each); version 2 reads the bytes n8n keeps beside the parsed body instead.
		expect(savedParameters(1).options).toEqual({ binaryData: true });
		expect(savedParameters(2)).not.toHaveProperty('options');
	});

	it('lets n8n read the webhook path without its expression engine, with the value the template gives (generated)', () => {
		expect(webhookDescriptionIsNativelyResolvable(description.webhooks![0])).toBe(true);
		const staticText = fc.string().filter((text) => !text.startsWith('='));
		fc.assert(
			fc.property(staticText, fc.constantFrom(1, 2), (path, typeVersion) => {
				const trigger = inWorkflow({ path, events: ['message_created'] }, typeVersion);
				expect(trigger.native()).toEqual({ resolved: true, value: trigger.evaluated() });
			}),
			{ numRuns: 200 },
		);
		// A path written as an expression is left to the engine, as before.
		expect(inWorkflow({ path: '={{ "chatwork" }}' }).native()).toEqual({ resolved: false });
		expect(inWorkflow({ path: '={{ "chatwork" }}' }).evaluated()).toBe('chatwork');
	});
});
