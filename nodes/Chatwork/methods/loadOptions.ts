import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { parseRoomId } from '../actions/shared/room.parameter';
import { chatworkApiRequest } from '../../shared/chatwork/client';
import { readAuthentication } from '../actions/shared/authentication.parameter';

interface ChatworkPerson {
	account_id: number;
	name: string;
	role?: string;
	organization_name?: string;
}

function option(person: ChatworkPerson): INodePropertyOptions {
	const details = [person.organization_name, person.role].filter(Boolean).join(' · ');
	return { name: person.name || String(person.account_id), value: person.account_id, description: details || undefined };
}

/** Members of the room chosen in the Room picker, for assignees and member lists. */
export async function getRoomMembers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const roomId = parseRoomId(this.getCurrentNodeParameter('roomId', { extractValue: true }));
	if (roomId === undefined) return [];
	const members = ((await chatworkApiRequest(this, readAuthentication(this), { method: 'GET', path: `/rooms/${roomId}/members` })) ??
		[]) as ChatworkPerson[];
	return members.map(option);
}

/** Contacts of the account (204 = none), for member lists of a new room. */
export async function getContacts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const me = (await chatworkApiRequest(this, readAuthentication(this), { method: 'GET', path: '/me' })) as ChatworkPerson | null;
	const contacts = ((await chatworkApiRequest(this, readAuthentication(this), { method: 'GET', path: '/contacts' })) ?? []) as ChatworkPerson[];
	const people = me ? [{ ...me, name: `${me.name} (me / 自分)` }, ...contacts] : contacts;
	return people.map(option);
}

/** IANA time zones for the Time Zone picker; the stored value stays the plain zone name. */
export async function getTimeZones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const zones = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
	return [...zones].sort((a, b) => a.localeCompare(b)).map((zone) => ({ name: zone, value: zone }));
}
