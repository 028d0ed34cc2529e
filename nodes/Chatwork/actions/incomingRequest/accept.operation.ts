import { requestIdParameter } from '../shared/ids.parameter';
import { accountEntityOperation } from '../shared/planners';

export const accept = accountEntityOperation('incomingRequest', 'accept', requestIdParameter, () => (request) => ({
	method: 'PUT',
	path: `/incoming_requests/${request.id}`,
}));
