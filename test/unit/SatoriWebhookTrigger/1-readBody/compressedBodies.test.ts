import { gzipSync } from 'zlib';

import { Trigger, type RequestSpec } from '../harness';

/** 1-readBody reads the stream itself only for raw delivery; there it refuses a compressed body it will not inflate. */
describe('compressed bodies', () => {
	const gzipped = (): RequestSpec => ({
		headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
		body: gzipSync(JSON.stringify({ email: 'gz@example.jp' })),
	});

	it('accepts a gzip body inside n8n, which inflates it before the node sees it', async () => {
		const trigger = await Trigger.start({ parameters: { fields: { field: [{ key: 'email', type: 'email', required: true }] } } });
		const reply = await trigger.send(gzipped());
		expect(reply.status).toBe(200);
		expect(reply.submission[0].json.email).toBe('gz@example.jp');
		await trigger.close();
	});

	it('refuses a gzip body with 415 when it reads the stream itself', async () => {
		const trigger = await Trigger.start({ delivery: 'raw' });
		const reply = await trigger.send(gzipped());
		expect(reply.status).toBe(415);
		expect(reply.json.code).toBe('unsupported_content_encoding');
		expect(reply.submission).toHaveLength(0);
		await trigger.close();
	});
});
