import { randomBytes } from 'node:crypto';

import { TOKEN, ME, ROOM, UNKNOWN_ROOM, binaryOf, room, run, useServer } from '../../harness';

const server = useServer(1);

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(64 * 1024), Buffer.from([0, 13, 10, 255])]);

function upload(binary: Record<string, ReturnType<typeof binaryOf>> | undefined, parameters: Record<string, unknown> = {}) {
	return run(
		server(),
		{ resource: 'file', operation: 'upload', roomId: room(ROOM), binaryPropertyName: 'data', ...parameters },
		{ binary: [binary ?? {}] },
	);
}

describe('Chatwork → File → Upload', () => {
	it('sends the binary property as real multipart bytes, with the message', async () => {
		const result = await upload({ data: binaryOf(pdf, '見積書 2026.pdf', 'application/pdf') }, { message: '資料をお送りします' });

		expect(result.error).toEqual([]);
		const fileId = result.success[0].json.fileId as number;
		expect(result.success[0].json).toMatchObject({
			status: 'success',
			code: 200,
			roomId: ROOM,
			fileId,
			fileName: '見積書 2026.pdf',
			fileSize: pdf.length,
			body: { file_id: fileId },
			request: { method: 'POST', path: `/rooms/${ROOM}/files` },
		});
		const stored = server().files(ROOM)[0];
		expect(stored).toMatchObject({ file_id: fileId, filename: '見積書 2026.pdf', contentType: 'application/pdf' });
		expect(stored.data.equals(pdf)).toBe(true);
		const logged = server().requests.at(-1)!;
		expect(logged.contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(logged.form).toEqual({ message: '資料をお送りします' });
		expect(server().messages(ROOM)[0].body.startsWith('資料をお送りします\n')).toBe(true);
	});

	it('refuses a file over 5 MB before sending anything', async () => {
		const big = Buffer.alloc(5 * 1024 * 1024 + 1, 1);

		const result = await upload({ data: binaryOf(big, 'big.zip', 'application/zip') });

		expect(result.success).toEqual([]);
		expect(result.error[0].json).toMatchObject({ code: null, fileSize: big.length, error: { delivery: 'not_sent' } });
		expect(result.error[0].json.error.message).toContain('5 MB');
		expect(result.calls).toEqual([]);
	});

	it('accepts a file of exactly 5 MB', async () => {
		const limit = Buffer.alloc(5 * 1024 * 1024, 7);

		const result = await upload({ data: binaryOf(limit, 'limit.bin', 'application/octet-stream') });

		expect(result.success[0].json.fileSize).toBe(limit.length);
		expect(server().files(ROOM)[0].data.equals(limit)).toBe(true);
	});

	it('sends an item without the binary property to the Error output, naming the field', async () => {
		const result = await upload({ other: binaryOf(pdf, 'a.pdf', 'application/pdf') });

		expect(result.error[0].json.error.message).toContain('"data"');
		expect(result.calls).toEqual([]);
	});

	it('routes an unknown room to the Error output with 404', async () => {
		const result = await upload({ data: binaryOf(pdf, 'a.pdf', 'application/pdf') }, { roomId: room(UNKNOWN_ROOM) });

		expect(result.error[0].json).toMatchObject({ code: 404 });
	});

	it('reads each file again only when its upload is sent, so waiting uploads are not held in memory', async () => {
		const files = [0, 1, 2].map((n) => ({ data: binaryOf(Buffer.from(`file ${n}`), `${n}.txt`, 'text/plain') }));
		/** How many uploads the server had received when each read began. */
		const reads: Array<{ item: number; uploadsReceived: number }> = [];

		const result = await run(
			server(),
			{ resource: 'file', operation: 'upload', roomId: room(ROOM), binaryPropertyName: 'data' },
			{
				items: [{}, {}, {}],
				binary: files,
				onBinaryRead: (item) => reads.push({ item, uploadsReceived: server().files(ROOM).length }),
			},
		);

		expect(result.success).toHaveLength(3);
		// Planning reads every file once to check its size; then, one room being one lane, each file
		// is read right before its own upload, after the previous one was answered.
		expect(reads).toEqual([
			{ item: 0, uploadsReceived: 0 },
			{ item: 1, uploadsReceived: 0 },
			{ item: 2, uploadsReceived: 0 },
			{ item: 0, uploadsReceived: 0 },
			{ item: 1, uploadsReceived: 1 },
			{ item: 2, uploadsReceived: 2 },
		]);
		expect(server().files(ROOM).map((file) => file.data.toString())).toEqual(['file 0', 'file 1', 'file 2']);
	});

	it('sends an item whose file can no longer be read at send time to the Error output as not sent, and goes on', async () => {
		const files = [0, 1].map((n) => ({ data: binaryOf(Buffer.from(`file ${n}`), `${n}.txt`, 'text/plain') }));
		const readsOf = [0, 0];

		const result = await run(
			server(),
			{ resource: 'file', operation: 'upload', roomId: room(ROOM), binaryPropertyName: 'data' },
			{
				items: [{}, {}],
				binary: files,
				onBinaryRead: (item) => {
					readsOf[item]++;
					if (item === 0 && readsOf[item] === 2) throw new Error('binary data file is gone');
				},
			},
		);

		expect(result.error).toHaveLength(1);
		expect(result.error[0].json).toMatchObject({
			status: 'error',
			code: null,
			attempts: 0,
			fileName: '0.txt',
			error: { delivery: 'not_sent', retryable: false },
		});
		expect(result.error[0].json.error.message).toBe('Could not read the file "0.txt" to upload: binary data file is gone. Not sent.');
		expect(result.success.map((item) => item.json.fileName)).toEqual(['1.txt']);
		expect(server().files(ROOM).map((file) => file.data.toString())).toEqual(['file 1']);
	});
});

describe('Chatwork → File → Get, Get Many, Download', () => {
	async function uploaded(data = pdf, name = '見積書.pdf'): Promise<number> {
		const result = await upload({ data: binaryOf(data, name, 'application/pdf') });
		return result.success[0].json.fileId as number;
	}

	it('gets a file, with a download URL when asked', async () => {
		const fileId = await uploaded();

		const plain = await run(server(), { resource: 'file', operation: 'get', roomId: room(ROOM), fileId: String(fileId) });
		const withUrl = await run(server(), {
			resource: 'file',
			operation: 'get',
			roomId: room(ROOM),
			fileId: String(fileId),
			createDownloadUrl: true,
		});

		expect(plain.success[0].json).toMatchObject({ fileId, body: { file_id: fileId, filename: '見積書.pdf', filesize: pdf.length } });
		expect(plain.success[0].json.body.download_url).toBeUndefined();
		expect(withUrl.success[0].json.body.download_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/download\//);
	});

	it('routes an unknown file to the Error output with 404', async () => {
		const result = await run(server(), { resource: 'file', operation: 'get', roomId: room(ROOM), fileId: '424242' });

		expect(result.error[0].json).toMatchObject({ code: 404, fileId: 424242 });
	});

	it('lists files one item per file; no files (204) gives zero items', async () => {
		const empty = await run(server(), { resource: 'file', operation: 'getMany', roomId: room(ROOM) });
		expect(empty).toMatchObject({ success: [], error: [] });

		const first = await uploaded();
		const second = await uploaded(Buffer.from('second'), 'b.txt');
		const result = await run(server(), { resource: 'file', operation: 'getMany', roomId: room(ROOM), accountId: String(ME) });

		expect(result.success.map((item) => item.json.fileId)).toEqual([first, second]);
		expect(result.success.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(server().requests.at(-1)!.query).toEqual({ account_id: String(ME) });
	});

	it('downloads the same bytes into the binary property, without sending the token to the download URL', async () => {
		const fileId = await uploaded();

		const result = await run(server(), {
			resource: 'file',
			operation: 'download',
			roomId: room(ROOM),
			fileId: String(fileId),
			binaryPropertyName: 'attachment',
		});

		expect(result.error).toEqual([]);
		const item = result.success[0] as { json: Record<string, unknown>; binary?: Record<string, { data: string; fileName?: string; mimeType: string }> };
		expect(item.json).toMatchObject({ status: 'success', code: 200, fileId, fileName: '見積書.pdf', fileSize: pdf.length });
		expect(Buffer.from(item.binary!.attachment.data, 'base64').equals(pdf)).toBe(true);
		expect(item.binary!.attachment).toMatchObject({ fileName: '見積書.pdf', mimeType: 'application/pdf' });

		const downloadCall = result.calls.find((call) => call.url.includes('/download/'))!;
		expect(downloadCall.authenticated).toBe(false);
		expect(JSON.stringify(downloadCall.headers)).not.toContain(TOKEN);
		const downloadRequest = server().requests.find((request) => request.path.includes('/download/'))!;
		expect(downloadRequest.status).toBe(200);
		expect(downloadRequest.accountId).toBeNull();
		expect(JSON.stringify(result.success)).not.toContain(TOKEN);
	});

	it('routes a download URL that answers 403 (expired) to the Error output', async () => {
		const fileId = await uploaded();
		// An answer whose URL is no longer valid, as when more than 30 s passed before the download.
		server().script({
			method: 'GET',
			path: `/rooms/${ROOM}/files/${fileId}`,
			status: 200,
			body: { file_id: fileId, filename: '見積書.pdf', download_url: `${server().origin}/download/expired-key` },
			times: 1,
		});

		const result = await run(server(), { resource: 'file', operation: 'download', roomId: room(ROOM), fileId: String(fileId) });

		expect(result.success).toEqual([]);
		expect(result.error[0].json).toMatchObject({ status: 'error', code: 403, fileId });
		expect(result.error[0].json.error.message).toContain('30 seconds');
	});

	it('routes a download of an unknown file to the Error output with 404 and fetches nothing', async () => {
		const result = await run(server(), { resource: 'file', operation: 'download', roomId: room(ROOM), fileId: '999' });

		expect(result.error[0].json).toMatchObject({ code: 404 });
		expect(result.calls.filter((call) => !call.authenticated)).toEqual([]);
	});
});
