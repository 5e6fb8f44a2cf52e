// How a program or ssh config file that tunnels will not hand to ssh is said (issue 13, item 1).
import type {Distrust} from '../store/trusted-file.js';

export type DistrustedRole = 'ssh-program' | 'ssh-config';

/** `/x/team_ssh_config is writable by everyone: refusing to run ssh with it`, with the fix. */
export function describeDistrust(file: string, role: DistrustedRole, distrust: Distrust, uid: number | undefined): {readonly message: string; readonly hint: string} {
	const what = role === 'ssh-program' ? 'refusing to run it as ssh' : 'refusing to run ssh with it (it can make ssh run programs)';
	switch (distrust.kind) {
		case 'not-regular': {
			return {message: `${file} is not a regular file (${typeNames[distrust.type]}): ${what}`, hint: role === 'ssh-program' ? 'point --ssh, TUNNELS_SSH or `ssh:` at the ssh program' : 'point --ssh-config, TUNNELS_SSH_CONFIG or `sshConfig:` at an ssh config file'};
		}

		case 'writable': {
			return {message: `${file} is writable by ${distrust.by === 'group' ? 'its group' : 'everyone'}: ${what}`, hint: `run: chmod go-w ${file}`};
		}

		case 'foreign-owner': {
			return {message: `${file} belongs to another user (uid ${distrust.uid}): ${what}`, hint: `copy it and own the copy${uid === undefined ? '' : `, or run: chown ${uid} ${file}`}`};
		}
	}
}

const typeNames: Record<Extract<Distrust, {kind: 'not-regular'}>['type'], string> = {
	directory: 'a directory',
	fifo: 'a FIFO',
	'character-device': 'a character device',
	'block-device': 'a block device',
	socket: 'a socket',
	other: 'not a file',
};
