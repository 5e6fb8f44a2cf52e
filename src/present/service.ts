import type {SupervisorService} from '../service/definition.js';
import type {ManagerRun} from '../service/manager.js';
import {quoteArgument, quoteCommand} from '../ssh/quote.js';

export type InstallOutcome = {
	readonly service: SupervisorService;
	/** false: the file held this text already */
	readonly wrote: boolean;
	readonly now: boolean;
	readonly runs: readonly ManagerRun[];
};

/** systemd's daemon-reload failed: no user manager to reach (a container, a session without one). */
export function withoutUserManager(outcome: Pick<InstallOutcome, 'service' | 'runs'>): boolean {
	return outcome.service.manager === 'systemd' && outcome.runs.length === 1 && !outcome.runs[0]!.ok;
}

export function describeInstall(outcome: InstallOutcome): string {
	const {service} = outcome;
	const lines = [
		outcome.wrote ? `wrote ${service.file}:` : `${service.file} holds this already:`,
		...service.text.trimEnd().split('\n').map(line => `  ${line}`),
		...outcome.runs.map(run => describeRun(run)),
	];
	if (withoutUserManager(outcome)) {
		lines.push(
			'no systemd user manager answers here: the unit is written but not enabled',
			`once one runs (log in, or: loginctl enable-linger $USER), run: systemctl --user daemon-reload && systemctl --user enable --now ${service.name}.service`,
			`or start the supervisor by hand: ${commandLine(service.argv)}`,
		);
	} else if (service.manager === 'launchd' && !outcome.now) {
		lines.push(`launchd starts it at your next login; to start it now: launchctl bootstrap gui/$(id -u) ${quoteArgument(service.file)}`);
	} else if (outcome.runs.every(run => run.ok)) {
		lines.push(outcome.now ? 'the supervisor runs now, and at every login' : `the supervisor starts at your next login; to start it now: systemctl --user start ${service.name}.service`);
	}

	return `${lines.join('\n')}\n`;
}

export function describeUninstall(outcome: {readonly service: SupervisorService; readonly removed: boolean; readonly runs: readonly ManagerRun[]}): string {
	const lines = outcome.removed
		? [...outcome.runs.map(run => describeRun(run)), `removed ${outcome.service.file}`]
		: [`no service is installed for this profile file (${outcome.service.file} is not there)`];
	return `${lines.join('\n')}\n`;
}

export type ServiceStatus = {
	readonly service: SupervisorService;
	/** current: as install would write it now; outdated: written by an older install (run install again) */
	readonly file: 'current' | 'outdated' | 'absent' | 'changed' | 'foreign';
	readonly manager: readonly ManagerRun[];
	/** the service supervisors holding this profile's tunnels (from their watch locks), with how many each keeps; normally one or none */
	readonly supervisors: ReadonlyArray<{readonly pid: number; readonly keeping: number}>;
};

export function describeStatus(status: ServiceStatus): string {
	const {service} = status;
	const file = {
		current: `installed: ${service.file}`,
		outdated: `installed: ${service.file}, written by an earlier install (run \`tunnels service install\` again to update it)`,
		absent: `not installed (would be ${service.file})`,
		changed: `${service.file} was edited since \`tunnels service install\` wrote it`,
		foreign: `${service.file} exists but was not written by \`tunnels service install\``,
	}[status.file];
	const supervisors = status.supervisors.length === 0
		? ['supervisor: none of this profile\'s is running']
		: status.supervisors.map(({pid, keeping}) => `supervisor: pid ${pid}, keeping ${keeping} tunnel${keeping === 1 ? '' : 's'}`);
	const lines = [file, `runs: ${commandLine(service.argv)}`, ...status.manager.map(run => `${commandLine(run.argv)}: ${run.said === '' ? (run.ok ? 'ok' : 'failed') : firstLine(run.said)}`), ...supervisors];
	return `${lines.join('\n')}\n`;
}

export function missingProfileWords(file: string): [string, string] {
	return [`no profile file at ${file}: a service would have nothing to keep; nothing was written`, 'write one first (tunnels init, or tunnels import -- ssh …), or pass --config FILE'];
}

/** Why install or uninstall left a file alone: message and hint for a UserError (exit 2). */
export function refusalWords(verb: 'install' | 'uninstall', service: SupervisorService, found: 'foreign' | 'changed'): [string, string] {
	const why = found === 'foreign' ? 'was not written by `tunnels service install`' : 'was edited since `tunnels service install` wrote it';
	const done = verb === 'install' ? 'nothing was written' : 'nothing was removed';
	return [`${service.file} ${why}; ${done}`, `look at it, and move it away (or remove it yourself) if it is not needed`];
}

function describeRun(run: ManagerRun): string {
	return `ran ${commandLine(run.argv)}: ${run.ok ? 'ok' : `failed${run.said === '' ? '' : `: ${firstLine(run.said)}`}`}`;
}

function commandLine(argv: readonly string[]): string {
	return quoteCommand(argv);
}

function firstLine(text: string): string {
	return text.split('\n')[0]!;
}
