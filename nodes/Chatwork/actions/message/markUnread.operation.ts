import { messageIdParameter } from '../shared/ids.parameter';
import { roomEntityOperation } from '../shared/planners';

export const markUnread = roomEntityOperation(
	'message',
	'markUnread',
	messageIdParameter,
	[messageIdParameter.field({ displayName: 'From Message ID', description: 'This message and every later one become unread' })],
	() => (message) => ({ method: 'PUT', path: `/rooms/${message.roomId}/messages/unread`, form: { message_id: message.id } }),
);
