import { messageIdParameter } from '../shared/ids.parameter';
import { roomEntityOperation } from '../shared/planners';

export const get = roomEntityOperation('message', 'get', messageIdParameter, [messageIdParameter.field()], () => (message) => ({
	method: 'GET',
	path: `/rooms/${message.roomId}/messages/${message.id}`,
}));
