// The service file on disk and the record of what `service install` wrote there: uninstall removes
// a file only while it still holds exactly what install wrote, and install never writes over a file
// it did not write.
import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** What is at the service file's path, judged against the record. */
export type ServiceFileState =
	| {readonly kind: 'absent'; readonly recorded: boolean}
	/** the file holds what install wrote (as recorded) */
	| {readonly kind: 'ours'; readonly text: string}
	/** install wrote it, and it was edited since */
	| {readonly kind: 'changed'}
	/** a file install did not write (no record of it) */
	| {readonly kind: 'foreign'};

type InstallRecord = {readonly file: string; readonly sha256: string; readonly installedAt: string};

/** `$XDG_STATE_HOME/tunnels/service/NAME.json` (~/.local/state by default): what install wrote, and where. */
export function recordPath(env: Readonly<Record<string, string | undefined>>, home: string, name: string): string {
	const xdg = env['XDG_STATE_HOME'];
	const stateHome = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'state');
	return path.join(stateHome, 'tunnels', 'service', `${name}.json`);
}

export async function serviceFileState(file: string, record: string): Promise<ServiceFileState> {
	const recorded = await readRecord(record);
	const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') {
			return undefined;
		}

		throw error;
	});
	if (text === undefined) {
		return {kind: 'absent', recorded: recorded !== undefined};
	}

	if (recorded?.file !== file) {
		return {kind: 'foreign'};
	}

	return recorded.sha256 === sha256(text) ? {kind: 'ours', text} : {kind: 'changed'};
}

/** Writes the file whole (a temporary file renamed over it), then the record of it. */
export async function writeServiceFile(file: string, text: string, record: string): Promise<void> {
	await writeWhole(file, text, 0o644);
	const entry: InstallRecord = {file, sha256: sha256(text), installedAt: new Date().toISOString()};
	await writeWhole(record, `${JSON.stringify(entry, undefined, '\t')}\n`, 0o600);
}

/** Removes the file, then its record. */
export async function removeServiceFile(file: string, record: string): Promise<void> {
	await fs.rm(file, {force: true});
	await fs.rm(record, {force: true});
}

/** Forgets a record whose file is gone already. */
export async function forgetRecord(record: string): Promise<void> {
	await fs.rm(record, {force: true});
}

async function writeWhole(file: string, text: string, mode: number): Promise<void> {
	await fs.mkdir(path.dirname(file), {recursive: true});
	const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		await fs.writeFile(temporary, text, {mode, flag: 'wx'});
		await fs.rename(temporary, file);
	} catch (error) {
		await fs.rm(temporary, {force: true});
		throw error;
	}
}

async function readRecord(record: string): Promise<InstallRecord | undefined> {
	try {
		const parsed = JSON.parse(await fs.readFile(record, 'utf8')) as Partial<InstallRecord>;
		return typeof parsed.file === 'string' && typeof parsed.sha256 === 'string' ? {file: parsed.file, sha256: parsed.sha256, installedAt: String(parsed.installedAt)} : undefined;
	} catch {
		return undefined;
	}
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}
