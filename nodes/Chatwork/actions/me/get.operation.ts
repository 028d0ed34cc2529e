import { accountOperation } from '../shared/planners';

export const get = accountOperation('me', 'get', [], () => () => ({ method: 'GET', path: '/me' }), {
	fieldsFromOutcome: (outcome) => {
		const accountId = (outcome.responses.at(-1)?.body as { account_id?: unknown } | null)?.account_id;
		return typeof accountId === 'number' ? { accountId } : {};
	},
});
