import { roomOperation } from '../shared/planners';
import { linkFields, readLinkForm } from './link.parameter';

export const createLink = roomOperation('room', 'createLink', [linkFields], (ctx) => (room, itemIndex) => ({
	method: 'POST',
	path: `/rooms/${room.roomId}/link`,
	form: readLinkForm(ctx, itemIndex),
}));
