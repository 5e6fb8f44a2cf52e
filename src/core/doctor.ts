import {UserError} from '../errors.js';
import {formatHostPort} from '../profile/forward.js';
import {formatIssue, type ProfileIssue} from '../profile/issue.js';
import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {configuredForwards, describeEffectiveDestination, effectiveConfigArgv, parseEffectiveConfig, testChannelArgv} from '../ssh-config/effective.js';
import {classifySshFailure, describeFailure} from '../ssh/failure.js';
import {isRecentEnough, minimumOpenSsh, parseSshVersion} from '../ssh/version.js';
import {timeouts, type Deps} from './deps.js';

export type Verdict =
	| {readonly kind: 'pass'; readonly detail: string}
	| {readonly kind: 'warn' | 'fail'; readonly detail: string; readonly fix: string};

export type DoctorLine = {
	readonly label: string;
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
export async function runDoctor(deps: Deps, input: DoctorInput): Promise<DoctorLine[]> {
	const lines: DoctorLine[] = [await sshVersionLine(deps, input.ssh), ...profileLines(input.profile), await runtimeLine(deps)];
	const tunnels = input.profile.kind === 'loaded' ? input.profile.tunnels : [];
	const examined = input.named === undefined ? tunnels : [input.named];
	lines.push(...await Promise.all(examined.map(async tunnel => configLine(deps, input.ssh, tunnel))));
	if (input.named !== undefined) {
		lines.push(await forwardingLine(deps, input.ssh, input.named));
	}

	return lines;
}

async function sshVersionLine(deps: Deps, ssh: SshSettings): Promise<DoctorLine> {
	const label = `ssh (${ssh.sshBinary})`;
	const run = await deps.runSsh([ssh.sshBinary, '-V'], {timeoutMs: timeouts.controlCommandMs, prompt: {kind: 'none'}});
	const version = parseSshVersion(run.stderr);
	if (run.exitCode !== 0) {
		return {label, verdict: {kind: 'fail', detail: run.stderr.trim() || `exited with status ${run.exitCode}`, fix: 'install OpenSSH\'s client, or point --ssh / TUNNELS_SSH at it'}};
	}

	return {label, verdict: isRecentEnough(version)
		? {kind: 'pass', detail: version.text}
		: {kind: 'fail', detail: `${version.text || 'unknown version'}: OpenSSH ${minimumOpenSsh.major}.${minimumOpenSsh.minor} or newer is needed (control sockets, -W, Unix-socket forwards)`, fix: 'install a recent OpenSSH client'}};
}

function profileLines(profile: ProfileState): DoctorLine[] {
	const label = `profile file ${profile.path}`;
	switch (profile.kind) {
		case 'missing': {
			return [{label, verdict: {kind: 'warn', detail: 'does not exist yet', fix: 'run: tunnels init, or tunnels import -- ssh …'}}];
		}

		case 'invalid': {
			return [{label, verdict: {kind: 'fail', detail: profile.problem, fix: profile.fix}}];
		}

		case 'loaded': {
			return [
				{label, verdict: {kind: 'pass', detail: `valid, only you can write it, ${profile.tunnels.length} tunnel${profile.tunnels.length === 1 ? '' : 's'}`}},
				...profile.warnings.map((issue): DoctorLine => ({label, verdict: {kind: 'warn', detail: formatIssue({...issue, hint: undefined}), fix: issue.hint ?? 'see the message'}})),
			];
		}
	}
}

async function runtimeLine(deps: Deps): Promise<DoctorLine> {
	const label = 'control socket directory';
	try {
		await deps.runtime.ensureDirectory();
		return {label, verdict: {kind: 'pass', detail: 'yours alone (0700, not a symlink)'}};
	} catch (error) {
		if (error instanceof UserError) {
			return {label, verdict: {kind: 'fail', detail: error.message, fix: error.hint ?? 'set TUNNELS_RUNTIME_DIR to a directory of your own'}};
		}

		throw error;
	}
}

/** What the user's ssh config does to this tunnel's connection (`ssh -G`: Include, Match and patterns applied). */
async function configLine(deps: Deps, ssh: SshSettings, tunnel: Tunnel): Promise<DoctorLine> {
	const label = `ssh config for ${tunnel.name} (${tunnel.host})`;
	const run = await deps.runSsh(effectiveConfigArgv(tunnel, ssh), {timeoutMs: timeouts.controlCommandMs, prompt: {kind: 'none'}});
	if (run.exitCode !== 0) {
		return {label, verdict: {kind: 'fail', detail: `ssh -G failed: ${run.stderr.trim()}`, fix: 'fix the ssh config file it names'}};
	}

	const config = parseEffectiveConfig(run.stdout);
	const extra = configuredForwards(config);
	if (extra.length > 0) {
		return {label, verdict: {kind: 'warn', detail: `your ssh config adds ${extra.join(', ')} for this host: ssh sets them up in the tunnel too`, fix: 'move them into the profile, or give the tunnel a host alias without them'}};
	}

	const master = config.get('controlmaster')?.[0] ?? 'false';
	const note = master === 'false' ? '' : `; ControlMaster ${master} there is overridden by the tool's own ControlMaster and ControlPath`;
	return {label, verdict: {kind: 'pass', detail: `connects to ${describeEffectiveDestination(config, tunnel.host)}${note}`}};
}

/** One test channel on a connection of its own: "administratively prohibited" means no forwarding at all. */
async function forwardingLine(deps: Deps, ssh: SshSettings, tunnel: Tunnel): Promise<DoctorLine> {
	const [forward] = tunnel.local;
	if (forward === undefined) {
		return {label: `forwarding on ${tunnel.name}`, verdict: {kind: 'warn', detail: 'only remote forwards: no test channel is made for those', fix: 'run tunnels up, then tunnels check'}};
	}

	const target = formatHostPort(forward.host, forward.hostPort);
	const label = `forwarding on ${tunnel.name} (test channel to ${target})`;
	const probe = await deps.probeChannel(testChannelArgv(tunnel, ssh, target), timeouts.startMs);
	switch (probe.kind) {
		case 'open': {
			return {label, verdict: {kind: 'pass', detail: 'the server allows forwarding and the target answers'}};
		}

		case 'timeout': {
			return {label, verdict: {kind: 'fail', detail: `no answer within ${timeouts.startMs / 1000} s`, fix: 'check the network path to the server'}};
		}

		case 'failed': {
			if (/administratively prohibited/.test(probe.stderr)) {
				return {label, verdict: {kind: 'fail', detail: 'the server does not allow port forwarding (administratively prohibited)', fix: 'ask for AllowTcpForwarding yes in the server\'s sshd_config'}};
			}

			const refused = /open failed: connect failed: (.*)/.exec(probe.stderr);
			if (refused) {
				return {label, verdict: {kind: 'warn', detail: `the server allows forwarding, but ${target} refuses from its side: ${refused[1]}`, fix: 'start the target service, or fix the forward\'s host and port'}};
			}

			const {message, hint} = describeFailure(classifySshFailure(probe.stderr, 255), true);
			return {label, verdict: {kind: 'fail', detail: message, fix: hint ?? 'run the test by hand with ssh -v'}};
		}
	}
}
