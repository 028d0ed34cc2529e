// Chatwork's OAuth2 scopes and which one each API endpoint needs (developer.chatwork.com/docs/oauth,
// Chatwork's scope list). The credential offers them; a 403 names the one missing.

/** One OAuth2 scope as the credential offers it. */
export interface ChatworkScope {
	value: string;
	description: string;
	/** The narrower scopes this one grants as well. */
	includes?: string[];
}

export const CHATWORK_SCOPES: ChatworkScope[] = [
	{ value: 'offline_access', description: 'Keep the connection without signing in again (the refresh token does not expire after 14 days)' },
	{
		value: 'users.all:read',
		description: 'Your profile, unread counts and tasks (Me)',
		includes: ['users.profile.me:read', 'users.status.me:read', 'users.tasks.me:read'],
	},
	{ value: 'users.profile.me:read', description: 'Your profile (Me → Get; the credential test)' },
	{ value: 'users.status.me:read', description: 'Your unread and task counts (Me → Get Status)' },
	{ value: 'users.tasks.me:read', description: 'Your tasks (Me → Get Tasks)' },
	{
		value: 'rooms.all:read_write',
		description: 'Everything in your rooms: messages, tasks, files, members, settings',
		includes: ['rooms.all:read', 'rooms.all:write'],
	},
	{
		value: 'rooms.all:read',
		description: 'Read everything in your rooms',
		includes: ['rooms.info:read', 'rooms.members:read', 'rooms.messages:read', 'rooms.tasks:read', 'rooms.files:read'],
	},
	{
		value: 'rooms.all:write',
		description: 'Change everything in your rooms',
		includes: ['rooms:write', 'rooms.info:write', 'rooms.members:write', 'rooms.messages:write', 'rooms.tasks:write', 'rooms.files:write'],
	},
	{ value: 'rooms:write', description: 'Create rooms, leave or delete them' },
	{ value: 'rooms.info:read', description: 'List your rooms and read their settings and invitation links (the room picker)' },
	{ value: 'rooms.info:write', description: 'Change room settings and invitation links' },
	{ value: 'rooms.members:read', description: 'Room members (the member pickers)' },
	{ value: 'rooms.members:write', description: 'Change room members' },
	{ value: 'rooms.messages:read', description: 'Read messages' },
	{ value: 'rooms.messages:write', description: 'Send, edit and delete messages; mark them read or unread' },
	{ value: 'rooms.tasks:read', description: 'Read tasks' },
	{ value: 'rooms.tasks:write', description: 'Create tasks and change their status' },
	{ value: 'rooms.files:read', description: 'Read files and download them' },
	{ value: 'rooms.files:write', description: 'Upload files' },
	{
		value: 'contacts.all:read_write',
		description: 'Contacts and contact requests',
		includes: ['contacts.all:read', 'contacts.all:write'],
	},
	{ value: 'contacts.all:read', description: 'Read contacts and contact requests' },
	{ value: 'contacts.all:write', description: 'Accept or reject contact requests' },
];

/** What the lead flow needs (the room picker, Message → Send, the credential test), and staying connected. */
export const DEFAULT_SCOPES = ['rooms.info:read', 'rooms.messages:write', 'users.profile.me:read', 'offline_access'];

/** Path templates of Chatwork API v2 with the scope each method needs. */
const ENDPOINT_SCOPES: Array<[RegExp, Record<string, string>]> = [
	[/^\/me$/, { GET: 'users.profile.me:read' }],
	[/^\/my\/status$/, { GET: 'users.status.me:read' }],
	[/^\/my\/tasks$/, { GET: 'users.tasks.me:read' }],
	[/^\/contacts$/, { GET: 'contacts.all:read' }],
	[/^\/incoming_requests$/, { GET: 'contacts.all:read' }],
	[/^\/incoming_requests\/\d+$/, { PUT: 'contacts.all:write', DELETE: 'contacts.all:write' }],
	[/^\/rooms$/, { GET: 'rooms.info:read', POST: 'rooms:write' }],
	[/^\/rooms\/\d+$/, { GET: 'rooms.info:read', PUT: 'rooms.info:write', DELETE: 'rooms:write' }],
	[/^\/rooms\/\d+\/members$/, { GET: 'rooms.members:read', PUT: 'rooms.members:write' }],
	[/^\/rooms\/\d+\/messages$/, { GET: 'rooms.messages:read', POST: 'rooms.messages:write' }],
	[/^\/rooms\/\d+\/messages\/(read|unread)$/, { PUT: 'rooms.messages:write' }],
	[/^\/rooms\/\d+\/messages\/\d+$/, { GET: 'rooms.messages:read', PUT: 'rooms.messages:write', DELETE: 'rooms.messages:write' }],
	[/^\/rooms\/\d+\/tasks$/, { GET: 'rooms.tasks:read', POST: 'rooms.tasks:write' }],
	[/^\/rooms\/\d+\/tasks\/\d+$/, { GET: 'rooms.tasks:read' }],
	[/^\/rooms\/\d+\/tasks\/\d+\/status$/, { PUT: 'rooms.tasks:write' }],
	[/^\/rooms\/\d+\/files$/, { GET: 'rooms.files:read', POST: 'rooms.files:write' }],
	[/^\/rooms\/\d+\/files\/\d+$/, { GET: 'rooms.files:read' }],
	[/^\/rooms\/\d+\/link$/, { GET: 'rooms.info:read', POST: 'rooms.info:write', PUT: 'rooms.info:write', DELETE: 'rooms.info:write' }],
];

/** The narrowest scope a request needs, e.g. `POST /rooms/1/messages` → `rooms.messages:write`. */
export function scopeFor(method: string, path: string): string | undefined {
	const bare = path.split('?')[0];
	for (const [pattern, methods] of ENDPOINT_SCOPES) {
		if (pattern.test(bare)) return methods[method.toUpperCase()];
	}
	return undefined;
}

const INCLUDES = new Map(CHATWORK_SCOPES.map((scope) => [scope.value, scope.includes ?? []]));

/** Every scope the granted ones amount to, umbrella scopes expanded. */
export function expandScopes(granted: Iterable<string>): Set<string> {
	const all = new Set<string>();
	const pending = [...granted];
	for (let scope = pending.pop(); scope !== undefined; scope = pending.pop()) {
		if (all.has(scope)) continue;
		all.add(scope);
		pending.push(...(INCLUDES.get(scope) ?? []));
	}
	return all;
}
