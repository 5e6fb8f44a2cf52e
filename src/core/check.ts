import {canConnect} from '../net/probe.js';
import {formatHostPort} from '../profile/forward.js';
import type {Forward} from '../profile/types.js';
import {channelProbeArgv, destination} from '../ssh/argv.js';
import {configuredForwards, describeEffectiveDestination, effectiveConfigArgv, parseEffectiveConfig} from '../ssh-config/effective.js';
import {classifySshFailure, describeFailure} from '../ssh/failure.js';
import {asksBeyondLoopback} from '../tunnel/describe.js';
import {expectedAddresses, holdsRequired} from '../tunnel/status.js';
import {timeouts, type Deps, type TunnelTarget} from './deps.js';
import {describeHolder, findTakenAddresses} from './holders.js';
import {describeRemoteBinding, findRemoteBinding, type RemoteBinding} from './remote-binding.js';
import {mastersOf, sshProcesses} from './observe.js';

export type StepResult =
	| {readonly kind: 'pass'; readonly detail: string}
	| {readonly kind: 'fail'; readonly detail: string; readonly hint?: string}
	| {readonly kind: 'skip'; readonly detail: string};

export type CheckStep = {
	readonly label: string;
	readonly result: StepResult;
};

/**
 * Goes deeper than status: the process, the control socket, each listener and its owner, and, through
 * the tunnel's own master, whether each target answers from the server's side and each remote port
 * accepts on the server. Every step says pass or why not.
 */
export async function checkTunnel(deps: Deps, target: TunnelTarget, targets: readonly TunnelTarget[]): Promise<CheckStep[]> {
	const {tunnel} = target;
	const masters = mastersOf(sshProcesses(await deps.listSshProcesses(), deps.uid), target.controlPath).map(({process}) => process);
	const steps: CheckStep[] = [await destinationStep(deps, target)];
	const [first, ...others] = masters;
	if (first === undefined) {
		return [...steps, {label: 'process', result: {kind: 'fail', detail: 'no ssh process runs for this tunnel', hint: `run: tunnels up ${tunnel.name}`}}];
	}

	steps.push({label: 'process', result: others.length > 0
		? {kind: 'fail', detail: `${masters.length} ssh processes run for this tunnel (pids ${masters.map(process => process.pid).join(', ')})`, hint: `run: tunnels down ${tunnel.name}`}
		: first.state === 'stopped'
			? {kind: 'fail', detail: `pid ${first.pid} is stopped (SIGSTOP)`, hint: `run: kill -CONT ${first.pid}`}
			: {kind: 'pass', detail: `pid ${first.pid}, ${first.state}`}});

	const master = await deps.checkMaster(target.controlPath, timeouts.masterCheckMs);
	const socketAnswers = master.kind === 'alive' && masters.some(process => process.pid === master.pid);
	steps.push({label: `control socket ${target.controlPath}`, result: socketResult(master, socketAnswers)});

	const listeners = await deps.listListeners({ownersAmong: masters.map(process => process.pid)});
	for (const forward of tunnel.local) {
		const wanted = expectedAddresses(forward, tunnel.gateway);
		const bound = listeners.filter(listener => listener.port === forward.port && wanted.includes(listener.address));
		const label = `listener ${wanted.map(address => formatHostPort(address, forward.port)).join(' / ')}`;
		if (holdsRequired({kind: 'local', forward, bound: bound.map(listener => listener.address)}, tunnel.gateway)) {
			steps.push({label, result: {kind: 'pass', detail: `bound on ${bound.map(listener => listener.address).join(', ')} by pid ${bound[0]!.pids.join(', ')}`}});
			continue;
		}

		const taken = await findTakenAddresses(deps, [forward], tunnel.gateway, targets);
		const partly = bound.length > 0 ? ` (this tunnel holds only ${bound.map(listener => listener.address).join(', ')})` : '';
		steps.push({label, result: {kind: 'fail', detail: `${taken.length > 0 ? `held by ${describeHolder(taken[0]!.holder)}, not by this tunnel` : 'not bound'}${partly}`}});
	}

	const probes = [
		...tunnel.local.map(async (forward): Promise<CheckStep> => ({
			label: `target ${formatHostPort(forward.host, forward.hostPort)} (from the server)`,
			result: socketAnswers ? await probe(deps, target, forward.host, forward.hostPort, 'answers') : skipped,
		})),
		...tunnel.remote.map(async (forward): Promise<CheckStep> => {
			const host = forward.bind === undefined || ['*', '0.0.0.0', '::', ''].includes(forward.bind) ? '127.0.0.1' : forward.bind === 'localhost' ? '127.0.0.1' : forward.bind;
			return {
				label: `server port ${formatHostPort(host, forward.port)}`,
				result: socketAnswers ? await probe(deps, target, host, forward.port, 'accepts connections on the server') : skipped,
			};
		}),
		...tunnel.remote.filter(forward => asksBeyondLoopback(forward)).map(async (forward): Promise<CheckStep> => ({
			label: `server binding of ${formatHostPort(forward.bind, forward.port)}`,
			result: socketAnswers && master.kind === 'alive' ? bindingResult(await findRemoteBinding(deps, target, master.pid, forward), forward.port) : skipped,
		})),
		...tunnel.remote.map(async (forward): Promise<CheckStep> => ({
			label: `target ${formatHostPort(forward.host, forward.hostPort)} (from here)`,
			result: await localTarget(forward),
		})),
	];
	steps.push(...await Promise.all(probes));
	return steps;
}

const skipped: StepResult = {kind: 'skip', detail: 'needs a master that answers'};

/** Where ssh really connects, as `ssh -G` resolves the host (Include, Match and patterns applied). */
async function destinationStep(deps: Deps, target: TunnelTarget): Promise<CheckStep> {
	const label = `destination ${target.tunnel.host} (ssh -G)`;
	const run = await deps.runSsh(effectiveConfigArgv(target.tunnel, target.ssh), {timeoutMs: timeouts.controlCommandMs, prompt: {kind: 'none'}});
	if (run.exitCode !== 0) {
		return {label, result: {kind: 'fail', detail: run.stderr.trim() || `ssh -G exited with status ${run.exitCode}`, hint: 'fix the ssh config file it names'}};
	}

	const config = parseEffectiveConfig(run.stdout);
	const extra = configuredForwards(config);
	const where = describeEffectiveDestination(config, target.tunnel.host);
	const {source} = target.tunnel;
	switch (source.kind) {
		case 'profile': {
			return {label, result: extra.length === 0
				? {kind: 'pass', detail: where}
				: {kind: 'fail', detail: `${where}; your ssh config adds ${extra.join(', ')} for this host, which run in the tunnel too`, hint: 'move them into the profile, or use a host alias without them'}};
		}

		case 'ssh-config': {
			// These forwards are the tunnel itself.
			return {label, result: {kind: 'pass', detail: `${where}; forwards from ${source.file}:${source.line}`}};
		}
	}
}

function bindingResult(binding: RemoteBinding, port: number): StepResult {
	const detail = describeRemoteBinding(binding, port);
	switch (binding.kind) {
		case 'beyond-loopback': {
			return {kind: 'pass', detail};
		}

		case 'loopback-only': {
			return {kind: 'fail', detail, hint: 'set GatewayPorts clientspecified (or yes) in the server\'s sshd_config, or bind the forward to loopback'};
		}

		case 'unknown': {
			return {kind: 'skip', detail};
		}
	}
}

function socketResult(master: Awaited<ReturnType<Deps['checkMaster']>>, answers: boolean): StepResult {
	switch (master.kind) {
		case 'alive': {
			return answers
				? {kind: 'pass', detail: `master pid ${master.pid} answers`}
				: {kind: 'fail', detail: `answered with pid ${master.pid}, which is not this tunnel's ssh`, hint: 'something else listens on the control socket: stop it, then tunnels down'};
		}

		case 'refused': {
			return {kind: 'fail', detail: 'connection refused: the master is gone, the socket file is stale'};
		}

		case 'timeout': {
			return {kind: 'fail', detail: `no answer within ${timeouts.masterCheckMs} ms (master stopped or hung)`};
		}

		case 'missing': {
			return {kind: 'fail', detail: 'no socket file: the process cannot be managed through it'};
		}

		case 'not-a-master': {
			return {kind: 'fail', detail: `not an ssh master: ${master.detail}`};
		}
	}
}

/** A -W channel through the master: it must round-trip to the server, which then connects to host:port. */
async function probe(deps: Deps, target: TunnelTarget, host: string, port: number, success: string): Promise<StepResult> {
	const argv = channelProbeArgv(destination(target.tunnel), {...target.ssh, controlPath: target.controlPath}, host, port);
	const result = await deps.probeChannel(argv, timeouts.probeMs);
	switch (result.kind) {
		case 'open': {
			return {kind: 'pass', detail: success};
		}

		case 'timeout': {
			return {kind: 'fail', detail: `no answer within ${timeouts.probeMs / 1000} s: the server (or ${formatHostPort(host, port)}) does not respond`};
		}

		case 'failed': {
			// The master, not this client, hears the server's reason: refused, unreachable or prohibited.
			if (/open refused by peer|Connection refused/.test(result.stderr)) {
				return {kind: 'fail', detail: 'the server could not connect to it: the target refuses, or the server does not allow forwarding', hint: `ssh said: ${lastLine(result.stderr)}`};
			}

			const failure = classifySshFailure(result.stderr, 255);
			return {kind: 'fail', detail: failure.kind === 'other' ? lastLine(result.stderr) : describeFailure(failure, true).message};
		}
	}
}

async function localTarget(forward: Forward): Promise<StepResult> {
	const result = await canConnect(forward.host, forward.hostPort, timeouts.masterCheckMs);
	return result.kind === 'open'
		? {kind: 'pass', detail: 'answers here, where the server sends its connections'}
		: {kind: 'fail', detail: result.kind === 'error' ? `cannot connect: ${result.code}` : `${result.kind} here, where the server sends its connections`};
}

function lastLine(text: string): string {
	return text.trim().split('\n').at(-1) ?? '';
}
