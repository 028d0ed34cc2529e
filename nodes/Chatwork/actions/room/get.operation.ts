import { roomOperation } from './roomRequest';

export const get = roomOperation('get', [], (_, roomId) => ({ method: 'GET', path: `/rooms/${roomId}` }));
