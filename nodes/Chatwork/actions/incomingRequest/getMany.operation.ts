import { listLimitFields } from '../shared/list.parameter';
import { accountOperation } from '../shared/planners';

export const getMany = accountOperation('incomingRequest', 'getMany', listLimitFields({}), () => () => ({ method: 'GET', path: '/incoming_requests' }), {
	list: { fieldsFromEntry: (entry) => ({ requestId: (entry.request_id as number) ?? null }) },
});
