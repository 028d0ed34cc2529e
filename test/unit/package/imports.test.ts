import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');
/** Each of these folders is one node; none may import from another's. */
const NODE_FOLDERS = ['nodes/Chatwork', 'nodes/ChatworkTrigger', 'nodes/SatoriWebhookTrigger'];

function sourceFiles(folder: string): string[] {
	return readdirSync(join(ROOT, folder)).flatMap((name) => {
		const path = `${folder}/${name}`;
		if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
		return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
	});
}

/** The repository file a relative specifier names, or undefined when none does. */
function resolveImport(from: string, specifier: string): string | undefined {
	const base = resolve(ROOT, dirname(from), specifier);
	const found = [`${base}.ts`, join(base, 'index.ts'), base].find((path) => existsSync(path) && statSync(path).isFile());
	return found === undefined ? undefined : relative(ROOT, found).split('\\').join('/');
}

/** Every relative import, export-from, require and import() of each file, type-only ones included. */
function importGraph(files: string[]): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of files) {
		const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
		const targets = importedFiles
			.map(({ fileName }) => fileName)
			.filter((specifier) => specifier.startsWith('.'))
			.map((specifier) => {
				const target = resolveImport(file, specifier);
				if (target === undefined) throw new Error(`${file} imports ${specifier}, which is no file`);
				return target;
			});
		graph.set(file, [...new Set(targets)]);
	}
	return graph;
}

/** Tarjan's strongly connected components with more than one file, or a file importing itself. */
function circles(graph: Map<string, string[]>): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (file: string) => {
		index.set(file, index.size);
		low.set(file, index.get(file)!);
		stack.push(file);
		onStack.add(file);
		for (const target of graph.get(file) ?? []) {
			if (!index.has(target)) {
				visit(target);
				low.set(file, Math.min(low.get(file)!, low.get(target)!));
			} else if (onStack.has(target)) {
				low.set(file, Math.min(low.get(file)!, index.get(target)!));
			}
		}
		if (low.get(file) !== index.get(file)) return;
		const component: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			component.push(member);
		} while (member !== file);
		if (component.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(component.sort());
	};
	for (const file of graph.keys()) if (!index.has(file)) visit(file);
	return found;
}

/** The node folder a file belongs to, 'shared', 'credentials', or undefined for anything else. */
function homeOf(file: string): string | undefined {
	if (file.startsWith('credentials/')) return 'credentials';
	if (file.startsWith('nodes/shared/')) return 'shared';
	return NODE_FOLDERS.find((folder) => file.startsWith(`${folder}/`));
}

/** An import that crosses into a node folder it does not belong to (credentials and shared: any node folder). */
function reaches(graph: Map<string, string[]>): string[] {
	const found: string[] = [];
	for (const [file, targets] of graph) {
		for (const target of targets) {
			const home = homeOf(target);
			if (!NODE_FOLDERS.includes(home ?? '') || home === homeOf(file)) continue;
			found.push(`${file} → ${target}`);
		}
	}
	return found.sort();
}

const graph = importGraph([...sourceFiles('nodes'), ...sourceFiles('credentials')]);

describe('imports of nodes/ and credentials/', () => {
	it('reads the imports it judges (a file that imports nothing would make both checks pass vacuously)', () => {
		expect(graph.get('nodes/SatoriWebhookTrigger/receiveSubmission.ts')).toContain('nodes/SatoriWebhookTrigger/settings.ts');
		expect(graph.get('nodes/shared/rawBody.ts')).toEqual(['nodes/shared/webhookRequest.ts']);
	});

	it('finds a circle and a reach in a graph that has them, and none in one that has not', () => {
		const made = new Map([
			['nodes/Chatwork/a.ts', ['nodes/Chatwork/b.ts']],
			['nodes/Chatwork/b.ts', ['nodes/Chatwork/c.ts', 'nodes/shared/x.ts']],
			['nodes/Chatwork/c.ts', ['nodes/Chatwork/a.ts', 'nodes/ChatworkTrigger/d.ts']],
			['nodes/ChatworkTrigger/d.ts', ['nodes/shared/x.ts']],
			['nodes/shared/x.ts', []],
		]);
		expect(circles(made)).toEqual([['nodes/Chatwork/a.ts', 'nodes/Chatwork/b.ts', 'nodes/Chatwork/c.ts']]);
		expect(reaches(made)).toEqual(['nodes/Chatwork/c.ts → nodes/ChatworkTrigger/d.ts']);
		made.set('nodes/Chatwork/c.ts', []);
		expect(circles(made)).toEqual([]);
		expect(reaches(made)).toEqual([]);
	});

	it('has no import circle', () => {
		expect(circles(graph)).toEqual([]);
	});

	it("keeps each trigger's root as vocabulary: only the node class and the orchestrator import from its folders", () => {
		const intoFolders = [...graph]
			.filter(([file]) => /^nodes\/(SatoriWebhookTrigger|ChatworkTrigger)\/[^/]+\.ts$/.test(file))
			.filter(([file]) => !/\.node\.ts$|\/receive(Submission|Event)\.ts$/.test(file))
			.flatMap(([file, targets]) => targets.filter((target) => target.startsWith(`${dirname(file)}/`) && target.slice(dirname(file).length + 1).includes('/')).map((target) => `${file} → ${target}`));
		expect(intoFolders).toEqual([]);
	});

	it('has no file of one node (or of credentials, or nodes/shared) importing from another node folder', () => {
		expect(reaches(graph)).toEqual([]);
	});
});
