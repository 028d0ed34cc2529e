import { listLimitFields } from '../shared/list.parameter';
import { accountOperation } from '../shared/planners';

export const getMany = accountOperation('contact', 'getMany', listLimitFields({}), () => () => ({ method: 'GET', path: '/contacts' }), {
	list: { fieldsFromEntry: (entry) => ({ accountId: (entry.account_id as number) ?? null }) },
});
