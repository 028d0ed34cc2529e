import { roomOperation } from './roomRequest';

export const getLink = roomOperation('getLink', [], (_, roomId) => ({ method: 'GET', path: `/rooms/${roomId}/link` }));
