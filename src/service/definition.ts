// The supervisor as a login service: which manager, which file, what it runs. Pure: the command layer
// hands in the platform, the paths and the environment; service/files.ts and service/manager.ts act.
import {createHash} from 'node:crypto';
import path from 'node:path';
import {renderLaunchdPlist} from '../export/launchd.js';
import type {ServiceDefinition} from '../export/service-file.js';
import {renderSystemdUnit} from '../export/systemd.js';

export type ServiceManager = 'systemd' | 'launchd';

/** The manager of user services on this platform; undefined where tunnels knows none. */
export function serviceManagerOf(platform: string): ServiceManager | undefined {
	return platform === 'linux' ? 'systemd' : platform === 'darwin' ? 'launchd' : undefined;
}

export type SupervisorInput = {
	readonly manager: ServiceManager;
	/** process.execPath: the node that runs tunnels now, pinned so that a switch of node (nvm) does not break the service */
	readonly node: string;
	/** the absolute path of bin/tunnels.js */
	readonly program: string;
	/** absolute */
	readonly profilePath: string;
	/** the profile file found without --config or TUNNELS_CONFIG: the service is plain `tunnels` */
	readonly isDefaultProfile: boolean;
	/** --ssh and --ssh-config as given (absolute), carried as flags */
	readonly ssh: string | undefined;
	readonly sshConfig: string | undefined;
	/** variables the supervisor must see as this shell does (TUNNELS_RUNTIME_DIR: where its tunnels' sockets are) */
	readonly environment: ReadonlyArray<readonly [string, string]>;
	readonly home: string;
	/** $XDG_CONFIG_HOME when absolute (systemd reads user units under it) */
	readonly configHome: string | undefined;
};

export type SupervisorService = {
	readonly manager: ServiceManager;
	/** the unit's name without `.service`, or the agent's label */
	readonly name: string;
	/** where the file goes */
	readonly file: string;
	readonly text: string;
	/** what the manager runs */
	readonly argv: readonly string[];
};

/** The unit or agent that runs `tunnels watch --service` over one profile file at login, and again if it dies. */
export function supervisorService(input: SupervisorInput): SupervisorService {
	const name = supervisorName(input.profilePath, input.isDefaultProfile);
	const argv = [
		input.node,
		input.program,
		'--config', input.profilePath,
		...(input.ssh === undefined ? [] : ['--ssh', input.ssh]),
		...(input.sshConfig === undefined ? [] : ['--ssh-config', input.sshConfig]),
		'watch',
		'--service',
	];
	const definition: ServiceDefinition = {
		comments: [
			`${fileName(input.manager, name)}, written by \`tunnels service install\`; \`tunnels service uninstall\` removes it`,
		],
		description: `tunnels: keeps the tunnels of ${input.profilePath} up`,
		argv,
		environment: input.environment,
		// A supervisor stopped on purpose exits 0 and stays stopped; a crash is restarted.
		restart: 'on-failure',
		// The watcher waits for the network itself; user managers have no network-online.target.
		afterNetwork: false,
	};
	return {
		manager: input.manager,
		name,
		file: input.manager === 'systemd'
			? path.join(input.configHome ?? path.join(input.home, '.config'), 'systemd', 'user', fileName('systemd', name))
			: path.join(input.home, 'Library', 'LaunchAgents', fileName('launchd', name)),
		text: input.manager === 'systemd' ? renderSystemdUnit(definition) : renderLaunchdPlist(name, definition),
		argv,
	};
}

/**
 * `tunnels` for the default profile file; for another, `tunnels-<its base name>-<hash of its path>`,
 * so that two profile files get two services and the name still says which.
 */
export function supervisorName(profilePath: string, isDefaultProfile: boolean): string {
	if (isDefaultProfile) {
		return 'tunnels';
	}

	const base = path.basename(profilePath).replace(/\.ya?ml$/i, '').replaceAll(/[^A-Za-z\d_-]+/g, '-').replaceAll(/^-+|-+$/g, '').slice(0, 32);
	const hash = createHash('sha256').update(profilePath).digest('hex').slice(0, 8);
	return `tunnels-${base === '' ? 'profile' : base}-${hash}`;
}

export function fileName(manager: ServiceManager, name: string): string {
	return manager === 'systemd' ? `${name}.service` : `${name}.plist`;
}
