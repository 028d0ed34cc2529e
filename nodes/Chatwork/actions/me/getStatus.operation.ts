import { accountOperation } from '../shared/planners';

export const getStatus = accountOperation('me', 'getStatus', [], () => () => ({ method: 'GET', path: '/my/status' }));
