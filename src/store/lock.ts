import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

// Per-tunnel locks under the runtime directory's `.state/`. A lock names its holder by PID and the
// start of that process: a PID is reused, so a bare PID once made `up` wait for a stranger that
// happened to get the dead holder's PID (issue 13, item 6).

export type Lock =
	| {readonly kind: 'acquired'; release(): Promise<void>}
	/** `keeper`: what kind of keeper holds a watch lock, when it said */
	| {readonly kind: 'held'; readonly pid: number; readonly keeper?: KeeperKind};

/** `start`: held while one `up` starts the tunnel; `watch`: held by the one watcher of the tunnel for as long as it runs. */
export type LockPurpose = 'start' | 'watch';

/** What kind of keeper holds a watch lock: the login service, a `tunnels watch` in a terminal, a UI. */
export type KeeperKind = 'service' | 'watch' | 'ui';

/** Who keeps a tunnel up, as its watch lock says: a live holder and its kind. */
export type Keeper = {readonly kind: KeeperKind; readonly pid: number};

/** A lock's holder: a PID and the start of that process (undefined in a lock written by a bare PID, or when unknown). */
export type LockHolder = {readonly pid: number; readonly startTicks: string | undefined};

/** Who we are as a holder, and whether a recorded holder still runs (same PID, same start). */
export type LockIdentity = {
	readonly self: () => Promise<LockHolder>;
	readonly alive: (holder: LockHolder) => Promise<boolean>;
};

/**
 * Takes a per-tunnel lock: the start lock, so two `up` of one tunnel at the same moment start one
 * ssh; the watch lock, so one watcher keeps it up. A lock whose holder is gone (dead, or its PID
 * now another process's) is taken over.
 */
export async function tryLock(directory: string, name: string, identity: LockIdentity, purpose: LockPurpose = 'start', keeper?: KeeperKind): Promise<Lock> {
	return tryLockFile(lockFile(directory, name, purpose), identity, keeper);
}

/** Takes the lock at `file` (see tryLock); the profile file's writers share `<profile>.lock`. */
export async function tryLockFile(file: string, identity: LockIdentity, keeper?: KeeperKind): Promise<Lock> {
	const self = await identity.self();
	for (let attempt = 0; attempt < 2; attempt++) {
		// Written whole under a private name, then linked into place: link(2) fails with EEXIST as
		// O_EXCL does, but the lock never exists empty. (With open-then-write, a racer that read the
		// empty file took pid 0 for a dead holder, removed the lock and took it too: two `up` at once.)
		const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
		try {
			// A full disk fails the write after the file was made: the finally below removes it too.
			await fs.writeFile(temporary, JSON.stringify(keeper === undefined ? self : {...self, keeper}), {mode: 0o600, flag: 'wx'});
			await fs.link(temporary, file);
			return {kind: 'acquired', release: async () => fs.rm(file, {force: true})};
		} catch (error) {
			if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) {
				throw error;
			}
		} finally {
			await fs.rm(temporary, {force: true});
		}

		const text = await fs.readFile(file, 'utf8').catch(() => undefined);
		if (text === undefined) {
			continue; // released meanwhile
		}

		const holder = parseHolder(text);
		if (holder !== undefined && await identity.alive(holder)) {
			const kind = keeperOf(text);
			return kind === undefined ? {kind: 'held', pid: holder.pid} : {kind: 'held', pid: holder.pid, keeper: kind};
		}

		// Only the lock judged stale: its holder may have let go and exited meanwhile, and a live
		// writer taken this lock since (16 imports at once: one removed another's fresh lock).
		if (await fs.readFile(file, 'utf8').catch(() => undefined) === text) {
			await fs.rm(file, {force: true});
		}
	}

	return {kind: 'held', pid: 0};
}

/**
 * The PID of a live holder of a tunnel's lock, or undefined; reads, never takes nor removes. A
 * tunnel whose start lock a live `up` holds is starting, whatever its ssh looks like: ssh may wait
 * minutes at a passphrase or 2FA prompt before its control socket exists (issue 13, item 2).
 */
export async function lockHolder(directory: string, name: string, identity: LockIdentity, purpose: LockPurpose = 'start'): Promise<number | undefined> {
	const text = await fs.readFile(lockFile(directory, name, purpose), 'utf8').catch(() => undefined);
	const holder = text === undefined ? undefined : parseHolder(text);
	return holder !== undefined && await identity.alive(holder) ? holder.pid : undefined;
}

/** The live keeper of a tunnel, from its watch lock; a lock written before keepers recorded their kind reads as `tunnels watch`. */
export async function watchKeeper(directory: string, name: string, identity: LockIdentity): Promise<Keeper | undefined> {
	const text = await fs.readFile(lockFile(directory, name, 'watch'), 'utf8').catch(() => undefined);
	const holder = text === undefined ? undefined : parseHolder(text);
	if (holder === undefined || !await identity.alive(holder)) {
		return undefined;
	}

	return {kind: keeperOf(text!) ?? 'watch', pid: holder.pid};
}

function keeperOf(text: string): KeeperKind | undefined {
	try {
		const {keeper} = JSON.parse(text) as {keeper?: unknown};
		return keeper === 'service' || keeper === 'watch' || keeper === 'ui' ? keeper : undefined;
	} catch {
		return undefined;
	}
}

function lockFile(directory: string, name: string, purpose: LockPurpose): string {
	return path.join(directory, '.state', lockFileName(name, purpose));
}

/** A lock's file name under `.state/`. */
export function lockFileName(name: string, purpose: LockPurpose): string {
	// `watch-lock`, not `watch.lock`: tunnel `db.watch` has its start lock at `db.watch.lock`.
	return `${name}.${purpose === 'start' ? 'lock' : 'watch-lock'}`;
}

/** `{"pid":N,"startTicks":"S"}`, or a bare PID (written before locks recorded the start). */
export function parseHolder(text: string): LockHolder | undefined {
	const bare = Number(text);
	if (/^\d+$/.test(text.trim())) {
		return Number.isSafeInteger(bare) && bare > 0 ? {pid: bare, startTicks: undefined} : undefined;
	}

	try {
		const {pid, startTicks} = JSON.parse(text) as {pid?: unknown; startTicks?: unknown};
		return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0
			? {pid, startTicks: typeof startTicks === 'string' ? startTicks : undefined}
			: undefined;
	} catch {
		return undefined;
	}
}
