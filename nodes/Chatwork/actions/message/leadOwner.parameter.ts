import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_TIME_ZONE } from '../../template/options';
import type { TemplateOptions } from '../../template';
import type { ChatworkRequest } from '../../../shared/chatwork/types';
import { parseIdList } from '../shared/accounts.parameter';
import { chatworkTextReader } from '../shared/text.parameter';
import type { DutyShift, OwnerRule, Weekday } from './leadOwner';
import { chooseOwner, isTimeZone, WEEKDAYS } from './leadOwner';

const DAY_NAMES: Record<Weekday, string> = {
	mon: 'Monday (月)',
	tue: 'Tuesday (火)',
	wed: 'Wednesday (水)',
	thu: 'Thursday (木)',
	fri: 'Friday (金)',
	sat: 'Saturday (土)',
	sun: 'Sunday (日)',
};

/** Send's Lead Owner: who takes the lead, mentioned in the message, optionally with a task due in N minutes. */
export function leadOwnerCollection(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Lead Owner',
		name: 'owner',
		type: 'collection',
		placeholder: 'Add owner setting',
		default: {},
		description: 'Who takes each lead: mentioned in the message, given a task, and named in the history item (assignee)',
		displayOptions: { show },
		options: [
			{
				displayName: 'Duty Roster (当番表)',
				name: 'roster',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add shift',
				description: 'Who is on duty when. A lead goes to one of the accounts on duty when it came in (round robin among them).',
				options: [
					{
						displayName: 'Shift',
						name: 'entries',
						values: [
							{
								displayName: 'Days',
								name: 'days',
								type: 'multiOptions',
								default: ['mon', 'tue', 'wed', 'thu', 'fri'],
								options: WEEKDAYS.map((day) => ({ name: DAY_NAMES[day], value: day })).sort((a, b) => a.name.localeCompare(b.name)),
								description: 'The days the shift starts on',
							},
							{
								displayName: 'From',
								name: 'from',
								type: 'string',
								default: '09:00',
								placeholder: 'e.g. 09:00',
								description: 'Start, local time (HH:MM)',
							},
							{
								displayName: 'To',
								name: 'to',
								type: 'string',
								default: '18:00',
								placeholder: 'e.g. 18:00',
								description: 'End, local time (HH:MM). Earlier than From runs past midnight (22:00–06:00); equal to From is 24 hours.',
							},
							{
								displayName: 'Account IDs',
								name: 'accountIds',
								type: 'string',
								default: '',
								placeholder: 'e.g. 101, 102',
								description: 'Who is on duty in this shift (Chatwork account IDs)',
							},
						],
					},
				],
			},
			{
				displayName: 'Fallback Owner',
				name: 'fallbackAccountId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 100',
				description: 'Account ID that takes the lead when nobody on the roster is on duty (nights, weekends, holidays), e.g. the team lead',
			},
			{
				displayName: 'Holidays',
				name: 'holidays',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026-12-31, 2027-01-01',
				description: 'Local dates (YYYY-MM-DD) on which no shift starts: leads go to the Fallback Owner',
			},
			{
				displayName: 'Lead Key',
				name: 'leadKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.email }}',
				description:
					'What identifies the lead for round robin: the same key always gets the same owner, on any worker and in any retry. Empty: the submissionId the SATORI Webhook Trigger sets, else the whole item.',
			},
			{
				displayName: 'Mention Owner',
				name: 'mention',
				type: 'boolean',
				default: true,
				description: 'Whether the message starts with [To:owner], so the owner is notified',
			},
			{
				displayName: 'Owners (Round Robin)',
				name: 'accountIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 101, 102, 103',
				description: 'Account IDs that take turns when there is no Duty Roster (each lead goes to one of them, spread evenly)',
			},
			{
				displayName: 'Task Due In (Minutes)',
				name: 'taskDueInMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'When the owner\'s task is due, counted from when it is created',
			},
			{
				displayName: 'Task for Owner',
				name: 'taskText',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				placeholder: 'e.g. 対応してください: {{company}} {{name}}様',
				description: 'A task created for the owner right after the message, a template like the message. Empty: no task.',
			},
			{
				displayName: 'Time Zone Name or ID',
				name: 'timeZone',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTimeZones' },
				default: 'Asia/Tokyo',
				description: 'The time zone the roster and holidays are written in. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	};
}

interface OwnerSettings {
	accountIds?: string;
	roster?: { entries?: Array<{ days?: string[]; from?: string; to?: string; accountIds?: string }> };
	timeZone?: string;
	holidays?: string;
	fallbackAccountId?: string | number;
	leadKey?: string;
	mention?: boolean;
	taskText?: string;
	taskDueInMinutes?: number;
}

/** The owner of one item and what the node does for them, or why the item cannot be sent. */
export type ItemOwner =
	| { assignee: number; mentionPrefix: string; task?: { text: string; dueInMinutes: number }; emptyVariables: string[]; notSent?: undefined }
	| { notSent: string; assignee?: number; emptyVariables: string[] };

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$|^(24):(00)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function minutesOf(value: unknown, label: string): number {
	const match = TIME.exec(String(value ?? '').trim());
	if (!match) throw new Error(`${label} "${String(value ?? '')}" is not a time like 09:00.`);
	return Number(match[1] ?? match[3]) * 60 + Number(match[2] ?? match[4]);
}

function accountList(value: unknown, label: string): number[] {
	const ids = parseIdList(value ?? '');
	if (ids === undefined) throw new Error(`${label} "${String(value)}" is not a list of Chatwork account IDs such as "101, 102".`);
	return ids;
}

/** The rule from the parameters; a mistake in them is the workflow's, so it stops the execution with what is wrong. */
export function ownerRule(settings: OwnerSettings): OwnerRule {
	const timeZone = String(settings.timeZone ?? '').trim() || DEFAULT_TIME_ZONE;
	if (!isTimeZone(timeZone)) throw new Error(`Lead Owner → Time Zone "${timeZone}" is not a time zone name such as Asia/Tokyo.`);
	const holidays = String(settings.holidays ?? '')
		.split(/[,、\s]+/)
		.filter(Boolean);
	const badDate = holidays.find((date) => !DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)));
	if (badDate !== undefined) throw new Error(`Lead Owner → Holidays: "${badDate}" is not a date like 2026-12-31.`);
	const roster: DutyShift[] = (settings.roster?.entries ?? []).map((entry, index) => {
		const label = `Lead Owner → Duty Roster, shift ${index + 1}:`;
		const days = (entry.days ?? []).filter((day): day is Weekday => (WEEKDAYS as readonly string[]).includes(day));
		const accountIds = accountList(entry.accountIds, `${label} Account IDs`);
		if (accountIds.length === 0) throw new Error(`${label} add the account IDs on duty.`);
		return { days, from: minutesOf(entry.from ?? '09:00', `${label} From`), to: minutesOf(entry.to ?? '18:00', `${label} To`), accountIds };
	});
	const fallback = accountList(settings.fallbackAccountId, 'Lead Owner → Fallback Owner');
	if (fallback.length > 1) throw new Error('Lead Owner → Fallback Owner takes one account ID.');
	return {
		accountIds: accountList(settings.accountIds, 'Lead Owner → Owners (Round Robin)'),
		roster,
		timeZone,
		holidays: new Set(holidays),
		fallbackAccountId: fallback[0] ?? null,
	};
}

/** When the lead came in: its submittedAt (so a retry later finds the same shift), else now. */
function leadTime(json: IDataObject): Date {
	const submitted = typeof json.submittedAt === 'string' ? Date.parse(json.submittedAt) : NaN;
	return new Date(Number.isFinite(submitted) ? submitted : Date.now());
}

/** The item's key: the Lead Key, else the submissionId, else the item itself (keys sorted, so the same lead reads the same). */
function defaultKey(json: IDataObject): string {
	const id = json.submissionId;
	if ((typeof id === 'string' && id !== '') || typeof id === 'number') return String(id);
	return JSON.stringify(json, (_key, value: unknown) =>
		value && typeof value === 'object' && !Array.isArray(value)
			? Object.fromEntries(Object.entries(value as IDataObject).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: value,
	);
}

/** Reads Lead Owner once per execution; undefined when Send has none set. */
export function leadOwnerReader(ctx: IExecuteFunctions, options: TemplateOptions): ((itemIndex: number) => ItemOwner) | undefined {
	const raw = ctx.getNode().parameters.owner as IDataObject | undefined;
	if (!raw || Object.keys(raw).length === 0) return undefined;
	const items = ctx.getInputData();
	const readTask =
		String(raw.taskText ?? '').trim() === ''
			? undefined
			: chatworkTextReader(ctx, options, { parameter: 'owner.taskText', label: 'Task for Owner', noun: 'task' });
	return (itemIndex) => {
		const settings = ctx.getNodeParameter('owner', itemIndex, {}) as OwnerSettings;
		let rule: OwnerRule;
		try {
			rule = ownerRule(settings);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message);
		}
		const json = items[itemIndex].json;
		const key = String(settings.leadKey ?? '').trim() || defaultKey(json);
		const choice = chooseOwner(rule, leadTime(json), key);
		if (choice.accountId === undefined) return { notSent: choice.none, emptyVariables: [] };
		const assignee = choice.accountId;
		const mentionPrefix = settings.mention === false ? '' : `[To:${assignee}]\n`;
		if (!readTask) return { assignee, mentionPrefix, emptyVariables: [] };
		const task = readTask(itemIndex);
		if (task.notSent !== undefined) return { notSent: `Task for Owner: ${task.notSent}`, assignee, emptyVariables: task.emptyVariables };
		const dueInMinutes = Number(settings.taskDueInMinutes ?? 60);
		if (!(Number.isFinite(dueInMinutes) && dueInMinutes > 0)) {
			throw new NodeOperationError(ctx.getNode(), `Lead Owner → Task Due In (Minutes) must be a positive number; got "${String(settings.taskDueInMinutes)}".`);
		}
		return { assignee, mentionPrefix, task: { text: task.text, dueInMinutes }, emptyVariables: task.emptyVariables };
	};
}

/** The owner's task, due N minutes from now (scaled on the look-alike's clock, as every other wait). */
export function ownerTaskRequest(roomId: number, assignee: number, task: { text: string; dueInMinutes: number }, scale: number, now = Date.now()): ChatworkRequest {
	const limit = Math.ceil((now + task.dueInMinutes * 60_000 * scale) / 1000);
	return {
		method: 'POST',
		path: `/rooms/${roomId}/tasks`,
		form: { body: task.text, to_ids: String(assignee), limit_type: 'time', limit },
		postsToRoom: roomId,
	};
}
