// Other OS users for the tests that need them (another user's files, another user's processes).
// Made with useradd when the suite runs as root, and kept: a later run finds them.
import {spawnSync} from 'node:child_process';

export type TestUser = {readonly name: string; readonly uid: number; readonly gid: number};

/** Why tests that need other users cannot run here, or undefined when they can. */
export function cannotMakeUsers(): string | undefined {
	if (process.getuid?.() !== 0) {
		return 'needs root: the test makes other OS users with useradd';
	}

	return spawnSync('useradd', ['--help'], {stdio: 'ignore'}).error === undefined ? undefined : 'useradd is not installed';
}

/** The user `name` (made if missing: a system user without home or login shell). */
export function testUser(name: string): TestUser {
	if (idOf(name, '-u') === undefined) {
		const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '--user-group', name], {encoding: 'utf8'});
		// Another test file may have made it meanwhile (exit 9: already exists).
		if (made.status !== 0 && made.status !== 9) {
			throw new Error(`useradd ${name} failed: ${made.stderr}`);
		}
	}

	const uid = idOf(name, '-u');
	const gid = idOf(name, '-g');
	if (uid === undefined || gid === undefined) {
		throw new Error(`no user ${name} after useradd`);
	}

	return {name, uid, gid};
}

function idOf(name: string, flag: '-u' | '-g'): number | undefined {
	const found = spawnSync('id', [flag, name], {encoding: 'utf8'});
	return found.status === 0 ? Number(found.stdout.trim()) : undefined;
}
