import type {MasterCheck} from '../mux/client.js';
import type {Forward} from '../profile/types.js';
import {channelProbeArgv, destination} from '../ssh/argv.js';
import {configuredForwards, describeEffectiveDestination, effectiveConfigArgv, parseEffectiveConfig} from '../ssh-config/effective.js';
import {classifySshFailure} from '../ssh/failure.js';
import {asksBeyondLoopback} from '../tunnel/exposure.js';
import {boundAddresses, expectedAddresses, holdsRequired} from '../tunnel/status.js';
import {resolveBinds} from './binds.js';
import type {CheckCause, CheckStep, StepResult} from './check-step.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {findTakenAddresses, type HolderDeps} from './holders.js';
import {findRemoteBinding, type RemoteBinding} from './remote-binding.js';
import {mastersOf, sshProcesses} from './observe.js';

/** A check reads processes, sockets and listeners, runs ssh -G, and opens channels through the master. */
export type CheckDeps = HolderDeps & Needs<'checkMaster' | 'runSsh' | 'probeChannel' | 'serverPeerOf' | 'canConnect' | 'lookupBind'>;

/**
 * Goes deeper than status: the process, the control socket, each listener and its owner, and, through
 * the tunnel's own master, whether each target answers from the server's side and each remote port
 * accepts on the server. Every step says pass or why not.
 */
export async function checkTunnel(deps: CheckDeps, target: TunnelTarget, targets: readonly TunnelTarget[]): Promise<CheckStep[]> {
	const {tunnel} = target;
	const masters = mastersOf(sshProcesses(await deps.listSshProcesses(), deps.uid), target.controlPath).map(({process}) => process);
	const steps: CheckStep[] = [await destinationStep(deps, target)];
	const [first, ...others] = masters;
	if (first === undefined) {
		return [...steps, {subject: {kind: 'process'}, result: fail({kind: 'no-process', name: tunnel.name})}];
	}

	steps.push({subject: {kind: 'process'}, result: others.length > 0
		? fail({kind: 'several-processes', name: tunnel.name, pids: masters.map(process => process.pid)})
		: first.state === 'stopped'
			? fail({kind: 'process-stopped', pid: first.pid})
			: pass({kind: 'process-runs', pid: first.pid, state: first.state})});

	const master = await deps.checkMaster(target.controlPath, timeouts.masterCheckMs);
	const socketAnswers = master.kind === 'alive' && masters.some(process => process.pid === master.pid);
	steps.push({subject: {kind: 'control-socket', path: target.controlPath}, result: socketResult(master, socketAnswers)});

	const [listeners, binds] = await Promise.all([deps.listListeners({ownersAmong: masters.map(process => process.pid)}), resolveBinds(deps, tunnel.local)]);
	for (const forward of tunnel.local) {
		const wanted = expectedAddresses(forward, tunnel.gateway, binds);
		const bound = boundAddresses(forward, tunnel.gateway, binds, listeners);
		const addresses = bound.map(listener => listener.address);
		const subject = {kind: 'listener', addresses: wanted.length > 0 ? wanted : [forward.bind ?? ''], port: forward.port} as const;
		if (holdsRequired({kind: 'local', forward, bound: addresses}, tunnel.gateway, binds)) {
			steps.push({subject, result: pass({kind: 'bound', addresses, pids: bound[0]!.pids})});
			continue;
		}

		const [taken] = await findTakenAddresses(deps, [forward], tunnel.gateway, targets, binds);
		steps.push({subject, result: fail(taken === undefined ? {kind: 'not-bound', holdsOnly: addresses} : {kind: 'held-by', holder: taken.holder, holdsOnly: addresses})});
	}

	const probes = [
		...tunnel.local.map(async (forward): Promise<CheckStep> => ({
			subject: {kind: 'target', host: forward.host, port: forward.hostPort, from: 'server'},
			result: socketAnswers ? await probe(deps, target, forward.host, forward.hostPort, {kind: 'target-answers'}) : skipped,
		})),
		...tunnel.remote.map(async (forward): Promise<CheckStep> => {
			const host = forward.bind === undefined || ['*', '0.0.0.0', '::', ''].includes(forward.bind) ? '127.0.0.1' : forward.bind === 'localhost' ? '127.0.0.1' : forward.bind;
			return {
				subject: {kind: 'server-port', host, port: forward.port},
				result: socketAnswers ? await probe(deps, target, host, forward.port, {kind: 'server-accepts'}) : skipped,
			};
		}),
		...tunnel.remote.filter(forward => asksBeyondLoopback(forward)).map(async (forward): Promise<CheckStep> => ({
			subject: {kind: 'server-binding', bind: forward.bind, port: forward.port},
			result: socketAnswers && master.kind === 'alive' ? bindingResult(await findRemoteBinding(deps, target, master.pid, forward), forward.port) : skipped,
		})),
		...tunnel.remote.map(async (forward): Promise<CheckStep> => ({
			subject: {kind: 'target', host: forward.host, port: forward.hostPort, from: 'here'},
			result: await localTarget(deps, forward),
		})),
	];
	steps.push(...await Promise.all(probes));
	return steps;
}

const pass = (cause: CheckCause): StepResult => ({kind: 'pass', cause});
const fail = (cause: CheckCause): StepResult => ({kind: 'fail', cause});
const skipped: StepResult = {kind: 'skip', cause: {kind: 'needs-master'}};

/** Where ssh really connects, as `ssh -G` resolves the host (Include, Match and patterns applied). */
async function destinationStep(deps: CheckDeps, target: TunnelTarget): Promise<CheckStep> {
	const subject = {kind: 'destination', host: target.tunnel.host} as const;
	const run = await deps.runSsh(effectiveConfigArgv(target.tunnel, target.ssh), {timeoutMs: timeouts.controlCommandMs, prompt: {kind: 'none'}});
	if (run.exitCode !== 0) {
		return {subject, result: fail({kind: 'config-unreadable', stderr: run.stderr, exitCode: run.exitCode})};
	}

	const config = parseEffectiveConfig(run.stdout);
	const forwards = configuredForwards(config);
	const where = describeEffectiveDestination(config, target.tunnel.host);
	const {source} = target.tunnel;
	switch (source.kind) {
		case 'profile': {
			return {subject, result: forwards.length === 0 ? pass({kind: 'destination', destination: where}) : fail({kind: 'config-adds-forwards', destination: where, forwards})};
		}

		case 'ssh-config': {
			// These forwards are the tunnel itself.
			return {subject, result: pass({kind: 'config-tunnel', destination: where, file: source.file, line: source.line})};
		}
	}
}

function bindingResult(binding: RemoteBinding, port: number): StepResult {
	const cause = {kind: 'binding', binding, port} as const;
	switch (binding.kind) {
		case 'beyond-loopback': {
			return pass(cause);
		}

		case 'loopback-only': {
			return fail(cause);
		}

		case 'unknown': {
			return {kind: 'skip', cause};
		}
	}
}

function socketResult(master: MasterCheck, answers: boolean): StepResult {
	switch (master.kind) {
		case 'alive': {
			return answers ? pass({kind: 'master-answers', pid: master.pid}) : fail({kind: 'master-not-ours', pid: master.pid});
		}

		case 'refused': {
			return fail({kind: 'socket-refused'});
		}

		case 'timeout': {
			return fail({kind: 'master-silent', withinMs: timeouts.masterCheckMs});
		}

		case 'missing': {
			return fail({kind: 'socket-missing'});
		}

		case 'not-a-master': {
			return fail({kind: 'not-a-master', detail: master.detail});
		}
	}
}

/** A -W channel through the master: it must round-trip to the server, which then connects to host:port. */
async function probe(deps: CheckDeps, target: TunnelTarget, host: string, port: number, success: CheckCause): Promise<StepResult> {
	const argv = channelProbeArgv(destination(target.tunnel), {...target.ssh, controlPath: target.controlPath}, host, port);
	const result = await deps.probeChannel(argv, timeouts.probeMs);
	switch (result.kind) {
		case 'open': {
			return pass(success);
		}

		case 'timeout': {
			return fail({kind: 'no-answer', host, port, withinMs: timeouts.probeMs});
		}

		case 'failed': {
			// The master, not this client, hears the server's reason: refused, unreachable or prohibited.
			if (/open refused by peer|Connection refused/.test(result.stderr)) {
				return fail({kind: 'target-refused', said: lastLine(result.stderr)});
			}

			const failure = classifySshFailure(result.stderr, 255);
			return fail(failure.kind === 'other' ? {kind: 'ssh-said', line: lastLine(result.stderr)} : {kind: 'ssh-failed', failure});
		}
	}
}

async function localTarget(deps: CheckDeps, forward: Forward): Promise<StepResult> {
	const result = await deps.canConnect(forward.host, forward.hostPort, timeouts.masterCheckMs);
	switch (result.kind) {
		case 'open': {
			return pass({kind: 'answers-here'});
		}

		case 'error': {
			return fail({kind: 'cannot-connect', code: result.code});
		}

		case 'refused':
		case 'timeout': {
			return fail({kind: 'not-open-here', result: result.kind});
		}
	}
}

function lastLine(text: string): string {
	return text.trim().split('\n').at(-1) ?? '';
}
