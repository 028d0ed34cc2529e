import { Trigger, jsonBody, nameAndEmail, startWith } from '../harness';

const { good, bad } = nameAndEmail;

describe('Rejected output', () => {
	let trigger: Trigger;
	beforeAll(async () => {
		trigger = await startWith({ rejectedOutput: true, options: { honeypotField: 'hp' } });
	});
	afterAll(async () => await trigger.close());

	it('emits a valid submission on Submission and nothing on Rejected', async () => {
		const reply = await trigger.send(jsonBody(good));
		expect(reply.outcome.result?.workflowData).toHaveLength(2);
		expect(reply.submission).toHaveLength(1);
		expect(reply.rejected).toHaveLength(0);
	});

	it('emits an invalid submission on Rejected with the reasons', async () => {
		const reply = await trigger.send(jsonBody(bad));
		expect(reply.status).toBe(400);
		expect(reply.submission).toHaveLength(0);
		expect(reply.rejected).toHaveLength(1);
		expect(reply.rejected[0].json).toMatchObject({
			reason: 'invalid',
			errors: reply.json.errors,
			params: bad,
			submissionId: expect.any(String),
			meta: { method: 'POST' },
		});
	});

	it('emits spam on Rejected while the bot is told it succeeded', async () => {
		const reply = await trigger.send(jsonBody({ ...good, hp: 'filled' }));
		expect(reply.status).toBe(200);
		expect(reply.submission).toHaveLength(0);
		expect(reply.rejected[0].json).toMatchObject({ reason: 'spam', params: { hp: 'filled' } });
		expect(reply.rejected[0].json.submissionId).toBe(reply.json.submissionId);
	});

	it('emits nothing at all for requests that are not submissions (415)', async () => {
		const reply = await trigger.send({ headers: { 'content-type': 'text/plain' }, body: 'x' });
		expect(reply.status).toBe(415);
		expect(reply.outcome.result?.workflowData).toBeUndefined();
	});
});
