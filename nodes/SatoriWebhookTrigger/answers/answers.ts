import { writeAnswer } from '../../shared/webhookAnswer';
import type { WebhookResponse } from '../../shared/webhookRequest';
import { isHttpUrl } from '../httpUrl';
import type { Rejection } from '../rejection';
import type { TriggerSettings } from '../settings';
import { pageText, rejectionMessage } from './answerTexts';
import { PAGE_SECURITY_POLICY, escapeHtml, htmlPage } from './htmlPage';

/** The settings that shape the answer the submitter gets: JSON, a 303 redirect or a small HTML page. */
type AnswerSettings = Pick<
	TriggerSettings,
	'answer' | 'thankYouUrl' | 'errorUrl' | 'thankYouMessage' | 'language'
>;

const MAX_MESSAGE_IN_URL = 500;

/** Authentication failures are answered plainly; a redirect would help nobody but a prober. */
function mayRedirect(rejection: Rejection): boolean {
	return rejection.status !== 401 && rejection.status !== 403;
}

function sendJson(response: WebhookResponse, status: number, body: unknown, headers?: Record<string, string>) {
	writeAnswer(response, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}

function sendHtml(response: WebhookResponse, status: number, html: string, headers: Record<string, string> = {}) {
	writeAnswer(response, status, 'text/html; charset=utf-8', html, {
		'Content-Security-Policy': PAGE_SECURITY_POLICY,
		...headers,
	});
}

/** The URL with the query parameters added, or undefined when it is not an http(s) URL. */
function withQuery(base: string, query: Record<string, string>): string | undefined {
	if (!isHttpUrl(base)) return undefined;
	const url = new URL(base);
	for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
	return url.toString();
}

function redirect(response: WebhookResponse, location: string): void {
	writeAnswer(response, 303, 'text/plain; charset=utf-8', `See ${location}`, { Location: location });
}

export function answerSuccess(response: WebhookResponse, settings: AnswerSettings, submissionId: string): void {
	if (settings.answer === 'redirect') {
		const location = withQuery(settings.thankYouUrl, { submission_id: submissionId });
		if (location !== undefined) return redirect(response, location);
	}
	if (settings.answer === 'html') {
		const text = pageText[settings.language];
		const message = settings.thankYouMessage.trim() || text.thankYouMessage;
		const paragraphs = message
			.split(/\n{2,}/)
			.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
			.join('\n');
		return sendHtml(response, 200, htmlPage(settings.language, text.thankYouTitle, paragraphs));
	}
	sendJson(response, 200, { ok: true, submissionId });
}

export function answerRejection(response: WebhookResponse, settings: AnswerSettings, rejection: Rejection): void {
	const message = rejectionMessage(settings.language, rejection.code, rejection.detail);
	const errors = rejection.fieldErrors;
	const headers: Record<string, string> = rejection.challenge ? { 'WWW-Authenticate': rejection.challenge } : {};
	// Not stored: nothing was wrong with the request, so the sender may send it again.
	if (rejection.status === 503) headers['Retry-After'] = '60';

	if (settings.answer === 'redirect' && mayRedirect(rejection) && settings.errorUrl !== '') {
		const detail = errors.length > 0 ? errors.map((error) => error.message).join(' / ') : message;
		const location = withQuery(settings.errorUrl, {
			error: rejection.code,
			...(errors.length > 0 ? { fields: errors.map((error) => error.field).join(',') } : {}),
			message: [...detail].slice(0, MAX_MESSAGE_IN_URL).join(''),
		});
		if (location !== undefined) return redirect(response, location);
	}
	if (settings.answer === 'html') {
		const text = pageText[settings.language];
		const items = errors.length > 0 ? errors.map((error) => `<li>${escapeHtml(error.message)}</li>`).join('\n') : '';
		const body = `<p>${escapeHtml(message)}</p>\n${items ? `<ul>\n${items}\n</ul>\n` : ''}${rejection.status === 503 ? '' : `<p>${escapeHtml(text.back)}</p>`}`;
		return sendHtml(response, rejection.status, htmlPage(settings.language, text.errorTitle, body), headers);
	}
	sendJson(response, rejection.status, { ok: false, code: rejection.code, message, errors }, headers);
}

export function answerPage(response: WebhookResponse, html: string): void {
	sendHtml(response, 200, html);
}
