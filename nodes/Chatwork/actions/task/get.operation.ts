import { taskIdParameter } from '../shared/ids.parameter';
import { roomEntityOperation } from '../shared/planners';

export const get = roomEntityOperation('task', 'get', taskIdParameter, [taskIdParameter.field()], () => (task) => ({
	method: 'GET',
	path: `/rooms/${task.roomId}/tasks/${task.id}`,
}));
