/** What Chatwork reads back: short JSON that never says which part of a signature was wrong. */
import fc from 'fast-check';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { answerAccepted, answerIgnored, answerRefused } from '../../../../nodes/ChatworkTrigger/answers/answers';
import type { IgnoredBecause } from '../../../../nodes/ChatworkTrigger/3-filter/filter';
import { Refusal, type RefusalReason } from '../../../../nodes/ChatworkTrigger/refusal';

/** The answer a real HTTP client receives when the server writes it with `write`. */
async function received(write: (response: ServerResponse) => void) {
	const server = createServer((_request, response) => write(response));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST' });
		const text = await response.text();
		return { status: response.status, text, json: JSON.parse(text), type: response.headers.get('content-type') };
	} finally {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}

const SIGNATURE_REASONS: RefusalReason[] = ['signature_missing', 'signature_malformed', 'signature_mismatch', 'signature_unverifiable'];
const OTHER_REASONS: RefusalReason[] = ['body_unreadable', 'unsupported_content_type', 'malformed_json', 'invalid_event', 'stale_event'];

describe('Chatwork Trigger answers', () => {
	it('accepts with 200 {"ok":true} and ignores with the reason', async () => {
		expect(await received(answerAccepted)).toMatchObject({ status: 200, json: { ok: true }, type: 'application/json; charset=utf-8' });
		const reasons: IgnoredBecause[] = ['event_type', 'own_message', 'room', 'sender', 'text', 'text_timeout', 'duplicate'];
		for (const because of reasons) {
			expect(await received((response) => answerIgnored(response, because))).toMatchObject({ status: 200, json: { ok: true, ignored: because } });
		}
	});

	it('refuses every signature problem with one wording, and other refusals with their code (generated)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...SIGNATURE_REASONS, ...OTHER_REASONS), async (reason) => {
				const status = SIGNATURE_REASONS.includes(reason) ? 401 : 400;
				const answer = await received((response) => answerRefused(response, new Refusal(status, reason, 'detail')));
				expect(answer.status).toBe(status);
				expect(answer.json).toEqual({ ok: false, error: status === 401 ? 'invalid_signature' : reason });
				expect(Buffer.byteLength(answer.text)).toBeLessThanOrEqual(2048);
			}),
			{ numRuns: 30 },
		);
	});
});
