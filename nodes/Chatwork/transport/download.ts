import type { IExecuteFunctions } from 'n8n-workflow';

import { header } from '../../shared/chatwork/client';

export interface DownloadResult {
	statusCode: number;
	data: Buffer;
	contentType?: string;
	/** From Content-Disposition, when the server names the file. */
	filename?: string;
}

/**
 * Fetches a file from the short-lived download URL Chatwork hands out. That URL is not the
 * Chatwork API (it is a storage URL that needs no token), so this deliberately uses the plain,
 * unauthenticated request helper: the API token must never travel to another host.
 */
export async function downloadFile(
	ctx: IExecuteFunctions,
	url: string,
	timeoutMs: number,
): Promise<DownloadResult> {
	const response = (await ctx.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	})) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
	const body = response.body;
	const data = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: ArrayBuffer.isView(body)
				? Buffer.from(body.buffer, body.byteOffset, body.byteLength)
				: Buffer.from(typeof body === 'string' ? body : '', 'binary');
	const headers = response.headers ?? {};
	const disposition = header(headers, 'content-disposition') ?? '';
	const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
	const plain = /filename="([^"]*)"/i.exec(disposition)?.[1];
	let filename: string | undefined = plain;
	if (encoded) {
		try {
			filename = decodeURIComponent(encoded);
		} catch {
			filename = plain;
		}
	}
	return { statusCode: response.statusCode, data, contentType: header(headers, 'content-type'), filename };
}
