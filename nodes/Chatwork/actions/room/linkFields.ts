import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** The fields of an invitation link (code, approval, description) for Create and Update Link. */
export const linkFields: INodeProperties = {
	displayName: 'Link Fields',
	name: 'linkFields',
	type: 'collection',
	placeholder: 'Add field',
	default: {},
	description: 'Settings of the invitation link; those not added keep Chatwork\'s default (or current) value',
	options: [
		{
			displayName: 'Code',
			name: 'code',
			type: 'string',
			default: '',
			placeholder: 'e.g. sample-deal',
			description: 'The end of the link URL: letters, digits, - and _ (1–50). Empty: random.',
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'Text shown on the invitation page',
		},
		{
			displayName: 'Needs Approval',
			name: 'needAcceptance',
			type: 'boolean',
			default: true,
			description: 'Whether joining through the link needs an admin\'s approval',
		},
	],
};

export function linkForm(ctx: IExecuteFunctions, itemIndex: number): Record<string, string | number> {
	const values = ctx.getNodeParameter('linkFields', itemIndex, {}) as IDataObject;
	const form: Record<string, string | number> = {};
	if (values.code !== undefined && String(values.code).trim() !== '') form.code = String(values.code).trim();
	if (values.description !== undefined) form.description = String(values.description);
	if (values.needAcceptance !== undefined) form.need_acceptance = values.needAcceptance ? 1 : 0;
	return form;
}
