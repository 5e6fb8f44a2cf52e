// A SOCKS proxy's step of `tunnels check`: a real SOCKS5 handshake through it, asking the server to connect.
import type {SocksProxy} from '../net/socks.js';
import type {Listen, TcpTarget} from '../profile/types.js';
import type {BindAddresses} from '../tunnel/bind.js';
import {boundOn, expectedAddresses} from '../tunnel/status.js';
import type {ForwardCheckContext, ForwardCheckDeps} from './check-context.js';
import type {CheckCause, CheckStep, CheckSubject, SocksProbeTarget, StepResult} from './check-step.js';
import {timeouts} from './timeouts.js';

const pass = (cause: CheckCause): StepResult => ({kind: 'pass', cause});
const fail = (cause: CheckCause): StepResult => ({kind: 'fail', cause});
const skip = (cause: CheckCause): StepResult => ({kind: 'skip', cause});

/** A SOCKS5 handshake through the proxy, asking it to connect to the profile's `probe` or to the ssh server itself. */
export async function socksStep(deps: ForwardCheckDeps, listen: Listen, context: ForwardCheckContext, gateway: boolean, probeTarget: TcpTarget | undefined): Promise<CheckStep> {
	const proxy = proxyAddress(listen, gateway, context.binds);
	const to = probeTarget ?? context.serverItself;
	const chosen: SocksProbeTarget = probeTarget === undefined ? 'server-itself' : 'profile';
	if (to === undefined) {
		return {subject: {kind: 'socks', proxy, to: undefined}, result: skip({kind: 'no-socks-target'})};
	}

	const subject: CheckSubject = {kind: 'socks', proxy, to: {host: to.host, port: to.port}};
	if (context.masterPid === undefined) {
		return {subject, result: skip({kind: 'needs-master'})};
	}

	if (boundOn(listen, gateway, context.listeners, context.binds).length === 0) {
		return {subject, result: skip({kind: 'not-bound', holdsOnly: []})};
	}

	const result = await deps.socksProbe(proxy, to, timeouts.probeMs);
	switch (result.kind) {
		case 'connected': {
			return {subject, result: pass({kind: 'socks-connected', chosen})};
		}

		case 'closed': {
			return {subject, result: fail({kind: 'socks-closed', chosen})};
		}

		case 'failed-reply': {
			return {subject, result: fail({kind: 'socks-error-reply', code: result.code})};
		}

		case 'not-socks': {
			return {subject, result: fail({kind: 'not-socks', received: result.received})};
		}

		case 'timeout': {
			return {subject, result: fail({kind: 'no-answer', host: to.host, port: to.port, withinMs: timeouts.probeMs})};
		}

		case 'connect-error': {
			return {subject, result: fail({kind: 'cannot-connect', code: result.code})};
		}
	}
}

/** Where to reach a proxy listening on `listen`: a wildcard is reached on loopback, `localhost` on 127.0.0.1. */
function proxyAddress(listen: Listen, gateway: boolean, binds: BindAddresses): SocksProxy {
	switch (listen.kind) {
		case 'tcp': {
			const expected = expectedAddresses(listen, gateway, binds);
			const address = expected.find(candidate => !candidate.includes(':')) ?? expected[0] ?? '127.0.0.1';
			return {host: address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address, port: listen.port};
		}

		case 'unix': {
			return {path: listen.path};
		}
	}
}
