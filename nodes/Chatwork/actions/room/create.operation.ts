import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ChatworkOperation, ItemPlan } from '../operation';
import { requestPlan } from '../operation';
import { memberListFields, readMemberLists } from '../shared/accounts.parameter';
import { templateRenderer } from '../shared/templateRenderer';
import { readTemplateOptions, templateOptionsCollection } from '../shared/text.parameter';
import { linkApprovalField, linkCodeField } from './link.parameter';
import { iconPresetField, roomDescriptionField } from './roomSettings.parameter';

const show = { resource: ['room'], operation: ['create'] };

const description: INodeProperties[] = [
	{
		displayName: 'Room Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 【案件】{{company}}',
		description: 'Name of the new group chat (1–255 characters), a template like Send\'s: {{company}} inserts a field of the incoming item',
		displayOptions: { show },
	},
	...memberListFields('contacts', show, 'Accounts with admin rights; include yourself'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description: 'Optional settings of the new room',
		displayOptions: { show },
		options: [
			roomDescriptionField,
			iconPresetField,
			{
				displayName: 'Invitation Link',
				name: 'link',
				type: 'boolean',
				default: false,
				description: 'Whether to create an invitation link for the room',
			},
			{ ...linkCodeField, displayName: 'Invitation Link Code', name: 'linkCode' },
			{ ...linkApprovalField, displayName: 'Link Needs Approval', name: 'linkNeedAcceptance' },
		],
	},
	templateOptionsCollection(show),
];

function prepare(this: IExecuteFunctions) {
	const choice = readTemplateOptions(this);
	const renderName = templateRenderer(this, choice, 'name', 'Room Name');
	const renderDescription = templateRenderer(this, choice, 'additionalFields.description', 'Description');
	return (itemIndex: number): ItemPlan => {
		const fields = { roomId: null as number | null };
		const renderedName = renderName(itemIndex);
		if (renderedName.notSent !== undefined) return { notSent: renderedName.notSent, fields };
		const name = renderedName.text.trim();
		if (name === '') return { notSent: 'The room needs a name.', fields };
		const members = readMemberLists(this, itemIndex);
		if (members.notSent) return { notSent: members.notSent, fields };
		const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const form: Record<string, string | number> = { name, ...members.form };
		if (extra.description) {
			const description = renderDescription(itemIndex);
			if (description.notSent !== undefined) return { notSent: description.notSent, fields };
			form.description = description.text;
		}
		if (extra.iconPreset) form.icon_preset = String(extra.iconPreset);
		if (extra.link) {
			form.link = 1;
			if (extra.linkCode) form.link_code = String(extra.linkCode).trim();
			form.link_need_acceptance = extra.linkNeedAcceptance === false ? 0 : 1;
		}
		return requestPlan({ method: 'POST', path: '/rooms', form }, fields);
	};
}

export const create: ChatworkOperation = {
	description,
	prepare,
	fieldsFromOutcome(outcome) {
		const roomId = (outcome.responses.at(-1)?.body as { room_id?: unknown } | null)?.room_id;
		return typeof roomId === 'number' ? { roomId } : {};
	},
};
