import { messageIdParameter } from '../shared/ids.parameter';
import { roomEntityOperation } from '../shared/planners';

export const deleteMessage = roomEntityOperation(
	'message',
	'delete',
	messageIdParameter,
	[messageIdParameter.field({ description: 'ID of a message this account posted' })],
	() => (message) => ({ method: 'DELETE', path: `/rooms/${message.roomId}/messages/${message.id}` }),
);
