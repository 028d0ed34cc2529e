/**
 * A real n8n 2.40.7 (Node 24, cached by scripts/n8n/prepare.js) with this package installed the way
 * the Community nodes screen installs it: n8n must know both nodes and both credentials under the
 * package's name, serve their icons, and log no error about loading the package.
 *
 * Run: npm run build && npx jest --selectProjects e2e --runInBand test/e2e/load.test.ts
 */
import { startN8n, type N8nInstance } from '../../scripts/n8n/harness';

const PACKAGE = 'n8n-nodes-satori-chatwork';

/** name → display name: saved workflows and users' searches depend on both (README → Finding the nodes). */
const NODES: Record<string, string> = {
	chatwork: 'Chatwork',
	satoriWebhookTrigger: 'SATORI Webhook Trigger',
	chatworkTrigger: 'Chatwork Trigger',
};
const CREDENTIALS = ['chatworkApi', 'satoriWebhookAuthApi', 'chatworkWebhookApi'];

type Described = { name: string; displayName: string; iconUrl?: string | { light: string; dark: string }; [key: string]: unknown };

let n8n: N8nInstance;
let nodeTypes: Described[];
let credentialTypes: Described[];

beforeAll(async () => {
	// Debug level makes n8n say which packages it loaded, so the log can prove a load, not just no error.
	// The first run may install n8n into the cache (minutes): the hook gets a generous timeout.
	n8n = await startN8n({ name: 'load', env: { N8N_LOG_LEVEL: 'debug' } });
	nodeTypes = await n8n.nodeTypes();
	credentialTypes = await n8n.credentialTypes();
}, 45 * 60_000);

afterAll(async () => {
	await n8n?.stop();
});

describe('n8n loads the community package', () => {
	test.each(Object.entries(NODES))('node type %s is known as %s', (name, displayName) => {
		const type = nodeTypes.find((t) => t.name === `${PACKAGE}.${name}`);
		expect(type).toBeDefined();
		expect(type?.displayName).toBe(displayName);
	});

	test.each(CREDENTIALS)('credential type %s is known', (name) => {
		const type = credentialTypes.find((t) => t.name === name);
		expect(type).toBeDefined();
		expect(type?.displayName).toEqual(expect.any(String));
	});

	test('the trigger is a trigger and the Chatwork node uses the Chatwork credential', () => {
		const trigger = nodeTypes.find((t) => t.name === `${PACKAGE}.satoriWebhookTrigger`);
		expect(trigger?.group).toContain('trigger');
		const chatwork = nodeTypes.find((t) => t.name === `${PACKAGE}.chatwork`);
		const credentialNames = ((chatwork?.credentials as Array<{ name: string }> | undefined) ?? []).map((c) => c.name);
		expect(credentialNames).toContain('chatworkApi');
	});

	test('n8n serves every icon of the package', async () => {
		const ours = [
			...nodeTypes.filter((t) => t.name.startsWith(`${PACKAGE}.`)),
			...credentialTypes.filter((t) => CREDENTIALS.includes(t.name)),
		];
		expect(ours.length).toBeGreaterThanOrEqual(Object.keys(NODES).length + CREDENTIALS.length);
		const urls = new Set<string>();
		for (const type of ours) {
			const icon = type.iconUrl;
			expect(icon).toBeDefined();
			for (const url of typeof icon === 'string' ? [icon] : Object.values(icon ?? {})) urls.add(url);
		}
		for (const url of urls) {
			const response = await fetch(`${n8n.baseUrl}/${url.replace(/^\//, '')}`);
			expect({ url, status: response.status }).toEqual({ url, status: 200 });
			expect(await response.text()).toContain('<svg');
		}
	});

	test('the log shows the package loaded, and no error about it', () => {
		const log = n8n.readLog();
		expect(log).toContain(`Loaded all credentials and nodes from ${PACKAGE}`);
		expect(log).not.toMatch(/Failed to load package/);
		expect(log).not.toMatch(new RegExp(`Skipping package[^\\n]*${PACKAGE}`));
		expect(log).not.toMatch(/Unrecognized (node|credential) type/i);
		expect(log).not.toMatch(/n8n detected that some packages are missing/);
		// Any error- or warning-level line that names the package is a load problem.
		const suspicious = log
			.split('\n')
			.filter((line) => line.includes(PACKAGE) && /\b(error|warn(ing)?)\b/i.test(line));
		expect(suspicious).toEqual([]);
	});
});
