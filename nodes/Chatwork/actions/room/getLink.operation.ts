import { roomOperation } from '../shared/planners';

export const getLink = roomOperation('room', 'getLink', [], () => (room) => ({ method: 'GET', path: `/rooms/${room.roomId}/link` }));
