// Asking the service manager (systemctl --user, launchctl): argv only, bounded, its words kept.
import {spawnToExit} from '../proc/spawn.js';

export type ManagerRun = {
	readonly argv: readonly string[];
	readonly ok: boolean;
	/** its stderr (else stdout), trimmed: what it said */
	readonly said: string;
};

const managerTimeoutMs = 20_000;

export async function runManager(argv: readonly string[]): Promise<ManagerRun> {
	const exit = await spawnToExit(argv, {timeoutMs: managerTimeoutMs, stdin: 'ignore', stdout: 'pipe'}).exited;
	const said = exit.spawnError ?? (exit.timedOut ? `no answer within ${managerTimeoutMs / 1000} s` : (exit.stderr.trim() || exit.stdout.trim()));
	return {argv, ok: exit.exitCode === 0, said};
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
