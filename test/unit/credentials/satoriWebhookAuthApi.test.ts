import { SatoriWebhookAuthApi } from '../../../credentials/SatoriWebhookAuthApi.credentials';

describe('credential description', () => {
	const credential = new SatoriWebhookAuthApi();

	it('is satoriWebhookAuthApi, with every secret masked', () => {
		expect(credential.name).toBe('satoriWebhookAuthApi');
		const secrets = credential.properties.filter((property) => ['headerSecret', 'password', 'secret'].includes(property.name));
		expect(secrets).toHaveLength(3);
		for (const secret of secrets) expect(secret.typeOptions?.password).toBe(true);
	});
});
