// Where the server bound a remote forward, in a person's words (`up`, `check`).
import type {BindingUnknown, RemoteBinding} from '../core/remote-binding.js';
import {formatHostPort} from '../profile/forward.js';

export function describeRemoteBinding(binding: RemoteBinding, port: number): string {
	switch (binding.kind) {
		case 'beyond-loopback': {
			return `the server listens on ${formatHostPort(binding.address, port)}: reachable beyond its loopback`;
		}

		case 'loopback-only': {
			return `the server bound it on loopback only (${formatHostPort(binding.address, port)} refuses): its sshd does not allow GatewayPorts`;
		}

		case 'unknown': {
			return `which address the server bound is unknown: ${describeBindingUnknown(binding.why)}`;
		}
	}
}

export function describeBindingUnknown(why: BindingUnknown): string {
	switch (why.kind) {
		case 'peer-not-visible': {
			return 'the connection to the server is not visible';
		}

		case 'peer-on-loopback': {
			return `the server is reached over its loopback (${why.address})`;
		}

		case 'no-answer': {
			return `no answer from ${formatHostPort(why.address, why.port)} within ${why.withinMs / 1000} s`;
		}
	}
}
