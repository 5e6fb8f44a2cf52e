// Why ssh failed, in a person's words, with what to do where there is something to do.
import type {SshFailure} from '../ssh/failure.js';

/** One sentence for a person, with what to do where there is something to do. */
export function describeFailure(failure: SshFailure, batch: boolean): {readonly message: string; readonly hint: string | undefined} {
	switch (failure.kind) {
		case 'port-in-use': {
			return {message: `local port ${failure.port} on ${failure.address} is already in use`, hint: 'stop what holds it, or give the forward another port'};
		}

		case 'remote-forward-refused': {
			return {message: `the server refused to listen on port ${failure.port} (taken there, or remote forwarding is not allowed)`, hint: 'a dropped session may still hold it: retry in a moment, or pick another port'};
		}

		case 'socket-in-use': {
			return {message: `the socket ${failure.path} is already in use`, hint: 'stop what listens on it, or give the forward another path'};
		}

		case 'socket-bind-failed': {
			return {message: `cannot listen on ${failure.path}: ${failure.reason}`, hint: 'check that its directory exists and is yours'};
		}

		case 'remote-socket-refused': {
			return {message: `the server refused to listen on ${failure.path} (a file is there, or forwarding is not allowed)`, hint: 'a socket left by an earlier session blocks it unless the server\'s sshd_config has StreamLocalBindUnlink yes: remove it on the server, or set that'};
		}

		case 'forwarding-prohibited': {
			return {message: 'the server does not allow port forwarding (AllowTcpForwarding)', hint: 'ask for AllowTcpForwarding yes in the server\'s sshd_config'};
		}

		case 'jump-failed': {
			return {
				message: `a jump host could not open the way to the next hop (${failure.said})`,
				hint: /administratively prohibited/.test(failure.said)
					? 'the jump host does not allow forwarding: ask for AllowTcpForwarding yes in its sshd_config'
					: 'check that each jump host can reach the next one, and the last the tunnel\'s host and port',
			};
		}

		case 'connection-refused': {
			return {message: 'the server refused the connection: no sshd listens there', hint: 'check host and port, and that sshd runs'};
		}

		case 'connect-timeout': {
			return {message: 'the connection to the server timed out', hint: 'check the address, the network and any firewall'};
		}

		case 'unreachable': {
			return {message: 'the server cannot be reached from here', hint: 'check the network and the address'};
		}

		case 'name-not-resolved': {
			return {message: `the host name ${failure.host} does not resolve`, hint: 'check the name, or define it as a Host in ~/.ssh/config'};
		}

		case 'auth-failed': {
			return {
				message: 'authentication failed',
				hint: batch ? 'without a terminal ssh cannot ask for a password or passphrase: load the key into ssh-agent, or run `tunnels up` from a terminal' : 'check the user, the key (identityFile) and that it is authorized on the server',
			};
		}

		case 'host-key-unknown': {
			return {
				message: 'the server\'s host key is not known',
				hint: batch ? 'connect once from a terminal (ssh HOST, or tunnels up in a terminal) to confirm the key' : 'confirm the key by connecting once with ssh',
			};
		}

		case 'host-key-changed': {
			return {message: 'the server\'s host key CHANGED: possibly an attack, or a reinstalled server', hint: 'verify the new key out of band, then remove the old one with ssh-keygen -R HOST'};
		}

		case 'control-path-too-long': {
			return {message: 'the control socket path is too long for ssh', hint: 'set TUNNELS_RUNTIME_DIR to a short directory'};
		}

		case 'timeout': {
			return {message: `ssh did not finish within ${failure.seconds} s`, hint: 'the server may be unresponsive; try `ssh -v` by hand'};
		}

		case 'command-line-too-long': {
			return failure.scope === 'argument'
				? {message: `the ssh command line has an argument of ${failure.bytes} bytes; the system takes at most ${failure.limitBytes} bytes in one argument`, hint: 'shorten that value in the profile (a host, an option)'}
				: {message: `the ssh command line would be ${failure.bytes} bytes; tunnels runs none longer than ${failure.limitBytes}`, hint: 'split the forwards over several tunnels'};
		}

		case 'other': {
			return {message: `ssh failed (exit ${failure.exitCode}): ${failure.line}`, hint: undefined};
		}
	}
}
