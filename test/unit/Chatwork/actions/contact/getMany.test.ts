import { COLLEAGUE, TOKEN, run, useServer } from '../../harness';

const server = useServer();

describe('Chatwork → Contact → Get Many', () => {
	it('outputs one item per contact', async () => {
		const result = await run(server(), { resource: 'contact', operation: 'getMany' });

		expect(result.success.map((item) => item.json.accountId)).toEqual([COLLEAGUE, 103]);
		expect(result.success[0].json).toMatchObject({ status: 'success', code: 200, body: { account_id: COLLEAGUE, name: '佐藤 花子' } });
	});

	it('routes an invalid token to the Error output with 401', async () => {
		const result = await run(server(), { resource: 'contact', operation: 'getMany' }, { token: 'not-a-known-token' });

		expect(result.error[0].json).toMatchObject({ code: 401, error: { errors: ['Invalid API token'] } });
		expect(JSON.stringify(result.error)).not.toContain(TOKEN);
	});
});
