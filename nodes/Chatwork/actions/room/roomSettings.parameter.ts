import type { INodeProperties } from 'n8n-workflow';

/** Chatwork's icon presets with their Japanese names, in Chatwork's order. */
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

/** The room's description (a template), for Create and Update. */
export const roomDescriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	description: 'Overview of the room, a template like Send\'s: {{company}} inserts a field of the incoming item',
};

/** The room icon (icon_preset), its choices sorted by name as n8n wants. */
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
