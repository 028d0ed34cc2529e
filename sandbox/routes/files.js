// @ts-check
'use strict';

const { ApiError, TEXT } = require('../errors');
const { MAX_FILE_BYTES } = require('../body');
const { MAX_LIST, unixSeconds } = require('../state');

/** Files of a room: list, upload (multipart), get with an optional 30 s download URL. @type {import('../index').RouteSpec[]} */
module.exports = [
	{
		method: 'GET',
		path: '/rooms/{room_id}/files',
		room: 'read',
		params: { account_id: { type: 'integer' } },
		handle: ({ state, room, params }) => ({
			body: [...state.files.values()]
				.filter((f) => f.room_id === room.room_id)
				.filter((f) => params.account_id === undefined || f.account_id === params.account_id)
				.slice(0, MAX_LIST)
				.map((f) => state.fileJson(f)),
		}),
	},
	{
		method: 'POST',
		path: '/rooms/{room_id}/files',
		room: 'write',
		params: { message: { type: 'string' } },
		handle: ({ state, account, room, params, files, now }) => {
			const upload = files.find((f) => f.field === 'file');
			if (!upload) throw new ApiError(400, TEXT.fileRequired);
			if (upload.data.length > MAX_FILE_BYTES) throw new ApiError(400, TEXT.fileTooLarge);
			const fileId = state.nextFileId++;
			const notation = `[download:${fileId}]${upload.filename} (${upload.data.length} B)[/download]`;
			const text = params.message ? `${params.message}\n${notation}` : notation;
			const { message_id } = state.storeMessage(room, account.account_id, text, { now });
			state.files.set(fileId, {
				file_id: fileId,
				room_id: room.room_id,
				account_id: account.account_id,
				message_id,
				filename: upload.filename,
				filesize: upload.data.length,
				upload_time: unixSeconds(now),
				contentType: upload.contentType,
				data: upload.data,
			});
			return { body: { file_id: fileId } };
		},
	},
	{
		method: 'GET',
		path: '/rooms/{room_id}/files/{file_id}',
		room: 'read',
		params: { create_download_url: { type: 'boolean', default: false } },
		handle: ({ state, room, ids, params, now, origin }) => {
			const file = state.files.get(Number(ids.file_id));
			if (!file || file.room_id !== room.room_id) throw new ApiError(404, TEXT.fileNotFound);
			const body = state.fileJson(file);
			if (!params.create_download_url) return { body };
			return { body: { ...body, download_url: `${origin}/download/${state.createDownload(file.file_id, now)}` } };
		},
	},
];
