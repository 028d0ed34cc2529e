import type { IDataObject } from 'n8n-workflow';

import { iconPresetField, roomDescriptionField } from './roomFields';
import { roomOperation } from './roomRequest';

export const update = roomOperation(
	'update',
	[
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add field',
			default: {},
			options: [
				roomDescriptionField,
				iconPresetField,
				{
					displayName: 'Room Name',
					name: 'name',
					type: 'string',
					default: '',
					description: 'New name of the room (1–255 characters) / チャット名',
				},
			],
		},
	],
	(ctx, roomId, itemIndex) => {
		const changes = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const form: Record<string, string> = {};
		if (changes.name !== undefined) form.name = String(changes.name);
		if (changes.description !== undefined) form.description = String(changes.description);
		if (changes.iconPreset) form.icon_preset = String(changes.iconPreset);
		if (Object.keys(form).length === 0) return 'Add at least one field to update (Room Name, Description or Icon).';
		return { method: 'PUT', path: `/rooms/${roomId}`, form };
	},
);
