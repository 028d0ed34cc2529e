import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** The end of the link URL (Create Link, Update Link, and Create's Invitation Link Code). */
export const linkCodeField: INodeProperties = {
	displayName: 'Code',
	name: 'code',
	type: 'string',
	default: '',
	placeholder: 'e.g. sample-deal',
	description: 'The end of the link URL: letters, digits, - and _ (1–50). Empty: random.',
};

/** Whether joining needs approval (Create Link, Update Link, and Create's Link Needs Approval). */
export const linkApprovalField: INodeProperties = {
	displayName: 'Needs Approval',
	name: 'needAcceptance',
	type: 'boolean',
	default: true,
	description: 'Whether joining through the link needs an admin\'s approval',
};

/** The fields of an invitation link (code, approval, description) for Create and Update Link. */
export const linkFields: INodeProperties = {
	displayName: 'Link Fields',
	name: 'linkFields',
	type: 'collection',
	placeholder: 'Add field',
	default: {},
	description: 'Settings of the invitation link; those not added keep Chatwork\'s default (or current) value',
	options: [
		linkCodeField,
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'Text shown on the invitation page',
		},
		linkApprovalField,
	],
};

/** The link fields an item sets, as Chatwork's form (only those added). */
export function readLinkForm(ctx: IExecuteFunctions, itemIndex: number): Record<string, string | number> {
	const values = ctx.getNodeParameter('linkFields', itemIndex, {}) as IDataObject;
	const form: Record<string, string | number> = {};
	if (values.code !== undefined && String(values.code).trim() !== '') form.code = String(values.code).trim();
	if (values.description !== undefined) form.description = String(values.description);
	if (values.needAcceptance !== undefined) form.need_acceptance = values.needAcceptance ? 1 : 0;
	return form;
}
