import type { FieldDefinition, TriggerSettings } from '../settings';
import { pageText } from './answerTexts';
import { escapeHtml, htmlPage } from './htmlPage';

/** The page a browser gets on GET when "Serve Test Form on GET" is on: the declared fields, posting to the same URL. */
const INPUT_TYPES: Partial<Record<FieldDefinition['type'], string>> = {
	email: 'email',
	phone: 'tel',
	url: 'url',
	number: 'number',
	date: 'date',
	file: 'file',
};

function control(field: FieldDefinition, id: string): string {
	const name = escapeHtml(field.key);
	const required = field.required ? ' required' : '';
	const maxLength = field.maxLength > 0 ? ` maxlength="${field.maxLength}"` : '';
	if (field.type === 'boolean') {
		return `<input type="checkbox" id="${id}" name="${name}" value="true"${required}>`;
	}
	if (field.type === 'choice') {
		const options = field.choices
			.map((choice) => `<option value="${escapeHtml(choice)}">${escapeHtml(choice)}</option>`)
			.join('');
		return `<select id="${id}" name="${name}"${required}><option value=""></option>${options}</select>`;
	}
	if (field.type === 'text' && (field.maxLength === 0 || field.maxLength > 200)) {
		return `<textarea id="${id}" name="${name}" rows="3"${required}${maxLength}></textarea>`;
	}
	const type = INPUT_TYPES[field.type] ?? 'text';
	const multiple = field.type === 'file' ? ' multiple' : '';
	return `<input type="${type}" id="${id}" name="${name}"${required}${maxLength}${multiple}>`;
}

/** Marks a submission from the test form, whose person in a browser should read a page, not JSON. */
const TEST_FORM_QUERY = 'test_form';

/** Settings for answering one request: the test form's submitter gets the HTML pages instead of a JSON answer. */
export function answerForTestForm<T extends { answer: string }>(settings: T, query: unknown): T {
	const fromTestForm = (query as Record<string, unknown> | undefined)?.[TEST_FORM_QUERY] !== undefined;
	return fromTestForm && settings.answer === 'json' ? { ...settings, answer: 'html' } : settings;
}

export function testFormPage(
	settings: Pick<TriggerSettings, 'fields' | 'language' | 'honeypotField' | 'httpMethod' | 'useCredential'>,
): string {
	const text = pageText[settings.language];
	const hasFile = settings.fields.some((field) => field.type === 'file');
	const rows = settings.fields.map((field, index) => {
		const id = `f${index}`;
		const label = escapeHtml(field.label || field.key) + (field.required ? ` <small>(${text.required})</small>` : '');
		return `<label for="${id}">${label}</label>\n${control(field, id)}`;
	});
	if (settings.honeypotField !== '') {
		rows.push(
			`<div class="hp" aria-hidden="true"><input type="text" name="${escapeHtml(settings.honeypotField)}" tabindex="-1" autocomplete="off"></div>`,
		);
	}
	const notices = [
		settings.useCredential ? text.authNotice : '',
		settings.httpMethod !== 'POST' ? text.putNotice : '',
	]
		.filter((notice) => notice !== '')
		.map((notice) => `<p class="notice">${escapeHtml(notice)}</p>`)
		.join('\n');
	const enctype = hasFile ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
	const form = `<form method="post" action="?${TEST_FORM_QUERY}=1" enctype="${enctype}" accept-charset="UTF-8">
${rows.join('\n')}
<button type="submit">${escapeHtml(text.submit)}</button>
</form>`;
	return htmlPage(settings.language, text.testFormTitle, `${notices}\n${form}`);
}
