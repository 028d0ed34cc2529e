import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { chatworkApiRequest } from '../../shared/chatwork/client';
import { readAuthentication } from '../actions/shared/authentication.parameter';

interface ChatworkRoom {
	room_id: number;
	name: string;
	type?: string;
}

/** Rooms of the account for the Room picker, filtered by the text typed in the search box. */
export async function searchRooms(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const rooms = ((await chatworkApiRequest(this, readAuthentication(this), { method: 'GET', path: '/rooms' })) ?? []) as ChatworkRoom[];
	const needle = filter?.trim().toLowerCase();
	const results = rooms
		.filter((room) => !needle || room.name.toLowerCase().includes(needle) || String(room.room_id) === needle)
		.map((room) => ({
			name: room.name,
			value: String(room.room_id),
			url: `https://www.chatwork.com/#!rid${room.room_id}`,
		}));
	return { results };
}
