import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {probeBind} from '../net/bind-probe.js';
import {listListeners, serverPeerOf} from '../net/listeners.js';
import {lsofAvailable} from '../net/lsof.js';
import {observeBackend, type ObserverFacts} from '../proc/backend.js';
import {UserError} from '../errors.js';
import {canConnect, canConnectSocket} from '../net/probe.js';
import {lookupBind} from '../net/resolve.js';
import {inspectSocketFile, socketOwner} from '../net/socket-file.js';
import {socksProbe} from '../net/socks.js';
import {onMasterExit} from '../mux/master-exit.js';
import {checkMaster} from '../mux/client.js';
import {withForwardRequests} from '../mux/forwards.js';
import {probeServer} from '../mux/server-probe.js';
import {listProcesses, newProcessMemory, readProcess} from '../proc/processes.js';
import {terminateVerified, waitGone} from '../proc/signal.js';
import {isStillRunning, ownIdentity} from '../proc/identity.js';
import {probeChannel, querySsh, runSsh} from '../proc/ssh.js';
import {fileAccess} from '../store/file-access.js';
import {readConfigFiles} from '../store/ssh-config-files.js';
import {
	checkRuntimeDirectory, clearCarrier, clearFailure, readCarrier, writeCarrier, clearStopped, ensureRuntimeDirectory, listEntries, listRecords, listSocketFiles, readFailure, readStopped, removeSocketFile, writeFailure, writeStopped,
} from '../store/runtime.js';
import {lockHolder, tryLock, watchKeeper} from '../store/lock.js';
import {appendLog, beginLog, boundLog, readLogSince} from '../store/tunnel-log.js';
import type {Deps} from './deps.js';
import {timeouts} from './timeouts.js';

/** Where a profile's control sockets live: its own directory, inside a base that must be ours too. */
export type SocketPlace = {
	readonly socketDirectory: string;
	readonly socketBase: string;
};

export type SystemOptions = {
	/**
	 * For a process that looks again and again (the UI, a keeper): remember what never changes of the processes
	 * listed (proc/procfs.ts ProcessMemory), so that a look reads one small file per known process.
	 */
	readonly rememberProcesses?: boolean;
};

/** The real effects, for a profile's socket directory and a user. */
export function systemDeps({socketDirectory: runtimeDirectory, socketBase: runtimeBase}: SocketPlace, uid: number, options: SystemOptions = {}): Deps {
	const memory = options.rememberProcesses === true ? newProcessMemory() : undefined;
	// Our own start never changes: read once per command, not once per lock (`up --all` of 50 read /proc/self 50 times).
	let self: ReturnType<typeof ownIdentity> | undefined;
	const lockIdentity = {
		self: async () => (self ??= ownIdentity().catch((error: unknown) => {
			self = undefined;
			throw error;
		})),
		alive: isStillRunning,
	};
	return {
		uid,
		now: () => new Date(),
		listSshProcesses: async () => listProcesses({names: ['ssh'], memory}),
		readProcess,
		listListeners,
		observer: describeObserver,
		lookupBind: async name => lookupBind(name, timeouts.bindLookupMs),
		serverPeerOf,
		checkMaster,
		runSsh,
		probeChannel,
		probeServer,
		requestForwards: withForwardRequests,
		querySsh,
		async readSshConfig(sshConfigFile) {
			const home = passwordHome();
			return home === undefined ? {kind: 'none'} : readConfigFiles(sshConfigFile ?? path.join(home, '.ssh', 'config'), home);
		},
		fileAccess,
		onMasterExit,
		terminate: terminateVerified,
		waitGone,
		monotonic: () => performance.now(),
		sleep: async (ms, signal) => delay(ms, undefined, {signal}).catch(() => undefined),
		canConnect,
		probeBind,
		canConnectSocket,
		inspectSocketFile,
		socketOwner,
		socksProbe,
		runtime: {
			directory: runtimeDirectory,
			ensureDirectory: async () => ensureRuntimeDirectory(runtimeDirectory, runtimeBase, uid),
			checkDirectory: async () => checkRuntimeDirectory(runtimeDirectory, runtimeBase, uid),
			removeSocket: removeSocketFile,
			listSockets: async () => listSocketFiles(runtimeDirectory),
			listEntries: async () => listEntries(runtimeDirectory),
			recordsPresent: async () => listRecords(runtimeDirectory),
			readFailure: async name => readFailure(runtimeDirectory, name),
			readCarrier: async name => readCarrier(runtimeDirectory, name),
			writeCarrier: async (name, record) => writeCarrier(runtimeDirectory, name, record),
			clearCarrier: async name => clearCarrier(runtimeDirectory, name),
			writeFailure: async (name, record) => writeFailure(runtimeDirectory, name, record),
			clearFailure: async name => clearFailure(runtimeDirectory, name),
			readStopped: async name => readStopped(runtimeDirectory, name),
			writeStopped: async (name, record) => writeStopped(runtimeDirectory, name, record),
			clearStopped: async name => clearStopped(runtimeDirectory, name),
			startHolder: async name => lockHolder(runtimeDirectory, name, lockIdentity),
			tryLock: async name => tryLock(runtimeDirectory, name, lockIdentity),
			tryWatchLock: async (name, keeper) => tryLock(runtimeDirectory, name, lockIdentity, 'watch', keeper),
			watchKeeper: async name => watchKeeper(runtimeDirectory, name, lockIdentity),
			beginLog: async (name, line) => beginLog(runtimeDirectory, name, line),
			readLogSince: async (name, offset) => readLogSince(runtimeDirectory, name, offset),
			async appendLog(name, line) {
				// A keeper's first event (`watching`) comes before any start has made the directory.
				await ensureRuntimeDirectory(runtimeDirectory, runtimeBase, uid);
				await appendLog(runtimeDirectory, name, line);
			},
			boundLog: async name => boundLog(runtimeDirectory, name),
		},
	};
}

/**
 * The home directory ssh uses for ~/.ssh/config, `~` and relative Includes: the password database's,
 * not $HOME. Undefined without an entry for this user (ssh itself refuses to run then).
 */
function passwordHome(): string | undefined {
	try {
		return os.userInfo().homedir;
	} catch {
		return undefined;
	}
}

async function describeObserver(): Promise<ObserverFacts> {
	try {
		const backend = observeBackend();
		return {kind: 'chosen', backend, lsof: await lsofAvailable()};
	} catch (error) {
		if (error instanceof UserError) {
			return {kind: 'invalid', message: error.message, hint: error.hint};
		}

		throw error;
	}
}

