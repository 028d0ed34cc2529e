import { roomOperation } from './roomRequest';

export const deleteLink = roomOperation('deleteLink', [], (_, roomId) => ({ method: 'DELETE', path: `/rooms/${roomId}/link` }));
