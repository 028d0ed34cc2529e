import { Workflow, type INode, type INodeParameters, type INodeType, type INodeTypes } from 'n8n-workflow';

/**
 * A trigger node alone in a real n8n-workflow Workflow, which fills parameter defaults and
 * evaluates expressions as n8n does; the workflow and the node as the Workflow holds them.
 */
export function triggerInWorkflow(nodeType: INodeType, parameters: INodeParameters, typeVersion = 1): { workflow: Workflow; node: INode } {
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({
		id: 'wf',
		nodes: [
			{
				id: 'n1',
				name: 'Trigger',
				type: `n8n-nodes-satori-chatwork.${nodeType.description.name}`,
				typeVersion,
				position: [0, 0],
				webhookId: 'hook-id',
				parameters,
			},
		],
		connections: {},
		active: false,
		nodeTypes,
	});
	return { workflow, node: workflow.getNode('Trigger')! };
}
