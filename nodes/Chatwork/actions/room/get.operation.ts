import { roomOperation } from '../shared/planners';

export const get = roomOperation('room', 'get', [], () => (room) => ({ method: 'GET', path: `/rooms/${room.roomId}` }));
