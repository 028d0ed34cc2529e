import { linkFields, linkForm } from './linkFields';
import { roomOperation } from './roomRequest';

export const updateLink = roomOperation('updateLink', [linkFields], (ctx, roomId, itemIndex) => {
	const form = linkForm(ctx, itemIndex);
	if (Object.keys(form).length === 0) return 'Add at least one link field to update (Code, Description or Needs Approval).';
	return { method: 'PUT', path: `/rooms/${roomId}/link`, form };
});
