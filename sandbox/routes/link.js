// @ts-check
'use strict';

const { ApiError, TEXT } = require('../errors');
const { linkCode } = require('../state');

/** RAML: a link code is 1–50 of [A-Za-z0-9_-]. @type {Record<string, import('../index').ParamSpec>} */
const LINK_PARAMS = {
	code: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[A-Za-z0-9_-]+$' },
	need_acceptance: { type: 'boolean' },
	description: { type: 'string' },
};

/** The invitation link of a room. @type {import('../index').RouteSpec[]} */
module.exports = [
	{
		method: 'GET',
		path: '/rooms/{room_id}/link',
		room: 'read',
		handle: ({ state, room }) => ({ body: state.linkJson(room) }),
	},
	{
		method: 'POST',
		path: '/rooms/{room_id}/link',
		room: 'admin',
		params: LINK_PARAMS,
		handle: ({ state, room, params }) => {
			if (room.link) throw new ApiError(400, TEXT.linkExists);
			if (params.code !== undefined && state.linkCodeTaken(params.code)) throw new ApiError(400, TEXT.linkCodeTaken);
			room.link = { code: linkCode(params.code), need_acceptance: params.need_acceptance ?? true, description: params.description ?? '' };
			return { body: state.linkJson(room) };
		},
	},
	{
		method: 'PUT',
		path: '/rooms/{room_id}/link',
		room: 'admin',
		params: LINK_PARAMS,
		handle: ({ state, room, params }) => {
			if (!room.link) throw new ApiError(400, TEXT.linkMissing);
			if (params.code !== undefined && params.code !== room.link.code && state.linkCodeTaken(params.code)) throw new ApiError(400, TEXT.linkCodeTaken);
			if (params.code !== undefined) room.link.code = params.code;
			if (params.need_acceptance !== undefined) room.link.need_acceptance = params.need_acceptance;
			if (params.description !== undefined) room.link.description = params.description;
			return { body: state.linkJson(room) };
		},
	},
	{
		method: 'DELETE',
		path: '/rooms/{room_id}/link',
		room: 'admin',
		handle: ({ state, room }) => {
			if (!room.link) throw new ApiError(400, TEXT.linkMissing);
			room.link = null;
			return { body: state.linkJson(room) };
		},
	},
];
