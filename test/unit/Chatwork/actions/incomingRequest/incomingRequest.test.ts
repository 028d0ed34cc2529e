import { OUTSIDER, run, useServer } from '../../harness';

const server = useServer();

describe('Chatwork → Contact Request', () => {
	it('lists, accepts and then finds no more requests', async () => {
		const list = await run(server(), { resource: 'incomingRequest', operation: 'getMany' });
		expect(list.success.map((item) => [item.json.requestId, item.json.body.account_id])).toEqual([[501, OUTSIDER]]);

		const accepted = await run(server(), { resource: 'incomingRequest', operation: 'accept', requestId: '501' });
		expect(accepted.success[0].json).toMatchObject({ code: 200, requestId: 501, body: { account_id: OUTSIDER } });

		const after = await run(server(), { resource: 'incomingRequest', operation: 'getMany' });
		expect(after).toMatchObject({ success: [], error: [] });
		const contacts = await run(server(), { resource: 'contact', operation: 'getMany' });
		expect(contacts.success.map((item) => item.json.accountId)).toContain(OUTSIDER);
	});

	it('rejects a request (204 → success)', async () => {
		const result = await run(server(), { resource: 'incomingRequest', operation: 'reject', requestId: '501' });

		expect(result.success[0].json).toMatchObject({ status: 'success', code: 204, body: null, requestId: 501 });
	});

	it('routes an unknown request to the Error output with 404', async () => {
		const result = await run(server(), { resource: 'incomingRequest', operation: 'accept', requestId: '777' });

		expect(result.error[0].json).toMatchObject({ code: 404, requestId: 777 });
	});

	it('does not send a request ID that is not a number', async () => {
		const result = await run(server(), { resource: 'incomingRequest', operation: 'reject', requestId: 'x' });

		expect(result.error[0].json).toMatchObject({ error: { delivery: 'not_sent' } });
		expect(result.calls).toEqual([]);
	});
});
