// @ts-check
'use strict';

/** A Chatwork-style failure: an HTTP status and the `errors` array of its body. */
class ApiError extends Error {
	/**
	 * @param {number} status
	 * @param {string | string[]} errors
	 */
	constructor(status, errors) {
		const list = Array.isArray(errors) ? errors : [errors];
		super(list.join('; '));
		this.status = status;
		this.errors = list;
	}
}

/** Error texts in one place; those confirmed against the real API say so. */
const TEXT = Object.freeze({
	invalidToken: 'Invalid API token', // Chatwork's RAML spec, example answer
	roomPostLimit: 'Rate limit for message posting per room exceeded.', // developer page + 3 clients
	tokenLimit: 'Too Many Requests',
	unknownEndpoint: 'Invalid Endpoint or HTTP method', // seen from the real API
	roomNotFound: 'Room not found',
	noRoomPermission: "You don't have permission to access this room",
	noPostPermission: "You don't have permission to send messages in this room",
	noAdminPermission: "You don't have permission to change this room",
	messageNotFound: 'Message not found',
	alreadyRead: 'This message has already been read',
	taskNotFound: 'Task not found',
	fileNotFound: 'File not found',
	requestNotFound: 'Contact request not found',
	linkExists: 'Invitation link already exists',
	linkMissing: 'Invitation link does not exist',
	linkCodeTaken: 'This link code is already in use',
	notOwnMessage: "You can only change your own messages",
	fileRequired: "Parameter 'file' is required",
	fileTooLarge: 'File size must be 5MB or less',
	bodyTooLarge: 'Request entity too large',
	internal: 'Internal Server Error',
});

module.exports = { ApiError, TEXT };
