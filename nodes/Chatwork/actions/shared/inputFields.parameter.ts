import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** What identifies a lead from the SATORI Webhook Trigger, so an Error item can name it. */
const LEAD_FIELDS = 'submissionId, company, name, email';

/** n8n's usual Include Input Fields, for the history item's `input`. */
export const includeInputFields: INodeProperties[] = [
	{
		displayName: 'Include Input Fields',
		name: 'includeInputFields',
		type: 'options',
		default: 'selected',
		options: [
			{ name: 'All', value: 'all', description: 'Every field of the incoming item' },
			{ name: 'None', value: 'none', description: 'The history item has no input field' },
			{ name: 'Selected', value: 'selected', description: 'The fields listed below, when the item has them' },
		],
		description: 'Which fields of the incoming item the history item carries in "input", so a Success or Error item can be traced to its lead without an expression',
	},
	{
		displayName: 'Fields to Include',
		name: 'inputFieldsToInclude',
		type: 'string',
		default: 'submissionId, company, name, email',
		placeholder: `e.g. ${LEAD_FIELDS}, params.会社名`,
		description: 'Comma-separated field names; a dot reaches into an object (params.company). Fields the item lacks are left out.',
		displayOptions: { show: { includeInputFields: ['selected'] } },
	},
];

/** The `input` of each history item, read once per execution; undefined when None is chosen. */
export function inputFieldsPicker(ctx: IExecuteFunctions): ((json: IDataObject) => IDataObject) | undefined {
	const mode = ctx.getNodeParameter('includeInputFields', 0, 'selected') as string;
	if (mode === 'none') return undefined;
	if (mode === 'all') return (json) => ({ ...json });
	const names = String(ctx.getNodeParameter('inputFieldsToInclude', 0, LEAD_FIELDS) ?? '')
		.split(/[,、]/)
		.map((name) => name.trim())
		.filter(Boolean);
	return (json) => {
		const input: IDataObject = {};
		for (const name of names) {
			const value = name.split('.').reduce<unknown>((object, key) => (object !== null && typeof object === 'object' && Object.hasOwn(object, key) ? (object as IDataObject)[key] : undefined), json);
			if (value !== undefined) input[name] = value as IDataObject[string];
		}
		return input;
	};
}
