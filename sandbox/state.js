// @ts-check
'use strict';

const { randomBytes } = require('node:crypto');
const { ApiError, TEXT } = require('./errors');

/** @typedef {import('./index').AccountSeed} AccountSeed */
/** @typedef {import('./index').RoomSeed} RoomSeed */
/** @typedef {import('./index').Role} Role */
/** @typedef {import('./index').StoredMessage} StoredMessage */
/** @typedef {import('./index').StoredTask} StoredTask */
/** @typedef {import('./index').StoredFile} StoredFile */

/** The token of the default account: the CLI and the demo sandbox use it too. */
const DEFAULT_TOKEN = 'demo-token';

/** @type {AccountSeed[]} */
const DEFAULT_ACCOUNTS = [
	{
		token: DEFAULT_TOKEN,
		account_id: 101,
		name: 'Demo',
		chatwork_id: 'demo',
		organization_id: 1,
		organization_name: 'サトリ商事',
		department: '営業部',
	},
	{ account_id: 102, name: '山田 太郎', chatwork_id: 'yamada', organization_id: 1, organization_name: 'サトリ商事', department: '営業部' },
	{ account_id: 103, name: '佐藤 花子', chatwork_id: 'sato', organization_id: 1, organization_name: 'サトリ商事', department: 'マーケティング部' },
];

/** @type {RoomSeed[]} */
const DEFAULT_ROOMS = [
	{ room_id: 1001, name: '営業チーム', description: 'フォームからの問い合わせ' },
	{ room_id: 1002, name: 'マーケティング', description: 'キャンペーンの連絡' },
];

/** The 17 presets of RAML `room_icon`. */
const ICON_PRESETS = [
	'group', 'check', 'document', 'meeting', 'event', 'project', 'business', 'study', 'security',
	'star', 'idea', 'heart', 'magcup', 'beer', 'music', 'sports', 'travel',
];

/** Rooms the server makes by itself (my chats, direct chats) get IDs from here up. */
const GENERATED_ROOM_BASE = 9_000_001;

/**
 * Real message IDs have 19 digits, beyond Number.MAX_SAFE_INTEGER, which is why
 * they are strings; starting there catches a client that turns them into numbers.
 */
const FIRST_MESSAGE_ID = 1_900_000_000_000_000_001n;

const MAX_LIST = 100;

/** @param {number} ms */
const unixSeconds = (ms) => Math.floor(ms / 1000);

/**
 * @typedef {import('./index').AccountRecord} Account
 * @typedef {import('./index').RoomRecord} Room
 * @typedef {StoredMessage & { seq: number }} Message
 * @typedef {{ request_id: number, account_id: number, to_account_id: number, message: string }} IncomingRequest
 */

/**
 * Everything Chatwork would hold: accounts, rooms, messages, tasks, files, read
 * state and contact requests. Built from seeds, so `reset()` can build it again.
 */
class ChatworkState {
	/**
	 * @param {{ accounts: AccountSeed[], rooms: RoomSeed[], incomingRequests: import('./index').IncomingRequestSeed[] }} seeds
	 * @param {number} now virtual ms, the creation time of the seeded rooms
	 */
	constructor(seeds, now) {
		/** @type {Map<number, Account>} */
		this.accounts = new Map();
		/** Token → account ID. Tokens stay in here and nowhere else. @type {Map<string, number>} */
		this.tokens = new Map();
		/** @type {Map<number, Set<number>>} */
		this.contacts = new Map();
		/** @type {Map<number, Room>} */
		this.rooms = new Map();
		/** @type {Map<number, Message[]>} */
		this.messagesByRoom = new Map();
		/** @type {Map<number, StoredTask>} */
		this.tasks = new Map();
		/** @type {Map<number, StoredFile>} */
		this.files = new Map();
		/** @type {Map<string, { fileId: number, expiresAt: number }>} */
		this.downloads = new Map();
		/** Virtual times of accepted posts (messages and tasks) per room. @type {Map<number, number[]>} */
		this.posts = new Map();
		/** `${accountId}:${roomId}` → seqs of unread messages. @type {Map<string, Set<number>>} */
		this.unread = new Map();
		/** `${accountId}:${roomId}` → last seq returned by GET messages. @type {Map<string, number>} */
		this.cursors = new Map();
		/** @type {Map<number, IncomingRequest>} */
		this.incomingRequests = new Map();
		this.createdAt = now;
		this.nextSeq = 1;
		this.nextTaskId = 1;
		this.nextFileId = 1;
		/** Told about every change to messages and rooms (the sandbox page listens). @type {(event: import('./index').ServerEvent) => void} */
		this.onChange = () => {};
		/** OAuth2 tokens handed out (oauth2.js), redacted from the log like API tokens. @type {() => Iterable<string>} */
		this.bearerTokens = () => [];

		for (const seed of seeds.accounts) this.addAccount(seed);
		for (const seed of seeds.accounts) {
			const others = [...this.accounts.keys()].filter((id) => id !== seed.account_id);
			this.contacts.set(seed.account_id, new Set(seed.contacts ?? others));
		}
		for (const seed of seeds.rooms) this.addRoom(seed, now);
		for (const account of this.accounts.values()) {
			if (this.isApiUser(account.account_id)) this.ensureMyChat(account);
		}
		for (const account of this.accounts.values()) {
			if (!this.isApiUser(account.account_id)) continue;
			for (const contactId of this.contacts.get(account.account_id) ?? []) this.directRoom(account.account_id, contactId);
		}
		for (const request of seeds.incomingRequests) {
			this.incomingRequests.set(request.request_id, {
				request_id: request.request_id,
				account_id: request.account_id,
				to_account_id: request.to_account_id ?? this.firstTokenAccountId(),
				message: request.message ?? '',
			});
		}
	}

	// --- accounts -------------------------------------------------------------------

	/** @param {AccountSeed} seed */
	addAccount(seed) {
		if (this.accounts.has(seed.account_id)) throw new Error(`account ${seed.account_id} exists already`);
		/** @type {Account} */
		const account = {
			account_id: seed.account_id,
			room_id: seed.room_id ?? 0,
			name: seed.name,
			chatwork_id: seed.chatwork_id ?? '',
			organization_id: seed.organization_id ?? 0,
			organization_name: seed.organization_name ?? '',
			department: seed.department ?? '',
			title: seed.title ?? '',
			url: seed.url ?? '',
			introduction: seed.introduction ?? '',
			mail: seed.mail ?? '',
			tel_organization: seed.tel_organization ?? '',
			tel_extension: seed.tel_extension ?? '',
			tel_mobile: seed.tel_mobile ?? '',
			skype: seed.skype ?? '',
			facebook: seed.facebook ?? '',
			twitter: seed.twitter ?? '',
			avatar_image_url: seed.avatar_image_url ?? `https://appdata.chatwork.com/avatar/ico_default_${seed.account_id % 5}.png`,
			login_mail: seed.login_mail ?? '',
		};
		if (seed.token !== undefined) {
			if (this.tokens.has(seed.token)) throw new Error(`two accounts share one token (account ${seed.account_id})`);
			this.tokens.set(seed.token, seed.account_id);
		}
		this.accounts.set(account.account_id, account);
		return account;
	}

	/** @param {string | undefined} token */
	accountByToken(token) {
		if (token === undefined) return undefined;
		const id = this.tokens.get(token);
		return id === undefined ? undefined : this.accounts.get(id);
	}

	/** Accounts with a token are the ones that call the API. @param {number} accountId */
	isApiUser(accountId) {
		for (const id of this.tokens.values()) if (id === accountId) return true;
		return false;
	}

	firstTokenAccountId() {
		for (const id of this.tokens.values()) return id;
		return 0;
	}

	/** @param {number} id */
	account(id) {
		const account = this.accounts.get(id);
		if (!account) throw new Error(`unknown account ${id}`);
		return account;
	}

	// --- rooms ----------------------------------------------------------------------

	/**
	 * @param {RoomSeed} seed
	 * @param {number} now virtual ms
	 */
	addRoom(seed, now) {
		const roomId = seed.room_id ?? this.nextRoomId();
		if (this.rooms.has(roomId)) throw new Error(`room ${roomId} exists already`);
		/** @type {Map<number, Role>} */
		const members = new Map();
		if (seed.members) {
			for (const member of seed.members) {
				if (!this.accounts.has(member.account_id)) throw new Error(`room ${roomId}: unknown member ${member.account_id}`);
				members.set(member.account_id, member.role ?? 'member');
			}
		} else {
			// By default every account is in the room; the ones with a token as admins.
			for (const id of this.accounts.keys()) members.set(id, this.isApiUser(id) ? 'admin' : 'member');
		}
		/** @type {Room} */
		const room = {
			room_id: roomId,
			name: seed.name,
			type: seed.type ?? 'group',
			description: seed.description ?? '',
			icon_preset: seed.icon_preset ?? 'group',
			sticky: seed.sticky ?? false,
			members,
			createdAt: now,
			link: null,
		};
		this.rooms.set(roomId, room);
		this.messagesByRoom.set(roomId, []);
		this.onChange({ type: 'room_changed', room_id: roomId });
		return room;
	}

	nextRoomId() {
		let id = GENERATED_ROOM_BASE;
		while (this.rooms.has(id)) id++;
		return id;
	}

	/** @param {Account} account */
	ensureMyChat(account) {
		if (account.room_id && this.rooms.has(account.room_id)) return;
		const room = this.addRoom(
			{ room_id: account.room_id || undefined, name: account.name, type: 'my', members: [{ account_id: account.account_id, role: 'admin' }] },
			this.createdAt,
		);
		account.room_id = room.room_id;
	}

	/**
	 * The direct chat of two accounts, made on first use.
	 * @param {number} a
	 * @param {number} b
	 */
	directRoom(a, b) {
		for (const room of this.rooms.values()) {
			if (room.type === 'direct' && room.members.has(a) && room.members.has(b)) return room;
		}
		return this.addRoom(
			{ name: this.account(b).name, type: 'direct', members: [{ account_id: a, role: 'admin' }, { account_id: b, role: 'admin' }] },
			this.createdAt,
		);
	}

	/**
	 * @param {number} roomId
	 * @param {number} accountId
	 * @param {'read' | 'write' | 'admin'} access
	 */
	roomFor(roomId, accountId, access) {
		const room = this.rooms.get(roomId);
		if (!room) throw new ApiError(404, TEXT.roomNotFound);
		const role = room.members.get(accountId);
		if (!role) throw new ApiError(403, TEXT.noRoomPermission);
		if (access === 'write' && role === 'readonly') throw new ApiError(403, TEXT.noPostPermission);
		if (access === 'admin' && role !== 'admin') throw new ApiError(403, TEXT.noAdminPermission);
		return room;
	}

	/** @param {number} roomId */
	removeRoom(roomId) {
		this.rooms.delete(roomId);
		this.messagesByRoom.delete(roomId);
		for (const [id, task] of this.tasks) if (task.room_id === roomId) this.tasks.delete(id);
		for (const [id, file] of this.files) if (file.room_id === roomId) this.files.delete(id);
		this.onChange({ type: 'room_changed', room_id: roomId });
	}

	/**
	 * @param {Room} room
	 * @param {number} accountId
	 */
	leaveRoom(room, accountId) {
		room.members.delete(accountId);
		for (const [id, task] of this.tasks) if (task.room_id === room.room_id && task.account_id === accountId) this.tasks.delete(id);
		for (const [id, file] of this.files) if (file.room_id === room.room_id && file.account_id === accountId) this.files.delete(id);
		this.onChange({ type: 'room_changed', room_id: room.room_id });
	}

	/** @param {string} code */
	linkCodeTaken(code) {
		for (const room of this.rooms.values()) if (room.link?.code === code) return true;
		return false;
	}

	// --- messages -------------------------------------------------------------------

	/**
	 * @param {Room} room
	 * @param {number} accountId
	 * @param {string} body
	 * @param {{ selfUnread?: boolean, now: number }} options
	 */
	storeMessage(room, accountId, body, options) {
		const seq = this.nextSeq++;
		/** @type {Message} */
		const message = {
			message_id: String(FIRST_MESSAGE_ID + BigInt(seq - 1)),
			room_id: room.room_id,
			account_id: accountId,
			body,
			send_time: unixSeconds(options.now),
			update_time: 0,
			self_unread: options.selfUnread ? 1 : 0,
			sentAt: options.now,
			seq,
		};
		this.roomMessages(room.room_id).push(message);
		for (const memberId of room.members.keys()) {
			if (memberId !== accountId || options.selfUnread) this.unreadSet(memberId, room.room_id).add(seq);
		}
		this.onChange({ type: 'message_created', room_id: room.room_id, message_id: message.message_id });
		return message;
	}

	/**
	 * @param {Message} message
	 * @param {string} body
	 * @param {number} now virtual ms
	 */
	updateMessage(message, body, now) {
		message.body = body;
		message.update_time = unixSeconds(now);
		this.onChange({ type: 'message_updated', room_id: message.room_id, message_id: message.message_id });
	}

	/** @param {Message} message */
	deleteMessage(message) {
		const list = this.roomMessages(message.room_id);
		list.splice(list.indexOf(message), 1);
		this.onChange({ type: 'message_deleted', room_id: message.room_id, message_id: message.message_id });
	}

	/** @param {number} roomId */
	roomMessages(roomId) {
		let list = this.messagesByRoom.get(roomId);
		if (!list) {
			list = [];
			this.messagesByRoom.set(roomId, list);
		}
		return list;
	}

	/**
	 * @param {number} roomId
	 * @param {string} messageId
	 */
	findMessage(roomId, messageId) {
		const message = this.roomMessages(roomId).find((m) => m.message_id === messageId);
		if (!message) throw new ApiError(404, TEXT.messageNotFound);
		return message;
	}

	/**
	 * @param {number} roomId
	 * @param {number} now
	 */
	recordPost(roomId, now) {
		const times = this.posts.get(roomId) ?? [];
		times.push(now);
		this.posts.set(roomId, times);
	}

	/**
	 * @param {number} accountId
	 * @param {number} roomId
	 */
	unreadSet(accountId, roomId) {
		const key = `${accountId}:${roomId}`;
		let set = this.unread.get(key);
		if (!set) {
			set = new Set();
			this.unread.set(key, set);
		}
		return set;
	}

	/**
	 * @param {number} accountId
	 * @param {number} roomId
	 */
	unreadCounts(accountId, roomId) {
		const unread = this.unreadSet(accountId, roomId);
		let mentions = 0;
		for (const message of this.roomMessages(roomId)) {
			if (unread.has(message.seq) && mentionsAccount(message.body, accountId)) mentions++;
		}
		return { unread_num: unread.size, mention_num: mentions };
	}

	// --- files ----------------------------------------------------------------------

	/**
	 * @param {number} fileId
	 * @param {number} now
	 */
	createDownload(fileId, now) {
		const key = randomBytes(16).toString('hex');
		this.downloads.set(key, { fileId, expiresAt: now + 30_000 });
		return key;
	}

	// --- JSON views (RAML response shapes) ------------------------------------------

	/** @param {number} accountId */
	accountSummary(accountId) {
		const account = this.account(accountId);
		return { account_id: account.account_id, name: account.name, avatar_image_url: account.avatar_image_url };
	}

	/** @param {Account} account */
	meJson(account) {
		return { ...account };
	}

	/** @param {number} accountId */
	contactJson(accountId) {
		const account = this.account(accountId);
		return {
			account_id: account.account_id,
			name: account.name,
			chatwork_id: account.chatwork_id,
			organization_id: account.organization_id,
			organization_name: account.organization_name,
			department: account.department,
			avatar_image_url: account.avatar_image_url,
		};
	}

	/**
	 * @param {Room} room
	 * @param {number} accountId the caller: role and counts are theirs
	 * @param {boolean} withDescription only GET /rooms/{id} has it
	 */
	roomJson(room, accountId, withDescription) {
		const messages = this.roomMessages(room.room_id);
		const tasks = [...this.tasks.values()].filter((t) => t.room_id === room.room_id);
		const last = messages.length > 0 ? messages[messages.length - 1].sentAt : room.createdAt;
		const counts = this.unreadCounts(accountId, room.room_id);
		return {
			room_id: room.room_id,
			name: room.name,
			type: room.type,
			role: room.members.get(accountId) ?? 'member',
			sticky: room.sticky,
			unread_num: counts.unread_num,
			mention_num: counts.mention_num,
			mytask_num: tasks.filter((t) => t.account_id === accountId && t.status === 'open').length,
			message_num: messages.length,
			file_num: [...this.files.values()].filter((f) => f.room_id === room.room_id).length,
			task_num: tasks.length,
			icon_path: iconPath(room),
			last_update_time: unixSeconds(last),
			...(withDescription ? { description: room.description } : {}),
		};
	}

	/** @param {Message} message */
	messageJson(message) {
		return {
			message_id: message.message_id,
			account: this.accountSummary(message.account_id),
			body: message.body,
			send_time: message.send_time,
			update_time: message.update_time,
		};
	}

	/** @param {StoredTask} task */
	roomTaskJson(task) {
		return {
			task_id: task.task_id,
			account: this.accountSummary(task.account_id),
			assigned_by_account: this.accountSummary(task.assigned_by_account_id),
			message_id: task.message_id,
			body: task.body,
			limit_time: task.limit_time,
			status: task.status,
			limit_type: task.limit_type,
		};
	}

	/** @param {StoredTask} task */
	myTaskJson(task) {
		const room = this.rooms.get(task.room_id);
		return {
			task_id: task.task_id,
			room: { room_id: task.room_id, name: room?.name ?? '', icon_path: room ? iconPath(room) : '' },
			assigned_by_account: this.accountSummary(task.assigned_by_account_id),
			message_id: task.message_id,
			body: task.body,
			limit_time: task.limit_time,
			status: task.status,
			limit_type: task.limit_type,
		};
	}

	/** @param {StoredFile} file */
	fileJson(file) {
		return {
			file_id: file.file_id,
			account: this.accountSummary(file.account_id),
			message_id: file.message_id,
			filename: file.filename,
			filesize: file.filesize,
			upload_time: file.upload_time,
		};
	}

	/** @param {Room} room */
	linkJson(room) {
		if (!room.link) return { public: false };
		return {
			public: true,
			url: `https://www.chatwork.com/g/${room.link.code}`,
			need_acceptance: room.link.need_acceptance,
			description: room.link.description,
		};
	}

	/** @param {Room} room */
	membersByRole(room) {
		/** @type {{ admin: number[], member: number[], readonly: number[] }} */
		const result = { admin: [], member: [], readonly: [] };
		for (const [id, role] of room.members) result[role].push(id);
		return result;
	}
}

/**
 * Whether a body mentions the account: `[To:id]`, `[toall]` or a reply to it.
 * @param {string} body
 * @param {number} accountId
 */
function mentionsAccount(body, accountId) {
	return body.includes(`[To:${accountId}]`) || body.includes('[toall]') || body.includes(`[rp aid=${accountId} `);
}

/** @param {{ type: string, icon_preset: string }} room */
function iconPath(room) {
	return `https://appdata.chatwork.com/icon/ico_${room.type === 'group' ? room.icon_preset : room.type}.png`;
}

/** @param {string} [code] */
function linkCode(code) {
	return code ?? randomBytes(8).toString('base64url').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 10);
}

module.exports = {
	ChatworkState,
	DEFAULT_TOKEN,
	DEFAULT_ACCOUNTS,
	DEFAULT_ROOMS,
	ICON_PRESETS,
	MAX_LIST,
	unixSeconds,
	linkCode,
};
