import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseId } from './ids.parameter';

/**
 * Account IDs from a picker (an array) or an expression ("101, 102", [101, "102"], 101).
 * Undefined when any part is not an ID; duplicates are dropped, order kept.
 */
export function parseIdList(value: unknown): number[] | undefined {
	const parts = Array.isArray(value)
		? value
		: typeof value === 'number'
			? [value]
			: String(value ?? '')
					.split(/[,、\s]+/)
					.filter((part) => part !== '');
	const ids: number[] = [];
	for (const part of parts) {
		const id = parseId(part);
		if (id === undefined) return undefined;
		if (!ids.includes(id)) ids.push(id);
	}
	return ids;
}

/** Where an account picker takes its list from: the chosen room's members, or the account's contacts. */
const ACCOUNT_LISTS = {
	roomMembers: { loadOptionsMethod: 'getRoomMembers', loadOptionsDependsOn: ['roomId.value'] },
	contacts: { loadOptionsMethod: 'getContacts' },
};

/** Account IDs picked from a list (or given by expression), e.g. assignees or room members. */
export function accountsField(
	from: keyof typeof ACCOUNT_LISTS,
	displayName: string,
	name: string,
	description: string,
	show: Record<string, string[]>,
	required = false,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'multiOptions',
		typeOptions: ACCOUNT_LISTS[from],
		default: [],
		required,
		description: `${description}. Choose from the list or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>, e.g. "101,102".`,
		displayOptions: { show },
	};
}

/** The Admins, Members and Read-Only Members pickers of a room (Create, Update Members). */
export function memberListFields(from: keyof typeof ACCOUNT_LISTS, show: Record<string, string[]>, adminsDescription: string): INodeProperties[] {
	return [
		accountsField(from, 'Admins', 'adminIds', adminsDescription, show, true),
		accountsField(from, 'Members', 'memberIds', 'Accounts that can post', show),
		accountsField(from, 'Read-Only Members', 'readonlyIds', 'Accounts that can only read', show),
	];
}

/** The three member lists of an item as Chatwork's comma-separated form fields, or why they cannot be sent. */
export function readMemberLists(ctx: IExecuteFunctions, itemIndex: number): { form: Record<string, string>; notSent?: string } {
	const lists = [
		['Admins', ctx.getNodeParameter('adminIds', itemIndex, []), 'members_admin_ids'],
		['Members', ctx.getNodeParameter('memberIds', itemIndex, []), 'members_member_ids'],
		['Read-Only Members', ctx.getNodeParameter('readonlyIds', itemIndex, []), 'members_readonly_ids'],
	] as const;
	const form: Record<string, string> = {};
	for (const [label, value, key] of lists) {
		const ids = parseIdList(value ?? []);
		if (ids === undefined) return { form, notSent: `${label}: "${String(value)}" is not a list of account IDs such as "101,102".` };
		if (ids.length > 0) form[key] = ids.join(',');
	}
	if (!form.members_admin_ids) return { form, notSent: 'Choose at least one admin (Chatwork requires members_admin_ids).' };
	return { form };
}
