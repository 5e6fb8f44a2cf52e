// How a Host of the ssh config that tunnels cannot list is said, in ls and the UI alike.
import type {SkippedHost} from '../core/config-tunnels.js';
import type {RefusedConfigFile} from '../ssh-config/candidates.js';

/** What `ls` and the UI warn of the ssh config: a file not read, hosts not listed. */
export function sshConfigWarnings({skipped, refused}: {readonly skipped: readonly SkippedHost[]; readonly refused: RefusedConfigFile | undefined}): string[] {
	return [...(refused === undefined ? [] : [describeRefusedConfigFile(refused)]), ...skipped.map(host => describeSkippedHost(host))];
}

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

/** `/h/.ssh/config: not a regular file (a FIFO): the ssh config's tunnels are not listed` */
export function describeRefusedConfigFile({file, why}: RefusedConfigFile): string {
	return `${file}: ${refusalReason(why)}: the ssh config's tunnels are not listed`;
}

function refusalReason(why: RefusedConfigFile['why']): string {
	switch (why.kind) {
		case 'not-regular': {
			return `not a regular file (${fileTypeNames[why.type]})`;
		}

		case 'too-large': {
			return `larger than ${why.limitBytes / (1024 * 1024)} MiB`;
		}

		case 'writable': {
			return `writable by ${why.by === 'group' ? 'its group' : 'everyone'}, so it could make ssh run programs`;
		}

		case 'foreign-owner': {
			return `belongs to another user (uid ${why.uid}), so it could make ssh run programs`;
		}
	}
}

const fileTypeNames: Record<Extract<RefusedConfigFile['why'], {kind: 'not-regular'}>['type'], string> = {
	fifo: 'a FIFO',
	'character-device': 'a character device',
	'block-device': 'a block device',
	socket: 'a socket',
	other: 'not a file',
};
