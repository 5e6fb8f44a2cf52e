// How a check step is said, the same in `tunnels check` and the UI.
import type {CheckCause, CheckStep, CheckSubject} from '../core/check-step.js';
import {formatHostPort} from '../profile/forward.js';
import {checkHint} from './check-hint.js';
import {describeFailure} from './failure.js';
import {describeHolder} from './holders.js';
import {describeRemoteBinding} from './remote-binding.js';

const marks = {pass: 'pass', fail: 'FAIL', skip: 'skip'} as const;

/** `FAIL  listener 127.0.0.1:9906: nobody listens`; a failed step's hint is the caller's to place. */
export function describeCheckStep({subject, result}: CheckStep): string {
	return `${marks[result.kind]}  ${checkLabel(subject)}: ${checkDetail(result.cause)}`;
}

/** A step as `tunnels check` prints it: its line, and its hint on the next. */
export function checkStepText(step: CheckStep): string {
	const hint = checkHint(step);
	return `${describeCheckStep(step)}${hint === undefined ? '' : `\n       hint: ${hint}`}`;
}

/** `listener 127.0.0.1:9906 / [::1]:9906`: what a step looked at. */
export function checkLabel(subject: CheckSubject): string {
	switch (subject.kind) {
		case 'destination': {
			return `destination ${subject.host} (ssh -G)`;
		}

		case 'process': {
			return 'process';
		}

		case 'control-socket': {
			return `control socket ${subject.path}`;
		}

		case 'listener': {
			return `listener ${subject.addresses.map(address => formatHostPort(address, subject.port)).join(' / ')}`;
		}

		case 'target': {
			return `target ${formatHostPort(subject.host, subject.port)} (${subject.from === 'server' ? 'from the server' : 'from here'})`;
		}

		case 'server-port': {
			return `server port ${formatHostPort(subject.host, subject.port)}`;
		}

		case 'server-binding': {
			return `server binding of ${formatHostPort(subject.bind, subject.port)}`;
		}

		case 'socket-listener': {
			return `listener ${subject.path}`;
		}

		case 'target-socket': {
			return `target ${subject.path} (${subject.from === 'server' ? 'on the server' : 'here'})`;
		}

		case 'server-socket': {
			return `server socket ${subject.path}`;
		}

		case 'socks': {
			const proxy = 'path' in subject.proxy ? subject.proxy.path : formatHostPort(subject.proxy.host, subject.proxy.port);
			return subject.to === undefined ? `SOCKS proxy ${proxy}` : `SOCKS proxy ${proxy} to ${formatHostPort(subject.to.host, subject.to.port)}`;
		}
	}
}

export function checkDetail(cause: CheckCause): string {
	switch (cause.kind) {
		case 'config-unreadable': {
			return cause.stderr.trim() || `ssh -G exited with status ${cause.exitCode}`;
		}

		case 'destination': {
			return cause.destination;
		}

		case 'config-adds-forwards': {
			return `${cause.destination}; your ssh config adds ${cause.forwards.join(', ')} for this host, which run in the tunnel too`;
		}

		case 'config-tunnel': {
			return `${cause.destination}; forwards from ${cause.file}:${cause.line}`;
		}

		case 'no-process': {
			return 'no ssh process runs for this tunnel';
		}

		case 'several-processes': {
			return `${cause.pids.length} ssh processes run for this tunnel (pids ${cause.pids.join(', ')})`;
		}

		case 'process-stopped': {
			return `pid ${cause.pid} is stopped (SIGSTOP)`;
		}

		case 'process-runs': {
			return `pid ${cause.pid}, ${cause.state}`;
		}

		case 'master-answers': {
			return `master pid ${cause.pid} answers`;
		}

		case 'master-not-ours': {
			return `answered with pid ${cause.pid}, which is not this tunnel's ssh`;
		}

		case 'socket-refused': {
			return 'connection refused: the master is gone, the socket file is stale';
		}

		case 'master-silent': {
			return `no answer within ${cause.withinMs} ms (master stopped or hung)`;
		}

		case 'socket-missing': {
			return 'no socket file: the process cannot be managed through it';
		}

		case 'not-a-master': {
			return `not an ssh master: ${cause.detail}`;
		}

		case 'bound': {
			return `bound on ${cause.addresses.join(', ')} by pid ${cause.pids.join(', ')}`;
		}

		case 'held-by': {
			return `held by ${describeHolder(cause.holder)}, not by this tunnel${holdsOnly(cause.holdsOnly)}`;
		}

		case 'not-bound': {
			return `not bound${holdsOnly(cause.holdsOnly)}`;
		}

		case 'needs-master': {
			return 'needs a master that answers';
		}

		case 'target-answers': {
			return 'answers';
		}

		case 'server-accepts': {
			return 'accepts connections on the server';
		}

		case 'no-answer': {
			return `no answer within ${cause.withinMs / 1000} s: the server (or ${formatHostPort(cause.host, cause.port)}) does not respond`;
		}

		case 'target-refused': {
			return 'the server could not connect to it: the target refuses, or the server does not allow forwarding';
		}

		case 'ssh-failed': {
			return describeFailure(cause.failure, true).message;
		}

		case 'ssh-said': {
			return cause.line;
		}

		case 'binding': {
			return describeRemoteBinding(cause.binding, cause.port);
		}

		case 'answers-here': {
			return 'answers here, where the server sends its connections';
		}

		case 'not-open-here': {
			return `${cause.result} here, where the server sends its connections`;
		}

		case 'cannot-connect': {
			return `cannot connect: ${cause.code}`;
		}

		case 'socks-connected': {
			return `the server connected there through the proxy (${cause.chosen === 'profile' ? 'the profile\'s probe' : 'the ssh server itself'})`;
		}

		case 'socks-closed': {
			return cause.chosen === 'profile'
				? 'the server could not connect there: ssh closed the SOCKS connection without a reply'
				: 'the server could not connect to itself there: ssh closed the SOCKS connection without a reply';
		}

		case 'socks-error-reply': {
			return `the proxy refused with SOCKS5 error ${cause.code}`;
		}

		case 'not-socks': {
			return `what listens there does not speak SOCKS5 (it sent ${cause.received === '' ? 'nothing' : `0x${cause.received}`})`;
		}

		case 'socket-on-server': {
			return 'not tested: ssh opens test channels to a host and port only';
		}

		case 'no-socks-target': {
			return 'not tested: ssh -G failed, and the profile names no `probe: host:port`';
		}
	}
}

function holdsOnly(addresses: readonly string[]): string {
	return addresses.length > 0 ? ` (this tunnel holds only ${addresses.join(', ')})` : '';
}
