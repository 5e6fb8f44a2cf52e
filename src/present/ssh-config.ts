// How a Host of the ssh config that tunnels cannot list is said, in ls and the UI alike.
import type {SkippedHost} from '../core/config-tunnels.js';

/** `~/.ssh/config:5: Host sock is not listed: LocalForward /tmp/s [x]:1: tunnels cannot check this kind of forward` */
export function describeSkippedHost({host, why}: SkippedHost): string {
	return `${host.file}:${host.line}: Host ${host.name} is not listed: ${skipReason(why)}`;
}

function skipReason(why: SkippedHost['why']): string {
	switch (why.kind) {
		case 'ssh-failed': {
			return `ssh -G failed: ${why.firstLine === '' ? `exit status ${why.exitCode}` : why.firstLine}`;
		}

		case 'unsupported-forwards': {
			return `${why.forwards.join(', ')}: tunnels cannot check this kind of forward`;
		}
	}
}
