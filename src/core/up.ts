import {buildSshArgv} from '../ssh/argv.js';
import {sshLinesOf} from '../logs/history.js';
import {tunnelLogPath} from '../logs/paths.js';
import {formatRecord} from '../logs/record.js';
import {commandLineTooLong} from '../ssh/command-size.js';
import {classifySshFailure, type SshFailure} from '../ssh/failure.js';
import type {PromptRoute} from '../proc/ssh.js';
import {forwardsOf, tcpListensHere} from '../profile/forward.js';
import type {RemoteForward, TcpListen} from '../profile/types.js';
import type {Lock} from '../store/lock.js';
import type {BindAddresses} from '../tunnel/bind.js';
import {asksBeyondLoopback} from '../tunnel/exposure.js';
import type {BoundForward, StopRecord, TunnelStatus} from '../tunnel/status.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {resolveBinds} from './binds.js';
import {stopProcesses, type StopDeps} from './down.js';
import {findTakenAddresses, type HolderDeps, type ListeningHere, type TakenAddress} from './holders.js';
import {observeTunnels, type ObserveDeps} from './observe.js';
import {findRemoteBinding, type RemoteBinding} from './remote-binding.js';
import {findSocketFileProblems, type SocketFileRefusal} from './socket-files.js';

export type UpOptions = {
	/** who answers ssh's questions; with none, BatchMode is on */
	readonly prompt: PromptRoute;
	/** every tunnel of the profile, to name the tunnel that holds a taken port */
	readonly targets: readonly TunnelTarget[];
	/**
	 * A person's `up`: forgets their earlier stop (`tunnels down`), so that watchers keep the tunnel
	 * up again. A watcher's own starts never do: they must not undo a stop made meanwhile.
	 */
	readonly clearsStop: boolean;
};

/** For each remote forward that asked for more than loopback: what the server really bound. */
export type RemoteBindingOf = {readonly forward: RemoteForward & {readonly listen: TcpListen}; readonly binding: RemoteBinding};

export type UpResult =
	| {readonly kind: 'started'; readonly pid: number; readonly forwards: readonly BoundForward[]; readonly elapsedMs: number; readonly remoteBindings: readonly RemoteBindingOf[]}
	| {readonly kind: 'already-up'; readonly pid: number; readonly forwards: readonly BoundForward[]}
	| {readonly kind: 'port-taken'; readonly taken: readonly TakenAddress[]}
	/** a socket file this tunnel would listen on cannot be used; nothing was started */
	| {readonly kind: 'socket-file'; readonly refusals: readonly SocketFileRefusal[]}
	| {readonly kind: 'failed'; readonly failure: SshFailure; readonly stderr: string}
	/** a stale tunnel is in the way: it must be stopped first */
	| {readonly kind: 'stale'; readonly status: Extract<TunnelStatus, {kind: 'stale'}>}
	/** ssh said it started, but the tunnel is not what it must be; what it started was stopped */
	| {readonly kind: 'unverified'; readonly status: TunnelStatus}
	/** another `up` of this tunnel did not finish in time */
	| {readonly kind: 'busy'; readonly pid: number}
	/** a person stopped the tunnel (`down`, `kill NAME`) while this start ran: it undid itself, nothing runs */
	| {readonly kind: 'stopped'; readonly stop: StopRecord};

/** A start: look first, find who holds a taken port, run ssh, wait for it to settle, clean up a failure. */
export type UpDeps = ObserveDeps & HolderDeps & StopDeps
	& Needs<'runSsh' | 'serverPeerOf' | 'probeChannel' | 'monotonic' | 'sleep' | 'inspectSocketFile', 'ensureDirectory' | 'clearStopped' | 'readStopped' | 'tryLock' | 'removeSocket' | 'writeFailure' | 'clearFailure' | 'beginLog' | 'readLogSince' | 'directory'>;

/** Starts one tunnel and verifies it: the master answers and holds every local listener. Leaves nothing behind on failure. */
export async function upTunnel(deps: UpDeps, target: TunnelTarget, options: UpOptions): Promise<UpResult> {
	await deps.runtime.ensureDirectory();
	if (options.clearsStop) {
		await deps.runtime.clearStopped(target.tunnel.name);
	}

	const lock = await acquireLock(deps, target.tunnel.name);
	if (lock.kind === 'held') {
		return {kind: 'busy', pid: lock.pid};
	}

	// A stop from the moment this start holds the lock wins over it, whenever it comes (issue 13,
	// item 7); an earlier one took the lock first (`down` holds it while it stops) and is over.
	const began = deps.now();
	try {
		const stopped = await stopSince(deps, target, began);
		if (stopped !== undefined) {
			return stopped;
		}

		const result = await startLocked(deps, target, options);
		// Checked again with the lock still held: a `down` that came meanwhile waits for the lock, or
		// gave up waiting (a start at a prompt) and relies on this.
		if (result.kind === 'started') {
			const stop = await stopSince(deps, target, began);
			if (stop !== undefined) {
				await cleanUp(deps, target, await resolveBinds(deps, tcpListensHere(target.tunnel)));
				return stop;
			}
		}

		return result;
	} finally {
		await lock.release();
	}
}

async function startLocked(deps: UpDeps, target: TunnelTarget, options: UpOptions): Promise<UpResult> {
	// Bind names resolved once for the whole start: every look below sees the same addresses.
	const binds = await resolveBinds(deps, tcpListensHere(target.tunnel));
	const before = await observeOne(deps, target, binds);
	switch (before.kind) {
		case 'up': {
			return {kind: 'already-up', pid: before.pid, forwards: before.forwards};
		}

		case 'stale': {
			// A socket file whose master is gone would make the new master run without one (ssh says
			// "already exists, disabling multiplexing"): remove it, but only when nothing else is there.
			if (before.reason !== 'socket-refused' || before.pids.length > 0) {
				return {kind: 'stale', status: before};
			}

			await deps.runtime.removeSocket(target.controlPath);
			break;
		}

		case 'starting': {
			return {kind: 'busy', pid: before.pid};
		}

		case 'down':
		case 'failed': {
			break;
		}
	}

	const here = forwardsOf(target.tunnel).filter((entry): entry is ListeningHere => entry.kind !== 'remote');
	const taken = await findTakenAddresses(deps, here, target.tunnel.gateway, options.targets, binds);
	if (taken.length > 0) {
		return {kind: 'port-taken', taken};
	}

	const refusals = await findSocketFileProblems(deps, target.tunnel);
	if (refusals.length > 0) {
		return {kind: 'socket-file', refusals};
	}

	const logFile = tunnelLogPath(deps.runtime.directory, target.tunnel.name);
	const argv = buildSshArgv(target.tunnel, {kind: 'managed', context: {...target.ssh, controlPath: target.controlPath, logFile, batch: options.prompt.kind === 'none'}});
	const tooLong = commandLineTooLong(argv);
	if (tooLong !== undefined) {
		await deps.runtime.writeFailure(target.tunnel.name, {at: deps.now().toISOString(), failure: tooLong});
		return {kind: 'failed', failure: tooLong, stderr: ''};
	}

	const logFrom = await deps.runtime.beginLog(target.tunnel.name, formatRecord({kind: 'start', at: deps.now(), pid: process.pid}));
	const started = deps.monotonic();
	// A person may be typing a password: a generous bound, but a bound.
	const timeoutMs = options.prompt.kind === 'none' ? timeouts.startMs : timeouts.interactiveStartMs;
	const run = await deps.runSsh(argv, {timeoutMs, prompt: options.prompt});
	if (run.exitCode !== 0 || run.timedOut) {
		// With -E ssh writes its reasons to the log; stderr keeps what it prints before reading its
		// options and what it prints itself (a server's banner), and a spawn error.
		const said = `${run.stderr}${sshLinesOf(await deps.runtime.readLogSince(target.tunnel.name, logFrom))}`;
		const failure: SshFailure = run.timedOut ? {kind: 'timeout', seconds: timeoutMs / 1000} : classifySshFailure(said, run.exitCode);
		await cleanUp(deps, target, binds);
		await deps.runtime.writeFailure(target.tunnel.name, {at: deps.now().toISOString(), failure});
		return {kind: 'failed', failure, stderr: said};
	}

	const after = await waitUntilSettled(deps, target, binds);
	if (after.kind !== 'up') {
		await cleanUp(deps, target, binds);
		return {kind: 'unverified', status: after};
	}

	const elapsedMs = deps.monotonic() - started;
	await deps.runtime.clearFailure(target.tunnel.name);
	const remoteBindings = await Promise.all(target.tunnel.remote.filter(forward => asksBeyondLoopback(forward)).map(async forward => ({
		forward,
		binding: await findRemoteBinding(deps, target, after.pid, forward.listen.port),
	})));
	return {kind: 'started', pid: after.pid, forwards: after.forwards, elapsedMs, remoteBindings};
}

/** After `ssh -f` returns, the master has bound its listeners; allow a moment for the socket and /proc to show it. */
async function waitUntilSettled(deps: UpDeps, target: TunnelTarget, binds: BindAddresses): Promise<TunnelStatus> {
	const deadline = deps.monotonic() + timeouts.settleMs;
	let status = await observeOne(deps, target, binds);
	while (status.kind !== 'up' && deps.monotonic() < deadline) {
		await deps.sleep(50);
		status = await observeOne(deps, target, binds);
	}

	return status;
}

async function cleanUp(deps: UpDeps, target: TunnelTarget, binds: BindAddresses): Promise<void> {
	const status = await observeOne(deps, target, binds);
	if (status.kind === 'stale' || status.kind === 'up' || status.kind === 'starting') {
		await stopProcesses(deps, target);
	}

	if ((await deps.checkMaster(target.controlPath, timeouts.masterCheckMs)).kind === 'refused') {
		await deps.runtime.removeSocket(target.controlPath);
	}
}

async function observeOne(deps: ObserveDeps, target: TunnelTarget, binds: BindAddresses): Promise<TunnelStatus> {
	// Called with the tunnel's start lock held: its own lock is no sign of another start.
	const observation = await observeTunnels(deps, [target], {binds, holdsStartLocks: true});
	return observation.tunnels[0]!.status;
}

/** A person's stop of the tunnel recorded at or after `since`. */
async function stopSince(deps: Needs<never, 'readStopped'>, target: TunnelTarget, since: Date): Promise<Extract<UpResult, {kind: 'stopped'}> | undefined> {
	const stop = await deps.runtime.readStopped(target.tunnel.name);
	return stop !== undefined && Date.parse(stop.at) >= since.getTime() ? {kind: 'stopped', stop} : undefined;
}

/** Waits (bounded) for a concurrent `up` of the same tunnel to finish. */
async function acquireLock(deps: UpDeps, name: string): Promise<Lock> {
	const deadline = deps.monotonic() + timeouts.startMs + 5000;
	let lock = await deps.runtime.tryLock(name);
	while (lock.kind === 'held' && deps.monotonic() < deadline) {
		await deps.sleep(100);
		lock = await deps.runtime.tryLock(name);
	}

	return lock;
}
