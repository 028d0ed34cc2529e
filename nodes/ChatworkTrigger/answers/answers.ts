import type { ServerResponse } from 'http';

import { writeAnswer } from '../../shared/webhookAnswer';
import type { IgnoredBecause } from '../3-filter/filter';
import type { Refusal } from '../refusal';

/**
 * The answer Chatwork gets, written before the workflow runs: short JSON (Chatwork reads at most
 * 2,048 bytes) that never says which part of a signature was wrong.
 */
function send(response: ServerResponse, status: number, body: object): void {
	const text = JSON.stringify(body);
	writeAnswer(response, status, 'application/json; charset=utf-8', text, { 'Content-Length': String(Buffer.byteLength(text)) });
}

export function answerAccepted(response: ServerResponse): void {
	send(response, 200, { ok: true });
}

export function answerIgnored(response: ServerResponse, because: IgnoredBecause): void {
	send(response, 200, { ok: true, ignored: because });
}

export function answerRefused(response: ServerResponse, refusal: Refusal): void {
	send(response, refusal.status, { ok: false, error: refusal.status === 401 ? 'invalid_signature' : refusal.code });
}
