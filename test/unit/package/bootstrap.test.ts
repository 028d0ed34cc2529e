import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleReason } = require('../../../scripts/bootstrap') as { staleReason: (root: string) => string | undefined };

interface Entry {
	version: string;
	integrity?: string;
	optional?: boolean;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A checkout with this package-lock.json and, when given, what npm recorded in node_modules. */
function checkout(lock: Record<string, Entry> | undefined, installed?: Record<string, Entry>): string {
	const root = mkdtempSync(join(tmpdir(), 'bootstrap-'));
	dirs.push(root);
	if (lock) writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x' }, ...lock } }));
	if (installed) {
		mkdirSync(join(root, 'node_modules'));
		writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: installed }));
	}
	return root;
}

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/).map((text) => `node_modules/${text}`);
const entry = fc.record(
	{
		version: fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map((parts) => parts.join('.')),
		integrity: fc.stringMatching(/^sha512-[A-Za-z0-9]{8}$/),
		optional: fc.boolean(),
	},
	{ requiredKeys: ['version', 'integrity'] },
);
const lockFile = fc.dictionary(name, entry, { minKeys: 1, maxKeys: 12 });

describe('scripts/bootstrap.js: is node_modules what package-lock.json asks for?', () => {
	it('asks for npm ci when node_modules, or npm\'s record in it, is missing', () => {
		const lock = { 'node_modules/a': { version: '1.0.0' } };
		expect(staleReason(checkout(lock))).toBe('node_modules is missing');
		const noRecord = checkout(lock);
		mkdirSync(join(noRecord, 'node_modules'));
		expect(staleReason(noRecord)).toBe('node_modules has no record of what npm installed');
	});

	it('accepts this checkout\'s own node_modules', () => {
		expect(staleReason(join(__dirname, '..', '..', '..'))).toBeUndefined();
	});

	it('accepts an install of every package, with optional ones (other platforms) possibly absent', () => {
		fc.assert(
			fc.property(lockFile, fc.func(fc.boolean()), (lock, skip) => {
				const installed = Object.fromEntries(Object.entries(lock).filter(([key, wanted]) => !(wanted.optional && skip(key))));
				expect(staleReason(checkout(lock, installed))).toBeUndefined();
			}),
			{ numRuns: 60 },
		);
	});

	it('asks for npm ci when a required package is missing, at another version or integrity, or not in the lock file', () => {
		fc.assert(
			fc.property(lockFile, fc.nat(), fc.constantFrom('remove', 'version', 'integrity', 'extra'), (lock, pick, change) => {
				const keys = Object.keys(lock);
				const key = keys[pick % keys.length];
				const installed: Record<string, Entry> = structuredClone(lock);
				if (change === 'remove') {
					lock[key].optional = false;
					delete installed[key];
				}
				if (change === 'version') installed[key].version = `${installed[key].version}-other`;
				if (change === 'integrity') installed[key].integrity = 'sha512-different';
				if (change === 'extra') installed['node_modules/not-in-the-lock-file'] = { version: '1.0.0' };

				expect(staleReason(checkout(lock, installed))).toEqual(expect.any(String));
			}),
			{ numRuns: 80 },
		);
	});
});
