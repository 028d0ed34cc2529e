import type { IDataObject } from 'n8n-workflow';

import { roomOperation } from '../shared/planners';
import { templateRenderer } from '../shared/templateRenderer';
import { readTemplateOptions, templateOptionsCollection } from '../shared/text.parameter';
import { iconPresetField, roomDescriptionField } from './roomSettings.parameter';

export const update = roomOperation(
	'room',
	'update',
	[
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add field',
			default: {},
			description: 'The room settings to change; those not added stay as they are',
			options: [
				roomDescriptionField,
				iconPresetField,
				{
					displayName: 'Room Name',
					name: 'name',
					type: 'string',
					default: '',
					description: 'New name of the room (1–255 characters), a template like Send\'s: {{company}} inserts a field of the incoming item',
				},
			],
		},
		templateOptionsCollection({}),
	],
	(ctx) => {
		const choice = readTemplateOptions(ctx);
		const renderers = {
			name: templateRenderer(ctx, choice, 'updateFields.name', 'Room Name'),
			description: templateRenderer(ctx, choice, 'updateFields.description', 'Description'),
		};
		return (room, itemIndex) => {
			const changes = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
			const form: Record<string, string> = {};
			for (const field of ['name', 'description'] as const) {
				if (changes[field] === undefined) continue;
				const rendered = renderers[field](itemIndex);
				if (rendered.notSent !== undefined) return { notSent: rendered.notSent };
				form[field] = rendered.text;
			}
			if (changes.iconPreset) form.icon_preset = String(changes.iconPreset);
			if (Object.keys(form).length === 0) return { notSent: 'Add at least one field to update (Room Name, Description or Icon).' };
			return { method: 'PUT', path: `/rooms/${room.roomId}`, form };
		};
	},
);
