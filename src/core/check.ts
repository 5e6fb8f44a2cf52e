import type {MasterCheck} from '../mux/client.js';
import {configuredForwards, describeEffectiveDestination, effectiveConfigArgv, parseEffectiveConfig, type EffectiveConfig} from '../ssh-config/effective.js';
import {tcpListensHere} from '../profile/forward.js';
import {resolveBinds} from './binds.js';
import type {CheckCause, CheckStep, StepResult} from './check-step.js';
import type {ForwardCheckDeps} from './check-context.js';
import {forwardSteps, listenerSteps} from './check-forwards.js';
import {timeouts} from './timeouts.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {mastersOf, sshProcesses} from './observe.js';

/** A check reads processes, sockets and listeners, runs ssh -G, and opens channels through the master and the SOCKS proxies. */
export type CheckDeps = ForwardCheckDeps;

/**
 * Goes deeper than status: the process, the control socket, each listener and its owner, and, through
 * the tunnel's own master, whether each target answers from the server's side and each remote port
 * accepts on the server. Every step says pass or why not.
 */
export async function checkTunnel(deps: CheckDeps, target: TunnelTarget, targets: readonly TunnelTarget[]): Promise<CheckStep[]> {
	const {tunnel} = target;
	const masters = mastersOf(sshProcesses(await deps.listSshProcesses(), deps.uid), target.controlPath).map(({process}) => process);
	const where = await destinationStep(deps, target);
	const steps: CheckStep[] = [where.step];
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

	const [listeners, binds] = await Promise.all([deps.listListeners({ownersAmong: masters.map(process => process.pid)}), resolveBinds(deps, tcpListensHere(tunnel))]);
	steps.push(...await listenerSteps(deps, target, listeners, targets, binds));
	steps.push(...await forwardSteps(deps, target, {
		masterPid: socketAnswers && master.kind === 'alive' ? master.pid : undefined,
		listeners,
		binds,
		serverItself: where.config === undefined ? undefined : serverItself(where.config, tunnel.host),
	}));
	return steps;
}

const pass = (cause: CheckCause): StepResult => ({kind: 'pass', cause});
const fail = (cause: CheckCause): StepResult => ({kind: 'fail', cause});

/** Where ssh really connects, as `ssh -G` resolves the host (Include, Match and patterns applied), and that configuration. */
async function destinationStep(deps: CheckDeps, target: TunnelTarget): Promise<{readonly step: CheckStep; readonly config: EffectiveConfig | undefined}> {
	const subject = {kind: 'destination', host: target.tunnel.host} as const;
	const run = await deps.runSsh(effectiveConfigArgv(target.tunnel, target.ssh), {timeoutMs: timeouts.controlCommandMs, prompt: {kind: 'none'}});
	if (run.exitCode !== 0) {
		return {step: {subject, result: fail({kind: 'config-unreadable', stderr: run.stderr, exitCode: run.exitCode})}, config: undefined};
	}

	const config = parseEffectiveConfig(run.stdout);
	const forwards = configuredForwards(config);
	const where = describeEffectiveDestination(config, target.tunnel.host);
	const {source} = target.tunnel;
	switch (source.kind) {
		case 'profile': {
			return {step: {subject, result: forwards.length === 0 ? pass({kind: 'destination', destination: where}) : fail({kind: 'config-adds-forwards', destination: where, forwards})}, config};
		}

		case 'ssh-config': {
			// These forwards are the tunnel itself.
			return {step: {subject, result: pass({kind: 'config-tunnel', destination: where, file: source.file, line: source.line})}, config};
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

/** The ssh server as it sees itself: HostName and Port as ssh -G resolved them. */
function serverItself(config: EffectiveConfig, host: string): {readonly host: string; readonly port: number} {
	return {host: config.get('hostname')?.[0] ?? host, port: Number(config.get('port')?.[0] ?? 22)};
}
