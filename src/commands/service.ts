import path from 'node:path';
import process from 'node:process';
import {UserError} from '../errors.js';
import {serviceManagerOf, supervisorService, type SupervisorService} from '../service/definition.js';
import {forgetRecord, recordPath, removeServiceFile, serviceFileState, writeServiceFile} from '../service/files.js';
import {managerCommands, runManager, type ManagerRun} from '../service/manager.js';
import {describeInstall, missingProfileWords, withoutUserManager, describeStatus, describeUninstall, refusalWords, type ServiceStatus} from '../present/service.js';
import {readKeepers} from '../core/keepers.js';
import {loadProfile, targetsOf, type GlobalOptions, type Io, type LoadedProfile} from './context.js';
import {checkedDeps} from './effects.js';

/** `tunnels service install [--now]`: the supervisor of this profile file as a login service. */
export async function serviceInstallCommand(io: Io, globals: GlobalOptions, options: {readonly now?: boolean}): Promise<number> {
	const {service, record, loaded} = await plannedService(io, globals);
	if (loaded.text.kind === 'missing') {
		// The supervisor follows the file's directory: without it, it could only fail and be restarted, forever.
		throw new UserError(...missingProfileWords(loaded.path));
	}

	const state = await serviceFileState(service.file, record);
	if (state.kind === 'foreign' || state.kind === 'changed') {
		throw new UserError(...refusalWords('install', service, state.kind));
	}

	const wrote = !(state.kind === 'ours' && state.text === service.text);
	if (wrote) {
		await writeServiceFile(service.file, service.text, record);
	}

	const runs = await startService(io, service, options.now ?? false);
	const outcome = {service, wrote, now: options.now ?? false, runs};
	io.stdout(describeInstall(outcome));
	// Without a user manager the file is in place and the words say how to start it: done as far as we can.
	return runs.every(run => run.ok) || withoutUserManager(outcome) ? 0 : 1;
}

/** `tunnels service uninstall`: stops the service and removes what install wrote, and only that. */
export async function serviceUninstallCommand(io: Io, globals: GlobalOptions): Promise<number> {
	const {service, record} = await plannedService(io, globals);
	const state = await serviceFileState(service.file, record);
	if (state.kind === 'foreign' || state.kind === 'changed') {
		throw new UserError(...refusalWords('uninstall', service, state.kind));
	}

	if (state.kind === 'absent') {
		await forgetRecord(record);
		io.stdout(describeUninstall({service, removed: false, runs: []}));
		return 0;
	}

	const stop = await runManager(service.manager === 'systemd' ? managerCommands.systemd.disable(service.name) : managerCommands.launchd.unload(io.uid, service.name));
	await removeServiceFile(service.file, record);
	const runs = service.manager === 'systemd' && stop.ok ? [stop, await runManager(managerCommands.systemd.reload())] : [stop];
	io.stdout(describeUninstall({service, removed: true, runs}));
	return 0;
}

/** `tunnels service status`: whether the service is installed as written, and what its manager says. */
export async function serviceStatusCommand(io: Io, globals: GlobalOptions): Promise<number> {
	const {service, record, loaded} = await plannedService(io, globals);
	const state = await serviceFileState(service.file, record);
	const queries = service.manager === 'systemd'
		? [managerCommands.systemd.isEnabled(service.name), managerCommands.systemd.isActive(service.name)]
		: [managerCommands.launchd.print(io.uid, service.name)];
	const status: ServiceStatus = {
		service,
		file: state.kind === 'ours' ? (state.text === service.text ? 'current' : 'outdated') : state.kind,
		manager: state.kind === 'absent' ? [] : await Promise.all(queries.map(async argv => runManager(argv))),
		supervisors: await runningSupervisors(loaded, io.uid),
	};
	io.stdout(describeStatus(status));
	return state.kind === 'ours' ? 0 : 1;
}

/** Who holds this profile's tunnels as the service, from their watch locks: the manager's word alone does not say it is this profile's. */
async function runningSupervisors(loaded: LoadedProfile, uid: number): Promise<ServiceStatus['supervisors']> {
	const keepers = await readKeepers(await checkedDeps(loaded, uid), targetsOf(loaded));
	const keeping = new Map<number, number>();
	for (const keeper of keepers) {
		if (keeper?.kind === 'service') {
			keeping.set(keeper.pid, (keeping.get(keeper.pid) ?? 0) + 1);
		}
	}

	return [...keeping].map(([pid, count]) => ({pid, keeping: count}));
}

/** systemd: reload, then enable (and start with --now); without a user manager, the file stays for later. launchd: load it with --now. */
async function startService(io: Io, service: SupervisorService, now: boolean): Promise<ManagerRun[]> {
	if (service.manager === 'launchd') {
		return now ? [await runManager(managerCommands.launchd.load(io.uid, service.file))] : [];
	}

	const reload = await runManager(managerCommands.systemd.reload());
	return reload.ok ? [reload, await runManager(managerCommands.systemd.enable(service.name, now))] : [reload];
}

async function plannedService(io: Io, globals: GlobalOptions): Promise<{service: SupervisorService; record: string; loaded: LoadedProfile}> {
	const manager = serviceManagerOf(process.platform);
	if (manager === undefined) {
		throw new UserError(`tunnels knows no service manager on ${process.platform}: only systemd (Linux) and launchd (macOS)`, 'run `tunnels watch` in a terminal multiplexer, or start it from your own init system');
	}

	const loaded = await loadProfile(io, globals);
	const service = supervisorService({
		manager,
		node: process.execPath,
		program: io.program,
		profilePath: loaded.path,
		isDefaultProfile: globals.config === undefined && (io.env['TUNNELS_CONFIG'] ?? '') === '',
		ssh: absolute(io, globals.ssh ?? nonEmpty(io.env['TUNNELS_SSH'])),
		sshConfig: absolute(io, globals.sshConfig ?? nonEmpty(io.env['TUNNELS_SSH_CONFIG'])),
		environment: carried(io),
		home: io.home,
		configHome: absoluteOrUndefined(io.env['XDG_CONFIG_HOME']),
	});
	return {service, record: recordPath(io.env, io.home, service.name), loaded};
}

/**
 * TUNNELS_RUNTIME_DIR decides where the tunnels' control sockets are: the service must use the one
 * this shell uses, or `ls` here would not know its tunnels. XDG_RUNTIME_DIR is the user manager's own.
 */
function carried(io: Io): Array<readonly [string, string]> {
	const runtime = nonEmpty(io.env['TUNNELS_RUNTIME_DIR']);
	return runtime === undefined ? [] : [['TUNNELS_RUNTIME_DIR', path.resolve(io.cwd, runtime)]];
}

/** A program or file named with a `/` is made absolute; a bare program name is left to the service's PATH. */
function absolute(io: Io, value: string | undefined): string | undefined {
	return value === undefined || !value.includes('/') ? value : path.resolve(io.cwd, value);
}

function absoluteOrUndefined(value: string | undefined): string | undefined {
	return value !== undefined && path.isAbsolute(value) ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
	return value === '' ? undefined : value;
}
