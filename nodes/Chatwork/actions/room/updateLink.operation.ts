import { roomOperation } from '../shared/planners';
import { linkFields, readLinkForm } from './link.parameter';

export const updateLink = roomOperation('room', 'updateLink', [linkFields], (ctx) => (room, itemIndex) => {
	const form = readLinkForm(ctx, itemIndex);
	if (Object.keys(form).length === 0) return { notSent: 'Add at least one link field to update (Code, Description or Needs Approval).' };
	return { method: 'PUT', path: `/rooms/${room.roomId}/link`, form };
});
