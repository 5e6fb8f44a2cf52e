// What to run or change about a failed check step, where the check knows.
import type {CheckCause, CheckStep} from '../core/check-step.js';

/** What to run or change about a failed step, when the check knows. */
export function checkHint({result}: CheckStep): string | undefined {
	return result.kind === 'fail' ? causeHint(result.cause) : undefined;
}

/** What to run or change, for the causes where the check knows. */
function causeHint(cause: CheckCause): string | undefined {
	switch (cause.kind) {
		case 'config-unreadable': {
			return 'fix the ssh config file it names';
		}

		case 'config-adds-forwards': {
			return 'move them into the profile, or use a host alias without them';
		}

		case 'no-process': {
			return `run: tunnels up ${cause.name}`;
		}

		case 'several-processes': {
			return `run: tunnels down ${cause.name}`;
		}

		case 'process-stopped': {
			return `run: kill -CONT ${cause.pid}`;
		}

		case 'master-not-ours': {
			return 'something else listens on the control socket: stop it, then tunnels down';
		}

		case 'target-refused': {
			return `ssh said: ${cause.said}`;
		}

		case 'binding': {
			return cause.binding.kind === 'loopback-only' ? 'set GatewayPorts clientspecified (or yes) in the server\'s sshd_config, or bind the forward to loopback' : undefined;
		}

		case 'socks-closed': {
			return cause.chosen === 'profile'
				? 'check that the server can reach the tunnel\'s `probe:`, and that its sshd allows forwarding'
				: 'give the tunnel `probe: host:port`, a target the server can reach, or check that its sshd allows forwarding';
		}

		case 'destination':
		case 'config-tunnel':
		case 'process-runs':
		case 'master-answers':
		case 'socket-refused':
		case 'master-silent':
		case 'socket-missing':
		case 'not-a-master':
		case 'bound':
		case 'held-by':
		case 'not-bound':
		case 'needs-master':
		case 'target-answers':
		case 'server-accepts':
		case 'no-answer':
		case 'ssh-failed':
		case 'ssh-said':
		case 'answers-here':
		case 'not-open-here':
		case 'cannot-connect':
		case 'socks-connected':
		case 'socks-error-reply':
		case 'not-socks':
		case 'socket-on-server':
		case 'no-socks-target': {
			return undefined;
		}
	}
}
