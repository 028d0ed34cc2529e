import type { INodeProperties } from 'n8n-workflow';

import { parseIdList } from '../common.description';

const ICON_PRESETS: Array<[string, string]> = [
	['group', 'グループ'],
	['check', 'チェック'],
	['document', '資料'],
	['meeting', '会議'],
	['event', 'イベント'],
	['project', 'プロジェクト'],
	['business', 'ビジネス'],
	['study', '勉強'],
	['security', 'セキュリティ'],
	['star', 'スター'],
	['idea', 'アイデア'],
	['heart', 'ハート'],
	['magcup', 'マグカップ'],
	['beer', 'ビール'],
	['music', '音楽'],
	['sports', 'スポーツ'],
	['travel', '旅行'],
];

/** The room icon (icon_preset), in Chatwork's order. */
export const roomDescriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	description: 'Overview of the room, a template like Send\'s: {{company}} inserts a field of the incoming item',
};

export const iconPresetField: INodeProperties = {
	displayName: 'Icon',
	name: 'iconPreset',
	type: 'options',
	default: 'group',
	options: ICON_PRESETS.map(([value, label]) => ({
		name: value.charAt(0).toUpperCase() + value.slice(1),
		value,
		description: label,
	})).sort((a, b) => a.name.localeCompare(b.name)),
	description: 'The icon of the room',
};

/** Admin, member and read-only account lists as Chatwork's comma-separated form fields. */
export function memberForm(lists: {
	admins: unknown;
	members: unknown;
	readonly: unknown;
}): { form: Record<string, string>; notSent?: string } {
	const form: Record<string, string> = {};
	for (const [name, value, key] of [
		['Admins', lists.admins, 'members_admin_ids'],
		['Members', lists.members, 'members_member_ids'],
		['Read-Only Members', lists.readonly, 'members_readonly_ids'],
	] as const) {
		const ids = parseIdList(value ?? []);
		if (ids === undefined) return { form, notSent: `${name}: "${String(value)}" is not a list of account IDs such as "101,102".` };
		if (ids.length > 0) form[key] = ids.join(',');
	}
	if (!form.members_admin_ids) return { form, notSent: 'Choose at least one admin (Chatwork requires members_admin_ids).' };
	return { form };
}
