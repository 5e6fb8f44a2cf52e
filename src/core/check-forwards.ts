// The steps of `tunnels check` that look at each forward: its listener here, then, through the
// tunnel's own master or its SOCKS proxy, whether each end answers.
import type {Listener} from '../net/listeners.js';
import type {ConnectResult} from '../net/probe.js';
import type {SocketPath, TcpListen, TcpTarget} from '../profile/types.js';
import type {BindAddresses} from '../tunnel/bind.js';
import {channelProbeArgv, destination} from '../ssh/argv.js';
import {classifySshFailure} from '../ssh/failure.js';
import {asksBeyondLoopback} from '../tunnel/exposure.js';
import {boundOn, expectedAddresses, holdsRequired, listenersOf} from '../tunnel/status.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {ForwardCheckContext, ForwardCheckDeps} from './check-context.js';
import type {CheckCause, CheckStep, CheckSubject, StepResult} from './check-step.js';
import {findTakenAddresses, type ListeningHere} from './holders.js';
import {findRemoteBinding, type RemoteBinding} from './remote-binding.js';
import {socksStep} from './check-socks.js';
import {timeouts} from './timeouts.js';

const pass = (cause: CheckCause): StepResult => ({kind: 'pass', cause});
const fail = (cause: CheckCause): StepResult => ({kind: 'fail', cause});
const skip = (cause: CheckCause): StepResult => ({kind: 'skip', cause});
const needsMaster = skip({kind: 'needs-master'});

/** Every listener the tunnel asked for here (`-L`, then `-D`): bound by its process, or who holds it instead. */
export async function listenerSteps(deps: ForwardCheckDeps, target: TunnelTarget, listeners: readonly Listener[], targets: readonly TunnelTarget[], binds: BindAddresses): Promise<CheckStep[]> {
	const {tunnel} = target;
	const here: ListeningHere[] = [
		...tunnel.local.map(forward => ({kind: 'local' as const, forward})),
		...tunnel.dynamic.map(forward => ({kind: 'dynamic' as const, forward})),
	];
	const steps: CheckStep[] = [];
	for (const entry of here) {
		const {listen} = entry.forward;
		const held = listenersOf(listen, tunnel.gateway, listeners, binds);
		const bound = boundOn(listen, tunnel.gateway, held, binds);
		const subject: CheckSubject = listen.kind === 'tcp'
			? {kind: 'listener', addresses: wantedAddresses(listen, tunnel.gateway, binds), port: listen.port}
			: {kind: 'socket-listener', path: listen.path};
		if (holdsRequired({...entry, bound}, tunnel.gateway, binds)) {
			steps.push({subject, result: pass({kind: 'bound', addresses: bound, pids: held[0]?.pids ?? []})});
			continue;
		}

		const [taken] = await findTakenAddresses(deps, [entry], tunnel.gateway, targets, binds);
		steps.push({subject, result: fail(taken === undefined ? {kind: 'not-bound', holdsOnly: bound} : {kind: 'held-by', holder: taken.holder, holdsOnly: bound})});
	}

	return steps;
}

/** The addresses a TCP listener is checked on: as its bind resolved, or the bind as written when it no longer resolves. */
function wantedAddresses(listen: TcpListen, gateway: boolean, binds: BindAddresses): readonly string[] {
	const wanted = expectedAddresses(listen, gateway, binds);
	return wanted.length > 0 ? wanted : [listen.bind ?? ''];
}

/** Each forward's far end, in the order local targets, remote listeners, remote bindings, remote targets, SOCKS proxies. */
export async function forwardSteps(deps: ForwardCheckDeps, target: TunnelTarget, context: ForwardCheckContext): Promise<CheckStep[]> {
	const {tunnel} = target;
	const {masterPid} = context;
	const viaMaster = async (host: string, port: number, success: CheckCause): Promise<StepResult> => (masterPid === undefined ? needsMaster : probe(deps, target, host, port, success));
	const probes = [
		...tunnel.local.map(async ({target: end}): Promise<CheckStep> => {
			switch (end.kind) {
				case 'tcp': {
					return {subject: {kind: 'target', host: end.host, port: end.port, from: 'server'}, result: await viaMaster(end.host, end.port, {kind: 'target-answers'})};
				}

				case 'unix': {
					return {subject: {kind: 'target-socket', path: end.path, from: 'server'}, result: skip({kind: 'socket-on-server'})};
				}
			}
		}),
		...tunnel.remote.map(async ({listen}): Promise<CheckStep> => {
			switch (listen.kind) {
				case 'tcp': {
					const host = listen.bind === undefined || ['*', '0.0.0.0', '::', '', 'localhost'].includes(listen.bind) ? '127.0.0.1' : listen.bind;
					return {subject: {kind: 'server-port', host, port: listen.port}, result: await viaMaster(host, listen.port, {kind: 'server-accepts'})};
				}

				case 'unix': {
					return {subject: {kind: 'server-socket', path: listen.path}, result: skip({kind: 'socket-on-server'})};
				}
			}
		}),
		...tunnel.remote.filter(forward => asksBeyondLoopback(forward)).map(async (forward): Promise<CheckStep> => ({
			subject: {kind: 'server-binding', bind: forward.listen.bind, port: forward.listen.port},
			result: masterPid === undefined ? needsMaster : bindingResult(await findRemoteBinding(deps, target, masterPid, forward.listen.port), forward.listen.port),
		})),
		...tunnel.remote.flatMap(({target: end}): Array<Promise<CheckStep>> => {
			switch (end.kind) {
				case 'tcp': {
					return [localTarget(deps, end)];
				}

				case 'unix': {
					return [localSocketTarget(deps, end)];
				}

				case 'socks': {
					// A reverse SOCKS proxy connects from here wherever its clients ask: no one target.
					return [];
				}
			}
		}),
		...tunnel.dynamic.map(async ({listen}): Promise<CheckStep> => socksStep(deps, listen, context, tunnel.gateway, tunnel.probe)),
	];
	return Promise.all(probes);
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

/** A -W channel through the master: it must round-trip to the server, which then connects to host:port. */
async function probe(deps: ForwardCheckDeps, target: TunnelTarget, host: string, port: number, success: CheckCause): Promise<StepResult> {
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

/** A remote forward's target, from here: where the server sends its connections. */
async function localTarget(deps: ForwardCheckDeps, end: TcpTarget): Promise<CheckStep> {
	return {subject: {kind: 'target', host: end.host, port: end.port, from: 'here'}, result: connectResult(await deps.canConnect(end.host, end.port, timeouts.masterCheckMs))};
}

async function localSocketTarget(deps: ForwardCheckDeps, end: SocketPath): Promise<CheckStep> {
	return {subject: {kind: 'target-socket', path: end.path, from: 'here'}, result: connectResult(await deps.canConnectSocket(end.path, timeouts.masterCheckMs))};
}

function connectResult(result: ConnectResult): StepResult {
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
