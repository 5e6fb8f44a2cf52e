import {UserError} from '../errors.js';
import {formatHostPort} from '../profile/forward.js';
import type {ProfileIssue} from '../profile/issue.js';
import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {configuredForwards, describeEffectiveDestination, effectiveConfigArgv, parseEffectiveConfig, testChannelArgv} from '../ssh-config/effective.js';
import {classifySshFailure, type SshFailure} from '../ssh/failure.js';
import {isRecentEnough, parseSshVersion} from '../ssh/version.js';
import type {ObserveBackend} from '../proc/backend.js';
import type {FileAccess} from '../store/file-access.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';

/** The doctor runs ssh (-V, -G, a test channel) and makes sure of the runtime directory. */
export type DoctorDeps = Needs<'runSsh' | 'probeChannel' | 'fileAccess' | 'observer', 'ensureDirectory'>;

/** A file ssh is told to read: the `-F` config file, or a tunnel's identity file. */
export type FileRole = 'ssh-config' | 'identity-file';

/** What a doctor's line looks at. */
export type DoctorSubject =
	| {readonly kind: 'ssh'; readonly binary: string}
	| {readonly kind: 'profile-file'; readonly path: string}
	| {readonly kind: 'socket-directory'}
	| {readonly kind: 'observation'}
	/** `name`: the tunnel whose identity file it is */
	| {readonly kind: 'file'; readonly role: FileRole; readonly name: string | undefined; readonly path: string}
	| {readonly kind: 'ssh-config'; readonly name: string; readonly host: string}
	/** a test channel to `target`, the tunnel's first local forward's; none without one */
	| {readonly kind: 'forwarding'; readonly name: string; readonly target: string | undefined};

/** Why a line passes. */
export type DoctorPass =
	| {readonly kind: 'ssh-version'; readonly version: string}
	| {readonly kind: 'profile-valid'; readonly tunnels: number}
	| {readonly kind: 'socket-directory-ok'}
	/** `lsof`: whether lsof can be run (the portable backend needs it; /proc does not) */
	| {readonly kind: 'observation-backend'; readonly backend: ObserveBackend; readonly lsof: boolean}
	| {readonly kind: 'file-readable'}
	/** `controlMaster`: the ssh config's ControlMaster for the host, which the tool's own overrides */
	| {readonly kind: 'connects-to'; readonly destination: string; readonly controlMaster: string}
	| {readonly kind: 'forwarding-allowed'};

/** Why a line warns or fails; each has a fix. */
export type DoctorProblem =
	| {readonly kind: 'ssh-not-run'; readonly stderr: string; readonly exitCode: number}
	| {readonly kind: 'ssh-too-old'; readonly version: string}
	| {readonly kind: 'profile-missing'}
	/** the profile file does not load: the user error's words, made where it was thrown */
	| {readonly kind: 'profile-invalid'; readonly problem: string; readonly fix: string}
	| {readonly kind: 'profile-warning'; readonly issue: ProfileIssue}
	| {readonly kind: 'socket-directory-unusable'; readonly message: string; readonly hint: string | undefined}
	| {readonly kind: 'observation-invalid'; readonly message: string; readonly hint: string | undefined}
	/** the portable backend without lsof: listeners cannot be seen, no tunnel can be verified */
	| {readonly kind: 'lsof-missing'; readonly backend: ObserveBackend}
	| {readonly kind: 'file-unusable'; readonly role: FileRole; readonly access: Exclude<FileAccess, 'readable'>}
	| {readonly kind: 'config-unreadable'; readonly stderr: string}
	| {readonly kind: 'config-adds-forwards'; readonly forwards: readonly string[]}
	| {readonly kind: 'only-remote-forwards'}
	/** no local forward to a host and port: socket paths and SOCKS proxies get no test channel */
	| {readonly kind: 'no-test-target'}
	| {readonly kind: 'no-answer'; readonly withinMs: number}
	| {readonly kind: 'forwarding-prohibited'}
	/** the server allows forwarding, but the target refuses from its side: `said` is ssh's reason */
	| {readonly kind: 'target-refused'; readonly target: string; readonly said: string}
	| {readonly kind: 'ssh-failed'; readonly failure: SshFailure};

export type Verdict =
	| {readonly kind: 'pass'; readonly cause: DoctorPass}
	| {readonly kind: 'warn' | 'fail'; readonly cause: DoctorProblem};

export type DoctorLine = {
	readonly subject: DoctorSubject;
	readonly verdict: Verdict;
};

/** The profile file as the command layer found it. */
export type ProfileState =
	| {readonly kind: 'loaded'; readonly path: string; readonly tunnels: readonly Tunnel[]; readonly warnings: readonly ProfileIssue[]}
	| {readonly kind: 'missing'; readonly path: string}
	| {readonly kind: 'invalid'; readonly path: string; readonly problem: string; readonly fix: string};

export type DoctorInput = {
	readonly ssh: SshSettings;
	readonly profile: ProfileState;
	/** a tunnel to test a channel for: does the server allow forwarding? */
	readonly named: Tunnel | undefined;
};

/** Everything the tool relies on, each line pass, warn or fail with a fix. Starts no tunnel. */
export async function runDoctor(deps: DoctorDeps, input: DoctorInput): Promise<DoctorLine[]> {
	const tunnels = input.profile.kind === 'loaded' ? input.profile.tunnels : [];
	const examined = input.named === undefined ? tunnels : [input.named];
	const lines: DoctorLine[] = [
		await sshVersionLine(deps, input.ssh),
		...profileLines(input.profile),
		...await fileLines(deps, input.ssh, examined),
		await runtimeLine(deps),
		await observationLine(deps),
	];
	lines.push(...await Promise.all(examined.map(async tunnel => configLine(deps, input.ssh, tunnel))));
	if (input.named !== undefined) {
		lines.push(await forwardingLine(deps, input.ssh, input.named));
	}

	return lines;
}

const pass = (cause: DoctorPass): Verdict => ({kind: 'pass', cause});
const warn = (cause: DoctorProblem): Verdict => ({kind: 'warn', cause});
const fail = (cause: DoctorProblem): Verdict => ({kind: 'fail', cause});

async function sshVersionLine(deps: DoctorDeps, ssh: SshSettings): Promise<DoctorLine> {
	const subject = {kind: 'ssh', binary: ssh.sshBinary} as const;
	const run = await deps.runSsh([ssh.sshBinary, '-V'], {timeoutMs: timeouts.controlCommandMs, prompt: {kind: 'none'}});
	const version = parseSshVersion(run.stderr);
	if (run.exitCode !== 0) {
		return {subject, verdict: fail({kind: 'ssh-not-run', stderr: run.stderr, exitCode: run.exitCode})};
	}

	return {subject, verdict: isRecentEnough(version) ? pass({kind: 'ssh-version', version: version.text}) : fail({kind: 'ssh-too-old', version: version.text})};
}

function profileLines(profile: ProfileState): DoctorLine[] {
	const subject = {kind: 'profile-file', path: profile.path} as const;
	switch (profile.kind) {
		case 'missing': {
			return [{subject, verdict: warn({kind: 'profile-missing'})}];
		}

		case 'invalid': {
			return [{subject, verdict: fail({kind: 'profile-invalid', problem: profile.problem, fix: profile.fix})}];
		}

		case 'loaded': {
			return [
				{subject, verdict: pass({kind: 'profile-valid', tunnels: profile.tunnels.length})},
				...profile.warnings.map((issue): DoctorLine => ({subject, verdict: warn({kind: 'profile-warning', issue})})),
			];
		}
	}
}

/**
 * The files ssh will be told to read, as the profile's paths expanded (profile/paths.ts). A config
 * file ssh cannot open stops it; a missing identity file only makes it warn and try the others.
 * `-F none` names no file, and ssh fills in an identity file's `%` tokens only when it connects.
 */
async function fileLines(deps: DoctorDeps, ssh: SshSettings, tunnels: readonly Tunnel[]): Promise<DoctorLine[]> {
	const files = [
		...(ssh.sshConfigFile === undefined || ssh.sshConfigFile === 'none' ? [] : [{role: 'ssh-config' as const, name: undefined, path: ssh.sshConfigFile}]),
		...tunnels.flatMap(tunnel => (tunnel.identityFile === undefined || tunnel.identityFile.includes('%') ? [] : [{role: 'identity-file' as const, name: tunnel.name, path: tunnel.identityFile}])),
	];
	return Promise.all(files.map(async (file): Promise<DoctorLine> => {
		const subject = {kind: 'file', ...file} as const;
		const access = await deps.fileAccess(file.path);
		if (access === 'readable') {
			return {subject, verdict: pass({kind: 'file-readable'})};
		}

		const cause = {kind: 'file-unusable', role: file.role, access} as const;
		return {subject, verdict: file.role === 'ssh-config' ? fail(cause) : warn(cause)};
	}));
}

async function runtimeLine(deps: DoctorDeps): Promise<DoctorLine> {
	const subject = {kind: 'socket-directory'} as const;
	try {
		await deps.runtime.ensureDirectory();
		return {subject, verdict: pass({kind: 'socket-directory-ok'})};
	} catch (error) {
		if (error instanceof UserError) {
			return {subject, verdict: fail({kind: 'socket-directory-unusable', message: error.message, hint: error.hint})};
		}

		throw error;
	}
}

async function observationLine(deps: DoctorDeps): Promise<DoctorLine> {
	const subject = {kind: 'observation'} as const;
	const facts = await deps.observer();
	if (facts.kind === 'invalid') {
		return {subject, verdict: fail({kind: 'observation-invalid', message: facts.message, hint: facts.hint})};
	}

	return facts.backend.kind === 'portable' && !facts.lsof
		? {subject, verdict: fail({kind: 'lsof-missing', backend: facts.backend})}
		: {subject, verdict: pass({kind: 'observation-backend', backend: facts.backend, lsof: facts.lsof})};
}

/** What the user's ssh config does to this tunnel's connection (`ssh -G`: Include, Match and patterns applied). */
async function configLine(deps: DoctorDeps, ssh: SshSettings, tunnel: Tunnel): Promise<DoctorLine> {
	const subject = {kind: 'ssh-config', name: tunnel.name, host: tunnel.host} as const;
	const run = await deps.runSsh(effectiveConfigArgv(tunnel, ssh), {timeoutMs: timeouts.controlCommandMs, prompt: {kind: 'none'}});
	if (run.exitCode !== 0) {
		return {subject, verdict: fail({kind: 'config-unreadable', stderr: run.stderr})};
	}

	const config = parseEffectiveConfig(run.stdout);
	const forwards = configuredForwards(config);
	if (forwards.length > 0) {
		return {subject, verdict: warn({kind: 'config-adds-forwards', forwards})};
	}

	const controlMaster = config.get('controlmaster')?.[0] ?? 'false';
	return {subject, verdict: pass({kind: 'connects-to', destination: describeEffectiveDestination(config, tunnel.host), controlMaster})};
}

/** One test channel on a connection of its own: "administratively prohibited" means no forwarding at all. */
async function forwardingLine(deps: DoctorDeps, ssh: SshSettings, tunnel: Tunnel): Promise<DoctorLine> {
	const end = tunnel.local.map(forward => forward.target).find(candidate => candidate.kind === 'tcp');
	if (end?.kind !== 'tcp') {
		const onlyRemote = tunnel.local.length === 0 && tunnel.dynamic.length === 0;
		return {subject: {kind: 'forwarding', name: tunnel.name, target: undefined}, verdict: warn({kind: onlyRemote ? 'only-remote-forwards' : 'no-test-target'})};
	}

	const target = formatHostPort(end.host, end.port);
	const subject = {kind: 'forwarding', name: tunnel.name, target} as const;
	const probe = await deps.probeChannel(testChannelArgv(tunnel, ssh, target), timeouts.startMs);
	switch (probe.kind) {
		case 'open': {
			return {subject, verdict: pass({kind: 'forwarding-allowed'})};
		}

		case 'timeout': {
			return {subject, verdict: fail({kind: 'no-answer', withinMs: timeouts.startMs})};
		}

		case 'failed': {
			// A jump host that cannot reach the next hop says the same words as a target that refuses.
			const failure = classifySshFailure(probe.stderr, 255);
			if (failure.kind === 'jump-failed') {
				return {subject, verdict: fail({kind: 'ssh-failed', failure})};
			}

			if (/administratively prohibited/.test(probe.stderr)) {
				return {subject, verdict: fail({kind: 'forwarding-prohibited'})};
			}

			const refused = /open failed: connect failed: (.*)/.exec(probe.stderr);
			if (refused) {
				return {subject, verdict: warn({kind: 'target-refused', target, said: refused[1] ?? ''})};
			}

			return {subject, verdict: fail({kind: 'ssh-failed', failure})};
		}
	}
}
