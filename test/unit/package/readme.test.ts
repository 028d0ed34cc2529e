/**
 * The README is checked against the code, so it cannot drift again (issue 26).
 * Convention (CONTRIBUTING.md → Writing the README): in README.md and README.ja.md, **bold** is
 * only a label of this package exactly as the editor shows it (node, credential, parameter, option,
 * option value, output, credential picker), with " → " between levels; n8n's own screens are *italic*.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import fc from 'fast-check';
import type { ICredentialType, INodeType } from 'n8n-workflow';

import { ChatworkApi } from '../../../credentials/ChatworkApi.credentials';
import { ChatworkOAuth2Api } from '../../../credentials/ChatworkOAuth2Api.credentials';
import { ChatworkWebhookApi } from '../../../credentials/ChatworkWebhookApi.credentials';
import { SatoriKeepSubmissionsApi } from '../../../credentials/SatoriKeepSubmissionsApi.credentials';
import { SatoriWebhookAuthApi } from '../../../credentials/SatoriWebhookAuthApi.credentials';
import { Chatwork } from '../../../nodes/Chatwork/Chatwork.node';
import { ChatworkTrigger } from '../../../nodes/ChatworkTrigger/ChatworkTrigger.node';
import { SatoriWebhookTrigger } from '../../../nodes/SatoriWebhookTrigger/SatoriWebhookTrigger.node';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const README = read('README.md');
const README_JA = read('README.ja.md');
const pkg = JSON.parse(read('package.json')) as { repository: { url: string } };
/** https://github.com/owner/name, from package.json's repository. */
const REPO = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const RAW = REPO.replace('https://github.com/', 'https://raw.githubusercontent.com/');

const nodes: INodeType[] = [new Chatwork(), new ChatworkTrigger(), new SatoriWebhookTrigger()];
const credentials: ICredentialType[] = [new ChatworkApi(), new ChatworkOAuth2Api(), new ChatworkWebhookApi(), new SatoriWebhookAuthApi(), new SatoriKeepSubmissionsApi()];

/** Every label the editor can show for this package: display names, option names, outputs, pickers. */
function editorLabels(): Set<string> {
	const labels = new Set<string>();
	const walk = (value: unknown): void => {
		if (Array.isArray(value)) return value.forEach(walk);
		if (typeof value !== 'object' || value === null) return;
		const entry = value as Record<string, unknown>;
		if (typeof entry.displayName === 'string') labels.add(entry.displayName);
		// An option of an options/multiOptions list: { name, value }.
		if (typeof entry.name === 'string' && 'value' in entry) labels.add(entry.name);
		for (const key of ['options', 'values']) walk(entry[key]);
	};
	for (const node of nodes) {
		const description = node.description;
		labels.add(description.displayName);
		walk(description.properties);
		walk(description.credentials);
		for (const name of description.outputNames ?? []) labels.add(name);
		// An outputs expression (the SATORI trigger's Rejected output) holds its outputs as JSON.
		if (typeof description.outputs === 'string') {
			for (const match of description.outputs.matchAll(/"displayName":"([^"]+)"/g)) labels.add(match[1]);
		}
	}
	for (const credential of credentials) {
		labels.add(credential.displayName);
		walk(credential.properties);
	}
	return labels;
}

/** The **bold** spans of a Markdown text, outside code. */
function boldSpans(markdown: string): string[] {
	const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
	return [...text.matchAll(/\*\*([^*\n]+)\*\*/g)].map((match) => match[1]);
}

/** GitHub's heading anchor: lower case, punctuation and symbols removed (any script's letters kept), spaces → '-'. */
export function githubAnchor(heading: string): string {
	return heading
		.replace(/`/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
		.replace(/ /g, '-');
}

interface Heading {
	level: number;
	text: string;
}

function headings(markdown: string): Heading[] {
	const outsideCode = markdown.replace(/```[\s\S]*?```/g, '');
	return [...outsideCode.matchAll(/^(#{1,6}) (.+)$/gm)].map((match) => ({ level: match[1].length, text: match[2].trim() }));
}

/** The anchors GitHub gives a page's headings; a repeated one gets -1, -2… */
function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const { text } of headings(markdown)) {
		const base = githubAnchor(text);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.add(count === 0 ? base : `${base}-${count}`);
	}
	return result;
}

/** [text](target) and ![alt](target) links, outside code. */
function links(markdown: string): string[] {
	const text = markdown.replace(/```[\s\S]*?```/g, '');
	return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
}

describe.each([
	['README.md', README],
	['README.ja.md', README_JA],
])('%s', (file, markdown) => {
	const labels = editorLabels();

	it('names only labels the editor shows (every **bold** label, each level of "A → B")', () => {
		const unknown = boldSpans(markdown)
			.flatMap((span) => span.split(' → '))
			.filter((label) => !labels.has(label.trim()));
		expect(unknown).toEqual([]);
	});

	it('keeps no option name that the editor no longer shows', () => {
		for (const stale of ['Max Wait for Rate Limit', 'Max Rate Limit Wait', 'Customer Detail URL Template', 'Listen for test event']) {
			expect(markdown).not.toContain(stale);
		}
	});

	it('links only by absolute URL or to its own headings, so the links work on the npm page', () => {
		const own = anchors(markdown);
		for (const target of links(markdown)) {
			if (target.startsWith('#')) expect([target, own.has(decodeURIComponent(target.slice(1)))]).toEqual([target, true]);
			else expect(target).toMatch(/^(https:\/\/|mailto:)/);
		}
	});

	it("links files of this repository that exist (GitHub pages and images on main)", () => {
		for (const target of links(markdown)) {
			for (const prefix of [`${REPO}/blob/main/`, `${RAW}/main/`]) {
				if (!target.startsWith(prefix)) continue;
				const file = target.slice(prefix.length).split('#')[0];
				expect([file, existsSync(join(ROOT, file))]).toEqual([file, true]);
			}
		}
	});

	it('keeps the two commands a new machine runs, npm start and npm test', () => {
		const blocks = [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]);
		const commands = blocks.flatMap((block) => block.split('\n')).map((line) => line.replace(/#.*/, '').trim());
		expect(commands).toEqual(expect.arrayContaining(['npm start', 'npm test']));
	});

	it('lists all three nodes where it says how to find them after installing', () => {
		const install = markdown.slice(0, markdown.indexOf('\n### npm'));
		for (const node of nodes) expect(install).toContain(`**${node.description.displayName}**`);
	});

	it('documents every delivery value the node reports', () => {
		const states = read('nodes/Chatwork/transport/delivery.ts').match(/export type DeliveryState = ([^;]+);/)![1];
		const values = [...states.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]);
		expect(values.length).toBeGreaterThanOrEqual(4);
		for (const value of values) expect(markdown).toContain(`| \`${value}\` |`);
	});

	it('says the npm install leaves out peers', () => {
		expect(markdown).toContain('npm install --omit=peer n8n-nodes-satori-chatwork');
	});
});

describe('README.md and README.ja.md', () => {
	it('have the same sections: the same heading levels in the same order', () => {
		const levels = (markdown: string) => headings(markdown).map((heading) => heading.level);
		expect(levels(README_JA)).toEqual(levels(README));
	});

	it('name the same labels in the same sections', () => {
		const bySection = (markdown: string) => {
			const sections = markdown.split(/^## /m);
			return sections.map((section) => [...new Set(boldSpans(section))].sort());
		};
		expect(bySection(README_JA)).toEqual(bySection(README));
	});
});

describe('documentation links in the editor', () => {
	const ownAnchors = anchors(README);
	const inRepo = (url: string) => url.startsWith(REPO);

	it.each(credentials.map((credential) => [credential.name, credential.documentationUrl ?? '']))(
		'%s links a README heading that exists',
		(_name, url) => {
			if (!inRepo(url)) return expect(url).toMatch(/^https:\/\//);
			const anchor = new URL(url).hash.slice(1);
			expect(anchor).not.toBe('');
			expect([anchor, ownAnchors.has(decodeURIComponent(anchor))]).toEqual([anchor, true]);
		},
	);

	it.each(readdirSync(join(ROOT, 'nodes')).filter((dir) => existsSync(join(ROOT, 'nodes', dir, `${dir}.node.json`))))(
		"%s's codex links README headings that exist",
		(dir) => {
			const codex = JSON.parse(read(join('nodes', dir, `${dir}.node.json`))) as { resources: Record<string, Array<{ url: string }>> };
			const urls = Object.values(codex.resources).flat().map((resource) => resource.url);
			expect(urls.length).toBeGreaterThan(0);
			for (const url of urls) {
				const anchor = new URL(url).hash.slice(1);
				expect([url, ownAnchors.has(decodeURIComponent(anchor))]).toEqual([url, true]);
			}
		},
	);
});

describe('the pages the README links (docs/, CONTRIBUTING.md, CHANGELOG.md)', () => {
	const pages = ['CONTRIBUTING.md', 'CHANGELOG.md', ...readdirSync(join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];

	it.each(pages)('%s links files and headings that exist', (page) => {
		const dir = dirname(join(ROOT, page));
		for (const target of links(read(page))) {
			if (/^(https?:|mailto:)/.test(target)) continue;
			const [file, anchor] = target.split('#');
			const path = file === '' ? join(ROOT, page) : join(dir, file);
			expect([target, existsSync(path)]).toEqual([target, true]);
			if (anchor && path.endsWith('.md')) expect([target, anchors(readFileSync(path, 'utf8')).has(decodeURIComponent(anchor))]).toEqual([target, true]);
		}
	});

	it.each(pages)('%s keeps no option name that the editor no longer shows', (page) => {
		for (const stale of ['Max Wait for Rate Limit', 'Max Rate Limit Wait', 'Listen for test event']) expect(read(page)).not.toContain(stale);
	});
});

describe('githubAnchor', () => {
	it.each([
		['Chatwork Webhook API', 'chatwork-webhook-api'],
		['503 "Database is not ready"', '503-database-is-not-ready'],
		['"Unrecognized node type"', 'unrecognized-node-type'],
		['対応バージョン', '対応バージョン'],
		['認証情報（Credentials）', '認証情報credentials'],
		['401・403', '401403'],
		['Delivery options (Delivery → …)', 'delivery-options-delivery--'],
		['`npm run bench`', 'npm-run-bench'],
	])('%s → #%s, as GitHub makes it', (heading, anchor) => {
		expect(githubAnchor(heading)).toBe(anchor);
	});

	it('gives anchors GitHub can link: no spaces, no upper case, only letters, digits, - and _ (generated)', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 40 }), (heading) => {
				const anchor = githubAnchor(heading);
				expect(anchor).not.toMatch(/\s/);
				expect(anchor).toBe(anchor.toLowerCase());
				expect(anchor).toMatch(/^[\p{L}\p{M}\p{N}\p{Pc}-]*$/u);
			}),
		);
	});
});
