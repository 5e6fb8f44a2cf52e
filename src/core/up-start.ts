// The steps of a start that a tunnel's own master and a shared one have in common: run the
// master's ssh, wait until it settles, clean up after a failure, word the success.
import {sshLinesOf} from '../logs/history.js';
import {tunnelLogPath} from '../logs/paths.js';
import {formatRecord} from '../logs/record.js';
import {buildSshArgv} from '../ssh/argv.js';
import {commandLineTooLong} from '../ssh/command-size.js';
import {classifySshFailure, type SshFailure} from '../ssh/failure.js';
import type {BindAddresses} from '../tunnel/bind.js';
import {asksBeyondLoopback} from '../tunnel/exposure.js';
import type {TunnelStatus} from '../tunnel/status.js';
import {isShared} from '../tunnel/share.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {releaseShared, stopProcesses} from './down.js';
import {observeTunnels, takeMasterSnapshot, type ObserveDeps, type Snapshot} from './observe.js';
import {findRemoteBinding} from './remote-binding.js';
import type {Needs} from './deps.js';
import {timeouts} from './timeouts.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

type Failed = Extract<UpResult, {kind: 'failed'}>;

/**
 * Runs the master's `ssh -f -N`; a failure is recorded as the last failure of each tunnel of
 * `recordFor` and whatever started is stopped. Undefined once ssh said it started.
 */
export async function runMaster(deps: UpDeps, target: TunnelTarget, options: UpOptions, binds: BindAddresses, recordFor: readonly string[]): Promise<Failed | undefined> {
	const prepared = await prepareMaster(deps, target, options, binds, recordFor);
	return 'launch' in prepared ? prepared.launch() : prepared;
}

/**
 * Everything before the master's ssh runs (its command line, the log's start record); `launch`
 * spawns ssh before it returns, and its promise is runMaster's.
 */
export async function prepareMaster(deps: UpDeps, target: TunnelTarget, options: UpOptions, binds: BindAddresses, recordFor: readonly string[]): Promise<Failed | {launch(): Promise<Failed | undefined>}> {
	// A shared master writes to the log of the tunnel that started it.
	const logFile = tunnelLogPath(deps.runtime.directory, target.tunnel.name);
	const argv = buildSshArgv(target.tunnel, {kind: 'managed', context: {...target.ssh, controlPath: target.controlPath, logFile, batch: options.prompt.kind === 'none'}});
	const tooLong = commandLineTooLong(argv);
	if (tooLong !== undefined) {
		await recordFailure(deps, recordFor, tooLong);
		return {kind: 'failed', failure: tooLong, stderr: ''};
	}

	const logFrom = await deps.runtime.beginLog(target.tunnel.name, formatRecord({kind: 'start', at: deps.now(), pid: process.pid}));
	// A person may be typing a password: a generous bound, but a bound.
	const timeoutMs = options.prompt.kind === 'none' ? timeouts.startMs : timeouts.interactiveStartMs;
	return {
		async launch() {
			const run = await deps.runSsh(argv, {timeoutMs, prompt: options.prompt});
			if (run.exitCode === 0 && !run.timedOut) {
				return undefined;
			}

			// With -E ssh writes its reasons to the log; stderr keeps what it prints before reading its
			// options and what it prints itself (a server's banner), and a spawn error.
			const said = `${run.stderr}${sshLinesOf(await deps.runtime.readLogSince(target.tunnel.name, logFrom))}`;
			const failure: SshFailure = run.timedOut ? {kind: 'timeout', seconds: timeoutMs / 1000} : classifySshFailure(said, run.exitCode);
			await cleanUp(deps, target, binds);
			await recordFailure(deps, recordFor, failure);
			return {kind: 'failed', failure, stderr: said};
		},
	};
}

/** A failure of this start, recorded as each tunnel's last. */
export async function recordFailure(deps: Needs<'now', 'writeFailure'>, names: readonly string[], failure: SshFailure): Promise<void> {
	await Promise.all(names.map(async name => deps.runtime.writeFailure(name, {at: deps.now().toISOString(), failure})));
}

export async function startedResult(deps: UpDeps, target: TunnelTarget, after: Extract<TunnelStatus, {kind: 'up'}>, started: number): Promise<UpResult> {
	const elapsedMs = deps.monotonic() - started;
	await deps.runtime.clearFailure(target.tunnel.name);
	const remoteBindings = await Promise.all(target.tunnel.remote.filter(forward => asksBeyondLoopback(forward)).map(async forward => ({
		forward,
		binding: await findRemoteBinding(deps, target, after.pid, forward.listen.port),
	})));
	return {kind: 'started', pid: after.pid, forwards: after.forwards, elapsedMs, remoteBindings};
}

/**
 * After `ssh -f` returns, the master has bound its listeners; allow a moment for the socket and /proc
 * to show it. `targets` ride one master (one ControlPath): a tunnel's own, or shared ones started together.
 */
export async function waitUntilSettled(deps: UpDeps, targets: readonly TunnelTarget[], binds: BindAddresses): Promise<TunnelStatus[]> {
	const deadline = deps.monotonic() + timeouts.settleMs;
	// Only the master that answers on the socket and its listeners: a start checks its own work.
	const look = async (some: readonly TunnelTarget[]) => (await observeTunnels(deps, some, {binds, holdsStartLocks: true, snapshot: await takeMasterSnapshot(deps, targets[0]!.controlPath)})).tunnels.map(({status}) => status);
	const statuses = await look(targets);
	// Each tunnel is looked at until it is up, as if started alone.
	let waiting = targets.filter((_, index) => statuses[index]!.kind !== 'up');
	while (waiting.length > 0 && deps.monotonic() < deadline) {
		await deps.sleep(50);
		const again = await look(waiting);
		for (const [position, target] of waiting.entries()) {
			statuses[targets.indexOf(target)] = again[position]!;
		}

		waiting = waiting.filter((_, position) => again[position]!.kind !== 'up');
	}

	return statuses;
}

/**
 * What a start undoes when a person's stop came while it ran: a shared tunnel's own forwards on the
 * live master, which the other shared tunnels ride on (it ends only when it carries nothing); any
 * other tunnel's processes.
 */
export async function undoStart(deps: UpDeps, target: TunnelTarget, binds: BindAddresses): Promise<void> {
	if (!isShared(target.tunnel) || await releaseShared(deps, target) === undefined) {
		await cleanUp(deps, target, binds);
	}
}

export async function cleanUp(deps: UpDeps, target: TunnelTarget, binds: BindAddresses): Promise<void> {
	const status = await observeOne(deps, target, binds);
	if (status.kind === 'stale' || status.kind === 'up' || status.kind === 'starting') {
		await stopProcesses(deps, target);
	}

	if ((await deps.checkMaster(target.controlPath, timeouts.masterCheckMs)).kind === 'refused') {
		await deps.runtime.removeSocket(target.controlPath);
	}
}

export async function observeOne(deps: ObserveDeps, target: TunnelTarget, binds: BindAddresses, snapshot?: Snapshot): Promise<TunnelStatus> {
	// Called with the tunnel's start lock held: its own lock is no sign of another start.
	const observation = await observeTunnels(deps, [target], {binds, holdsStartLocks: true, snapshot});
	return observation.tunnels[0]!.status;
}

