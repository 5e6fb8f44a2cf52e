import type {ConfigDeps} from '../core/config-tunnels.js';
import type {ConfigFileTree, ConfigRead} from '../ssh-config/candidates.js';
import type {SshRun} from '../proc/ssh.js';

/**
 * `ssh -G` answers kept for as long as the ssh config files read the same, for a process that asks
 * again and again (the UI refreshes every 2 s: without this, one ssh per Host with forwards each
 * time). Only answers that succeeded are kept. What ssh -G reads beyond those files
 * (/etc/ssh/ssh_config, `Match exec`) is not watched: quitting and reopening the UI asks anew.
 */
export function sshAnswerCache(): (deps: ConfigDeps) => ConfigDeps {
	let configKey: string | undefined;
	const answers = new Map<string, SshRun>();
	return deps => ({
		async readSshConfig(file) {
			const read = await deps.readSshConfig(file);
			const key = readKey(read);
			if (key !== configKey) {
				configKey = key;
				answers.clear();
			}

			return read;
		},
		async querySsh(argv, timeoutMs) {
			const key = argv.join('\0');
			const known = answers.get(key);
			if (known !== undefined) return known;
			const answer = await deps.querySsh(argv, timeoutMs);
			if (answer.exitCode === 0) answers.set(key, answer);
			return answer;
		},
	});
}

function readKey(read: ConfigRead): string {
	switch (read.kind) {
		case 'none': {
			return '';
		}

		case 'read': {
			return treeKey(read.tree);
		}

		case 'refused': {
			return JSON.stringify(read.refused);
		}
	}
}

/** Every file of a config tree, by name and text, Includes in place. */
function treeKey(tree: ConfigFileTree): string {
	return JSON.stringify([tree.file, tree.text, [...tree.included].map(([line, trees]) => [line, trees.map(included => treeKey(included))])]);
}
