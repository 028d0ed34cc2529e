import { accountOperation } from '../accountRequest';

export const getStatus = accountOperation('me', 'getStatus', [], () => ({ method: 'GET', path: '/my/status' }));
