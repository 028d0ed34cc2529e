import { linkFields, linkForm } from './linkFields';
import { roomOperation } from './roomRequest';

export const createLink = roomOperation('createLink', [linkFields], (ctx, roomId, itemIndex) => ({
	method: 'POST',
	path: `/rooms/${roomId}/link`,
	form: linkForm(ctx, itemIndex),
}));
