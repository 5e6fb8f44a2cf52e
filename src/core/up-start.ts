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
import type {TunnelTarget} from '../tunnel/target.js';
import {stopProcesses} from './down.js';
import {observeTunnels, takeMasterSnapshot, type ObserveDeps, type Snapshot} from './observe.js';
import {findRemoteBinding} from './remote-binding.js';
import {timeouts} from './timeouts.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

/** Runs the master's `ssh -f -N`; a failure is recorded and whatever started is stopped. Undefined once ssh said it started. */
export async function runMaster(deps: UpDeps, target: TunnelTarget, options: UpOptions, binds: BindAddresses): Promise<UpResult | undefined> {
	// A shared master writes to the log of the tunnel that started it.
	const logFile = tunnelLogPath(deps.runtime.directory, target.tunnel.name);
	const argv = buildSshArgv(target.tunnel, {kind: 'managed', context: {...target.ssh, controlPath: target.controlPath, logFile, batch: options.prompt.kind === 'none'}});
	const tooLong = commandLineTooLong(argv);
	if (tooLong !== undefined) {
		await deps.runtime.writeFailure(target.tunnel.name, {at: deps.now().toISOString(), failure: tooLong});
		return {kind: 'failed', failure: tooLong, stderr: ''};
	}

	const logFrom = await deps.runtime.beginLog(target.tunnel.name, formatRecord({kind: 'start', at: deps.now(), pid: process.pid}));
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

	return undefined;
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
	const look = async () => (await observeTunnels(deps, targets, {binds, holdsStartLocks: true, snapshot: await takeMasterSnapshot(deps, targets[0]!.controlPath)})).tunnels.map(({status}) => status);
	let statuses = await look();
	while (statuses.some(status => status.kind !== 'up') && deps.monotonic() < deadline) {
		await deps.sleep(50);
		statuses = await look();
	}

	return statuses;
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

