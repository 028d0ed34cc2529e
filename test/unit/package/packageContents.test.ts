import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackResult {
	size: number;
	unpackedSize: number;
	files: Array<{ path: string }>;
}

/** What `npm pack` would put in the tarball of the package in `dir`, without writing it. */
function pack(dir: string): PackResult {
	const output = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: dir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return (JSON.parse(output) as PackResult[])[0];
}

/** A tarball may hold the compiled nodes and credentials with their icons, and the top-level files (npm always adds README*). */
function isAllowed(file: string): boolean {
	if (['package.json', 'README.md', 'README.ja.md', 'LICENSE', 'index.js'].includes(file)) return true;
	return /^dist\/(nodes|credentials)\/.+\.(js|json|svg|png)$/.test(file);
}

describe('the npm package', () => {
	let fixture: string;

	beforeAll(() => {
		// A copy of the project's packaging files beside one of each kind of file a checkout holds.
		fixture = mkdtempSync(join(tmpdir(), 'pack-contents-'));
		for (const file of ['package.json', 'README.md', 'README.ja.md', 'LICENSE', 'index.js']) cpSync(join(ROOT, file), join(fixture, file));
		const files = [
			'dist/nodes/Chatwork/Chatwork.node.js',
			'dist/nodes/Chatwork/Chatwork.node.js.map',
			'dist/nodes/Chatwork/Chatwork.node.d.ts',
			'dist/nodes/Chatwork/Chatwork.node.json',
			'dist/nodes/Chatwork/chatwork.svg',
			'dist/credentials/ChatworkApi.credentials.js',
			'dist/credentials/ChatworkApi.credentials.js.map',
			'nodes/Chatwork/Chatwork.node.ts',
			'test/unit/Chatwork/actions/message/send.test.ts',
			'sandbox/index.js',
			'scripts/demo.js',
			'bench/run.js',
			'examples/satori-to-chatwork.json',
			'docs/n8n-locale-note.md',
			'CHANGELOG.md',
			'CONTRIBUTING.md',
			'coverage/lcov.info',
			'tsconfig.json',
			'eslint.config.mjs',
			'n8n-nodes-satori-chatwork-0.1.0.tgz',
		];
		for (const file of files) {
			mkdirSync(join(fixture, dirname(file)), { recursive: true });
			writeFileSync(join(fixture, file), 'x');
		}
	});

	afterAll(() => rmSync(fixture, { recursive: true, force: true }));

	it('holds only the compiled nodes and credentials, their icons and codex files, index.js, the READMEs, LICENSE and package.json', () => {
		const packed = pack(fixture)
			.files.map((file) => file.path)
			.sort();
		expect(packed).toEqual(
			[
				'LICENSE',
				'README.md',
				'README.ja.md',
				'dist/credentials/ChatworkApi.credentials.js',
				'dist/nodes/Chatwork/Chatwork.node.js',
				'dist/nodes/Chatwork/Chatwork.node.json',
				'dist/nodes/Chatwork/chatwork.svg',
				'index.js',
				'package.json',
			].sort(),
		);
	});

	it('packs this checkout within those limits, and prints its size', () => {
		const packed = pack(ROOT);
		const paths = packed.files.map((file) => file.path);
		console.log(
			`npm pack: ${paths.length} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked`,
		);
		expect(paths.filter((file) => !isAllowed(file))).toEqual([]);
		expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'index.js']));
	});
});

describe('codex files', () => {
	const nodes = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } }).n8n.nodes;

	it.each(nodes)('%s has its codex (X.node.json) beside its source, which the build copies beside it', (compiled) => {
		const codex = compiled.replace(/^dist\//, '').replace(/\.js$/, '.json');
		expect(existsSync(join(ROOT, codex))).toBe(true);
		expect(isAllowed(compiled.replace(/\.js$/, '.json'))).toBe(true);
		const name = compiled.split('/').at(-1)!.replace(/\.node\.js$/, '');
		expect(JSON.parse(readFileSync(join(ROOT, codex), 'utf8')).node).toBe(`n8n-nodes-satori-chatwork.${name[0].toLowerCase()}${name.slice(1)}`);
	});
});
