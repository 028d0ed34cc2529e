/**
 * The parameter rules of eslint-plugin-n8n-nodes-base (part of @n8n/node-cli's lint, not installed
 * here), asserted on the descriptions n8n actually loads: the nodes and credentials package.json
 * lists, with every operation's parameters composed in.
 */
import { basename, join } from 'node:path';

import type { ICredentialType, INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { CHATWORK_DEFAULT_BASE_URL } from '../../../nodes/shared/chatwork/constants';
import { CHATWORK_AUTHORIZE_URL, CHATWORK_TOKEN_URL } from '../../../credentials/ChatworkOAuth2Api.credentials';
import { DEFAULT_TIME_ZONE } from '../../../nodes/Chatwork/template/options';
import { DEFAULT_DELIVERY } from '../../../nodes/Chatwork/transport/delivery';
import { DEFAULT_N8N_API_URL, KEEP_CREDENTIAL_TYPE } from '../../../nodes/SatoriWebhookTrigger/6-keep/keepSubmission';

const ROOT = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require(join(ROOT, 'package.json')) as { n8n: { nodes: string[]; credentials: string[] } };

/** n8n-nodes-base alphabetizes options and collection entries from this many up. */
const MIN_ITEMS_TO_ALPHABETIZE = 5;

/** An entry listed in package.json, loaded as n8n does (the class named like the file) from its TypeScript source. */
function loadEntry<T>(entry: string): T {
	const source = join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const className = basename(entry).split('.')[0];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(source) as Record<string, new () => T>;
	return new exported[className]();
}

interface Parameter {
	where: string;
	property: INodeProperties;
}

/** Every parameter, including those inside collections and fixed collections. */
function walk(properties: INodeProperties[], where: string): Parameter[] {
	return properties.flatMap((property) => {
		const here = `${where} › ${property.displayName} (${property.name})`;
		const nested: Parameter[] = [];
		if (property.type === 'collection') nested.push(...walk(property.options as INodeProperties[], here));
		if (property.type === 'fixedCollection') {
			for (const group of property.options as INodePropertyCollection[]) nested.push(...walk(group.values, `${here} › ${group.displayName}`));
		}
		return [{ where: here, property }, ...nested];
	});
}

const nodes = packageJson.n8n.nodes.map((entry) => loadEntry<INodeType>(entry));
const credentials = packageJson.n8n.credentials.map((entry) => loadEntry<ICredentialType>(entry));
const parameters: Parameter[] = [
	...nodes.flatMap((node) => walk(node.description.properties, node.description.displayName)),
	...credentials.flatMap((credential) => walk(credential.properties, credential.displayName)),
];
const named = (predicate: (parameter: Parameter) => boolean) => parameters.filter(predicate).map(({ where }) => where);

describe('n8n parameter conventions (eslint-plugin-n8n-nodes-base rules) on every node and credential', () => {
	it('covers both nodes, both credentials and their parameters', () => {
		expect(nodes.map((node) => node.description.name)).toEqual(expect.arrayContaining(['chatwork', 'satoriWebhookTrigger']));
		expect(credentials.map((credential) => credential.name)).toEqual(expect.arrayContaining(['chatworkApi', 'satoriWebhookAuthApi']));
		expect(parameters.length).toBeGreaterThan(100);
	});

	it('gives every visible parameter a description (an operation list: each operation)', () => {
		const missing = named(({ property }) => {
			if (property.type === 'notice' || property.type === 'hidden' || property.description?.trim()) return false;
			if (property.name !== 'operation') return true;
			return (property.options as INodePropertyOptions[]).some((option) => !option.description?.trim());
		});
		expect(missing).toEqual([]);
	});

	it('starts every placeholder of a value with "e.g." (collection buttons and room lists excepted)', () => {
		const wrong = parameters.flatMap(({ where, property }) => {
			const placeholders: Array<[string, string | undefined]> = [];
			if (!['collection', 'fixedCollection', 'options', 'multiOptions'].includes(property.type)) {
				placeholders.push([where, property.placeholder]);
			}
			for (const mode of property.modes ?? []) {
				if (mode.type !== 'list') placeholders.push([`${where} › ${mode.displayName}`, mode.placeholder]);
			}
			return placeholders.filter(([, text]) => text !== undefined && !text.startsWith('e.g. ')).map(([at, text]) => `${at}: ${text}`);
		});
		expect(wrong).toEqual([]);
	});

	it(`alphabetizes options by name and collection entries by display name from ${MIN_ITEMS_TO_ALPHABETIZE} up`, () => {
		const unsorted = named(({ property }) => {
			const names =
				property.type === 'options' || property.type === 'multiOptions'
					? ((property.options ?? []) as INodePropertyOptions[]).map((option) => option.name)
					: property.type === 'collection'
						? (property.options as INodeProperties[]).map((option) => option.displayName)
						: [];
			if (names.length < MIN_ITEMS_TO_ALPHABETIZE) return false;
			return names.join('\n') !== [...names].sort((a, b) => a.localeCompare(b)).join('\n');
		});
		expect(unsorted).toEqual([]);
	});

	it('gives every parameter a default of its type (an option value for options, {} for collections, 50 for Limit)', () => {
		const wrong = named(({ property }) => {
			const value = property.default;
			switch (property.type) {
				case 'boolean':
					return typeof value !== 'boolean';
				case 'number':
					return typeof value !== 'number' || (property.name === 'limit' && value !== 50);
				case 'string':
				case 'notice':
				case 'json':
				case 'dateTime':
					return typeof value !== 'string';
				case 'options': {
					const options = property.options as INodePropertyOptions[] | undefined;
					if (property.typeOptions?.loadOptionsMethod) return typeof value !== 'string' && typeof value !== 'number';
					return !options?.some((option) => option.value === value);
				}
				case 'multiOptions':
					return !Array.isArray(value);
				case 'collection':
				case 'fixedCollection':
					return typeof value !== 'object' || value === null || Array.isArray(value);
				case 'resourceLocator':
					return typeof value !== 'object' || value === null || !('mode' in value);
				default:
					return value === undefined;
			}
		});
		expect(wrong).toEqual([]);
	});

	it('starts the description of every boolean with "Whether"', () => {
		expect(named(({ property }) => property.type === 'boolean' && !property.description?.startsWith('Whether'))).toEqual([]);
	});

	it('writes the Delivery defaults and the Base URL as literals equal to what the transport uses', () => {
		const delivery = parameters.find(({ property }) => property.name === 'delivery')!.property.options as INodeProperties[];
		const defaultOf = (name: string) => delivery.find((option) => option.name === name)?.default;

		expect(defaultOf('concurrentRooms')).toBe(DEFAULT_DELIVERY.concurrentLanes);
		expect(defaultOf('maxRetries')).toBe(DEFAULT_DELIVERY.maxRetries);
		expect(defaultOf('maxRateLimitWait')).toBe(DEFAULT_DELIVERY.maxRateLimitWaitMs / 1000);
		expect(defaultOf('timeout')).toBe(DEFAULT_DELIVERY.timeoutMs / 1000);
		const defaultsOf = (name: string) => parameters.filter(({ property }) => property.name === name).map(({ property }) => property.default);
		const baseUrls = credentials.filter((credential) => credential.properties.some((p) => p.name === 'baseUrl'));
		expect(defaultsOf('baseUrl')).toEqual(baseUrls.map((credential) => (credential.name === KEEP_CREDENTIAL_TYPE ? DEFAULT_N8N_API_URL : CHATWORK_DEFAULT_BASE_URL)));
		expect(defaultsOf('authUrl')).toEqual([CHATWORK_AUTHORIZE_URL]);
		expect(defaultsOf('accessTokenUrl')).toEqual([CHATWORK_TOKEN_URL]);
	});

	it('writes the template Time Zone default as a literal equal to the engine\'s default zone', () => {
		const zones = parameters.filter(({ property }) => property.name === 'timeZone').map(({ property }) => property.default);
		expect(zones.length).toBeGreaterThan(0);
		expect(new Set(zones)).toEqual(new Set([DEFAULT_TIME_ZONE]));
	});
});
