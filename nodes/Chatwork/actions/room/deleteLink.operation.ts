import { roomOperation } from '../shared/planners';

export const deleteLink = roomOperation('room', 'deleteLink', [], () => (room) => ({ method: 'DELETE', path: `/rooms/${room.roomId}/link` }));
