// Asking the service manager (systemctl --user, launchctl): argv only, bounded, its words kept.
import {execFile} from 'node:child_process';

export type ManagerRun = {
	readonly argv: readonly string[];
	readonly ok: boolean;
	/** its stderr (else stdout), trimmed: what it said */
	readonly said: string;
};

const managerTimeoutMs = 20_000;

export async function runManager(argv: readonly string[]): Promise<ManagerRun> {
	const [program, ...args] = argv;
	return new Promise(resolve => {
		execFile(program!, args, {timeout: managerTimeoutMs, encoding: 'utf8'}, (error, stdout, stderr) => {
			const spawnError = error as NodeJS.ErrnoException | null;
			const said = spawnError?.code === 'ENOENT' ? `${program} not found` : (stderr.trim() || stdout.trim());
			resolve({argv, ok: error === null, said});
		});
	});
}

/** The commands, per manager. `uid` names launchd's GUI domain. */
export const managerCommands = {
	systemd: {
		reload: () => ['systemctl', '--user', 'daemon-reload'],
		enable: (name: string, now: boolean) => ['systemctl', '--user', 'enable', ...(now ? ['--now'] : []), `${name}.service`],
		disable: (name: string) => ['systemctl', '--user', 'disable', '--now', `${name}.service`],
		isEnabled: (name: string) => ['systemctl', '--user', 'is-enabled', `${name}.service`],
		isActive: (name: string) => ['systemctl', '--user', 'is-active', `${name}.service`],
	},
	launchd: {
		load: (uid: number, file: string) => ['launchctl', 'bootstrap', `gui/${uid}`, file],
		unload: (uid: number, name: string) => ['launchctl', 'bootout', `gui/${uid}/${name}`],
		print: (uid: number, name: string) => ['launchctl', 'print', `gui/${uid}/${name}`],
	},
} as const;
