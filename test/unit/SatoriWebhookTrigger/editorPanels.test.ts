/** What the editor shows: codex search aliases, the trigger's panel texts and field rows, the test form's answer. */
import fs from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import type { INodeProperties } from 'n8n-workflow';

import { SatoriWebhookAuthApi } from '../../../credentials/SatoriWebhookAuthApi.credentials';
import { Chatwork } from '../../../nodes/Chatwork/Chatwork.node';
import { ChatworkTrigger } from '../../../nodes/ChatworkTrigger/ChatworkTrigger.node';
import { SatoriWebhookTrigger } from '../../../nodes/SatoriWebhookTrigger/SatoriWebhookTrigger.node';
import { answerForTestForm, testFormPage } from '../../../nodes/SatoriWebhookTrigger/answers/testFormPage';

const root = path.join(__dirname, '..', '..', '..');
const codex = (file: string) => JSON.parse(fs.readFileSync(path.join(root, 'nodes', file), 'utf8'));

describe('codex files', () => {
	it.each([
		['Chatwork/Chatwork.node.json', 'chatwork', 'Communication', ['チャットワーク', '通知']],
		['SatoriWebhookTrigger/SatoriWebhookTrigger.node.json', 'satoriWebhookTrigger', 'Marketing', ['フォーム', 'form', 'lead', 'webhook', 'リード']],
		['ChatworkTrigger/ChatworkTrigger.node.json', 'chatworkTrigger', 'Communication', ['チャットワーク', 'mention', 'メンション', '返信', 'webhook']],
	])('%s names its node, its category and the words users search for', (file, name, category, words) => {
		const data = codex(file);
		expect(data.node).toBe(`n8n-nodes-satori-chatwork.${name}`);
		expect(data.categories).toContain(category);
		expect(data.alias).toEqual(expect.arrayContaining(words as string[]));
		expect(data.resources.primaryDocumentation[0].url).toMatch(/^https:\/\/github\.com\/.+#/);
	});

	it("the Chatwork node's codex carries the trigger's search words too: n8n lists the Chatwork Trigger under the Chatwork app", () => {
		const app = codex('Chatwork/Chatwork.node.json').alias as string[];
		expect(app).toEqual(expect.arrayContaining(['mention', 'メンション', '返信']));
	});

	it('the build copies each codex next to its compiled node', () => {
		expect(fs.readFileSync(path.join(root, 'gulpfile.js'), 'utf8')).toMatch(/node\.json/);
	});
});

describe('the SATORI Webhook Trigger panel', () => {
	const description = new SatoriWebhookTrigger().description;
	const property = (name: string) => description.properties.find((item) => item.name === name)!;
	const fieldValues = (property('fields').options as Array<{ values: INodeProperties[] }>)[0].values;
	const fieldValue = (name: string) => fieldValues.find((item) => item.name === name)!;

	it('uses an e.g. placeholder for Path and triggerPanel texts that say where the URL goes', () => {
		expect(property('path')).toMatchObject({ default: '', placeholder: 'e.g. satori-lead' });
		expect(description.triggerPanel).toMatchObject({ header: expect.stringContaining('Test URL') });
		const panel = description.triggerPanel as { executionsHelp: { inactive: string }; activationHint: { inactive: string } };
		expect(panel.activationHint.inactive).toContain('Production URL');
		expect(panel.executionsHelp.inactive).toContain('SATORI');
	});

	it('says which button to click, where the URLs are and how to get the test form', () => {
		const panel = description.triggerPanel as { executionsHelp: Record<'inactive' | 'active', string>; activationHint: { inactive: string } };
		for (const text of [panel.executionsHelp.inactive, panel.executionsHelp.active]) {
			expect(text).toContain('<i>Execute step</i>');
			expect(text).toContain('<i>Webhook URLs</i> at the top of the middle column');
			expect(text).toContain('Serve Test Form on GET');
			expect(text).not.toContain('Listen for test event');
		}
		expect(panel.activationHint.inactive).toContain('Execute step');
	});

	it('keeps option labels short enough for the Options list (no "Customer Detail URL Tem…")', () => {
		const options = property('options').options as INodeProperties[];
		for (const option of options) expect(option.displayName.length).toBeLessThanOrEqual(25);
		expect(options.find((option) => option.name === 'customerDetailUrlTemplate')?.displayName).toBe('Customer URL Template');
	});

	it('shows Max Length only for text-like types and Allowed Values only for Choice, each type described', () => {
		expect(fieldValue('maxLength').displayOptions).toEqual({ show: { type: ['email', 'phone', 'text', 'url'] } });
		expect(fieldValue('choices').displayOptions).toEqual({ show: { type: ['choice'] } });
		for (const option of fieldValue('type').options as Array<{ description?: string }>) expect(option.description).toBeTruthy();
	});

	it('puts the credential below Authentication, with a short option label and required secrets', () => {
		const names = description.properties.map((item) => item.name);
		expect(names.indexOf('credential')).toBe(names.indexOf('authentication') + 1);
		expect(property('credential').type).toBe('credentials');
		for (const option of property('authentication').options as Array<{ name: string }>) expect(option.name.length).toBeLessThanOrEqual(25);
		const secrets = new SatoriWebhookAuthApi().properties.filter((item) => item.typeOptions?.password);
		expect(secrets.map((item) => item.required)).toEqual(secrets.map(() => true));
	});
});

describe('the test form', () => {
	const settings = { fields: [], language: 'ja' as const, honeypotField: '', httpMethod: 'POST', useCredential: false };

	it('marks its submissions, so their answer can be a page', () => {
		expect(testFormPage(settings)).toContain('action="?test_form=1"');
	});

	it('answers a test-form submission with a page when the node answers JSON, and changes nothing else (generated)', () => {
		fc.assert(
			fc.property(fc.constantFrom('json', 'redirect', 'html'), fc.boolean(), fc.dictionary(fc.string(), fc.string()), (answer, fromForm, query) => {
				const withForm = fromForm ? { ...query, test_form: '1' } : Object.fromEntries(Object.entries(query).filter(([key]) => key !== 'test_form'));
				const result = answerForTestForm({ answer, other: 1 }, withForm);
				expect(result).toEqual({ answer: fromForm && answer === 'json' ? 'html' : answer, other: 1 });
			}),
		);
	});
});

describe('help text', () => {
	it('is English with the Japanese term added, never "English / 日本語"', () => {
		const texts: string[] = [];
		const walk = (properties: INodeProperties[]) => {
			for (const item of properties) {
				texts.push(String(item.description ?? ''), String(item.hint ?? ''));
				for (const option of (item.options ?? []) as Array<INodeProperties & { values?: INodeProperties[]; description?: string }>) {
					texts.push(String(option.description ?? ''));
					if ('type' in option && option.type) walk([option]);
					if (option.values) walk(option.values);
				}
			}
		};
		walk(new Chatwork().description.properties);
		walk(new SatoriWebhookTrigger().description.properties);
		const bilingualTail = /\s\/\s[^/]*[\u3040-\u30ff\u4e00-\u9fff]/;
		expect(texts.filter((text) => bilingualTail.test(text))).toEqual([]);
	});
});

describe('the Chatwork Trigger on the canvas', () => {
	const subtitle = new ChatworkTrigger().description.subtitle as string;
	// The subtitle is an n8n expression over $parameter: run its JavaScript as n8n would.
	const render = (events: unknown) =>
		new Function('$parameter', `return ${subtitle.replace(/^=\{\{/, '').replace(/\}\}$/, '')}`)({ events }) as string;

	it('names the events as the Events list does, not by their raw values', () => {
		expect(render(['message_created', 'mention_to_me'])).toBe('Message Created, Mention to Me');
		expect(render(['message_updated'])).toBe('Message Updated');
		expect(render(undefined)).toBe('');
	});

	it('uses the Events option labels', () => {
		const events = new ChatworkTrigger().description.properties.find((item) => item.name === 'events')!;
		const options = events.options as Array<{ name: string; value: string }>;
		expect(render(options.map((option) => option.value))).toBe(options.map((option) => option.name).join(', '));
	});
});
