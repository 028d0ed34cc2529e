/**
 * The unit tests mirror the source (issue 23): each source folder has its test folder, so a reader
 * finds a module's tests by its path, and a test folder never outlives the code it tested.
 * nodes/X → test/unit/X, credentials/ → test/unit/credentials/, sandbox/ → test/unit/sandbox/.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const UNIT = 'test/unit';
const SOURCE_ROOTS = ['nodes', 'credentials', 'sandbox'];
/** Source folders with no test folder of their own, each with the reason. */
const EXEMPT: Record<string, string> = {
	'sandbox/page/assets': 'the browser script the sandbox page serves; test/unit/sandbox/page.test.ts drives it through the page',
};
/** Test folders that mirror no source folder, each with the reason. */
const NOT_MIRRORS: Record<string, string> = {
	[`${UNIT}/package`]: 'tests of the package as a whole (contents, imports, conventions, this tree)',
	[`${UNIT}/support`]: 'helpers the unit tests share',
};

const isFolder = (path: string) => statSync(join(ROOT, path)).isDirectory();
const entries = (folder: string) => readdirSync(join(ROOT, folder)).map((name) => `${folder}/${name}`);

function folders(folder: string): string[] {
	return [folder, ...entries(folder).filter(isFolder).flatMap(folders)];
}

const holdsSource = (folder: string) => entries(folder).some((path) => !isFolder(path) && /\.(ts|js)$/.test(path));
const holdsTest = (folder: string) => entries(folder).some((path) => !isFolder(path) && path.endsWith('.test.ts'));

/** Where the tests of a source folder live. */
const testFolderOf = (source: string) => (source.startsWith('nodes/') ? `${UNIT}/${source.slice('nodes/'.length)}` : `${UNIT}/${source}`);

/** The source folder a test folder mirrors. */
function sourceFolderOf(testFolder: string): string {
	const rest = testFolder.slice(`${UNIT}/`.length);
	const top = rest.split('/')[0];
	return top === 'credentials' || top === 'sandbox' ? rest : `nodes/${rest}`;
}

describe('the unit test tree mirrors the source tree', () => {
	const sourceFolders = SOURCE_ROOTS.flatMap(folders).filter(holdsSource);

	it('finds the source folders it checks', () => {
		expect(sourceFolders).toEqual(expect.arrayContaining(['credentials', 'nodes/Chatwork/actions/message', 'nodes/SatoriWebhookTrigger/emit', 'sandbox/routes']));
	});

	it('gives every source folder a test folder holding at least one test file', () => {
		const missing = sourceFolders
			.filter((folder) => !(folder in EXEMPT))
			.map(testFolderOf)
			.filter((folder) => !existsSync(join(ROOT, folder)) || !holdsTest(folder));
		expect(missing).toEqual([]);
	});

	it('lists as exempt only folders that exist and hold no test-worthy code of their own', () => {
		for (const folder of Object.keys(EXEMPT)) expect(existsSync(join(ROOT, folder))).toBe(true);
	});

	it('has no test folder without its source folder', () => {
		const testFolders = entries(UNIT)
			.filter(isFolder)
			.filter((folder) => !(folder in NOT_MIRRORS))
			.flatMap(folders);
		const orphans = testFolders.filter((folder) => {
			const source = sourceFolderOf(folder);
			return !existsSync(join(ROOT, source)) || !isFolder(source);
		});
		expect(orphans).toEqual([]);
	});
});
