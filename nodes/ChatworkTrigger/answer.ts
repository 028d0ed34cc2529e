import type { ServerResponse } from 'http';

import type { IgnoredBecause } from './filter';
import type { Refusal } from './refusal';

/**
 * The answer Chatwork gets, written before the workflow runs: short JSON (Chatwork reads at most
 * 2,048 bytes) that never says which part of a signature was wrong.
 */
function send(response: ServerResponse, status: number, body: object): void {
	if (response.headersSent) return;
	const text = JSON.stringify(body);
	response.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff',
	});
	response.end(text);
}

export function answerAccepted(response: ServerResponse): void {
	send(response, 200, { ok: true });
}

export function answerIgnored(response: ServerResponse, because: IgnoredBecause): void {
	send(response, 200, { ok: true, ignored: because });
}

export function answerRefused(response: ServerResponse, refusal: Refusal): void {
	send(response, refusal.status, { ok: false, error: refusal.status === 401 ? 'invalid_signature' : refusal.reason });
}
