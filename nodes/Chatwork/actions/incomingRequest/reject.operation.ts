import { requestIdParameter } from '../shared/ids.parameter';
import { accountEntityOperation } from '../shared/planners';

export const reject = accountEntityOperation('incomingRequest', 'reject', requestIdParameter, () => (request) => ({
	method: 'DELETE',
	path: `/incoming_requests/${request.id}`,
}));
