// How the doctor's findings are said: `pass  ssh (ssh): OpenSSH_9.6p1`, a fix under each warning and failure.
import type {DoctorLine, DoctorPass, DoctorProblem, DoctorSubject, Verdict} from '../core/doctor.js';
import type {ObserveBackend} from '../proc/backend.js';
import {formatIssue} from '../profile/issue.js';
import {minimumOpenSsh} from '../ssh/version.js';
import {describeFailure} from './failure.js';

const marks = {pass: 'pass', warn: 'WARN', fail: 'FAIL'} as const;

/** A line as `tunnels doctor` prints it: a detail of several lines is indented under it, then the fix. */
export function doctorLineText({subject, verdict}: DoctorLine): string {
	const {detail, fix} = verdictWords(verdict);
	return `${marks[verdict.kind]}  ${doctorLabel(subject)}: ${detail.split('\n').join('\n      ')}${fix === undefined ? '' : `\n      fix: ${fix}`}`;
}

export function doctorLabel(subject: DoctorSubject): string {
	switch (subject.kind) {
		case 'ssh': {
			return `ssh (${subject.binary})`;
		}

		case 'profile-file': {
			return `profile file ${subject.path}`;
		}

		case 'socket-directory': {
			return 'control socket directory';
		}

		case 'observation': {
			return 'processes and sockets';
		}

		case 'file': {
			return subject.role === 'ssh-config' ? `ssh config file ${subject.path}` : `identity file of ${subject.name ?? '?'} (${subject.path})`;
		}

		case 'ssh-config': {
			return `ssh config for ${subject.name} (${subject.host})`;
		}

		case 'forwarding': {
			return subject.target === undefined ? `forwarding on ${subject.name}` : `forwarding on ${subject.name} (test channel to ${subject.target})`;
		}
	}
}

/** What was found, and for a warning or a failure what to do about it. */
export function verdictWords(verdict: Verdict): {readonly detail: string; readonly fix: string | undefined} {
	return verdict.kind === 'pass' ? {detail: passDetail(verdict.cause), fix: undefined} : problemWords(verdict.cause);
}

export function passDetail(cause: DoctorPass): string {
	switch (cause.kind) {
		case 'ssh-version': {
			return cause.version;
		}

		case 'profile-valid': {
			return `valid, only you can write it, ${cause.tunnels} tunnel${cause.tunnels === 1 ? '' : 's'}`;
		}

		case 'socket-directory-ok': {
			return 'yours alone (0700, not a symlink)';
		}

		case 'observation-backend': {
			return `${backendWords(cause.backend)}; lsof ${cause.lsof ? 'found' : 'not found'}`;
		}

		case 'file-readable': {
			return 'exists and can be read';
		}

		case 'connects-to': {
			const note = cause.controlMaster === 'false' ? '' : `; ControlMaster ${cause.controlMaster} there is overridden by the tool's own ControlMaster and ControlPath`;
			return `connects to ${cause.destination}${note}`;
		}

		case 'forwarding-allowed': {
			return 'the server allows forwarding and the target answers';
		}
	}
}

export function problemWords(cause: DoctorProblem): {readonly detail: string; readonly fix: string} {
	switch (cause.kind) {
		case 'ssh-not-run': {
			return {detail: cause.stderr.trim() || `exited with status ${cause.exitCode}`, fix: 'install OpenSSH\'s client, or point --ssh / TUNNELS_SSH at it'};
		}

		case 'ssh-too-old': {
			return {detail: `${cause.version || 'unknown version'}: OpenSSH ${minimumOpenSsh.major}.${minimumOpenSsh.minor} or newer is needed (control sockets, -W, Unix-socket forwards)`, fix: 'install a recent OpenSSH client'};
		}

		case 'profile-missing': {
			return {detail: 'does not exist yet', fix: 'run: tunnels init, or tunnels import -- ssh …'};
		}

		case 'profile-invalid': {
			return {detail: cause.problem, fix: cause.fix};
		}

		case 'profile-warning': {
			return {detail: formatIssue({...cause.issue, hint: undefined}), fix: cause.issue.hint ?? 'see the message'};
		}

		case 'observation-invalid': {
			return {detail: cause.message, fix: cause.hint ?? 'unset TUNNELS_OBSERVE'};
		}

		case 'lsof-missing': {
			return {detail: `${backendWords(cause.backend)}, but lsof cannot be run: no listener can be seen, so no tunnel can be verified`, fix: 'install lsof (macOS ships it; Debian: apt-get install lsof)'};
		}

		case 'socket-directory-unusable': {
			return {detail: cause.message, fix: cause.hint ?? 'set TUNNELS_RUNTIME_DIR to a directory of your own'};
		}

		case 'file-unusable': {
			return fileWords(cause);
		}

		case 'config-unreadable': {
			return {detail: `ssh -G failed: ${cause.stderr.trim()}`, fix: 'fix the ssh config file it names'};
		}

		case 'config-adds-forwards': {
			return {detail: `your ssh config adds ${cause.forwards.join(', ')} for this host: ssh sets them up in the tunnel too`, fix: 'move them into the profile, or give the tunnel a host alias without them'};
		}

		case 'only-remote-forwards': {
			return {detail: 'only remote forwards: no test channel is made for those', fix: 'run tunnels up, then tunnels check'};
		}

		case 'no-test-target': {
			return {detail: 'no local forward to a host and port: no test channel is made for socket paths and SOCKS proxies', fix: 'run tunnels up, then tunnels check'};
		}

		case 'no-answer': {
			return {detail: `no answer within ${cause.withinMs / 1000} s`, fix: 'check the network path to the server'};
		}

		case 'forwarding-prohibited': {
			return {detail: 'the server does not allow port forwarding (administratively prohibited)', fix: 'ask for AllowTcpForwarding yes in the server\'s sshd_config'};
		}

		case 'target-refused': {
			return {detail: `the server allows forwarding, but ${cause.target} refuses from its side: ${cause.said}`, fix: 'start the target service, or fix the forward\'s host and port'};
		}

		case 'ssh-failed': {
			const {message, hint} = describeFailure(cause.failure, true);
			return {detail: message, fix: hint ?? 'run the test by hand with ssh -v'};
		}
	}
}

function fileWords(cause: Extract<DoctorProblem, {kind: 'file-unusable'}>): {readonly detail: string; readonly fix: string} {
	const consequence = cause.role === 'ssh-config' ? 'ssh will refuse to start with -F naming it' : 'ssh will warn and try the agent\'s and its default keys';
	const fix = cause.role === 'ssh-config'
		? 'fix sshConfig in the profile (or --ssh-config, TUNNELS_SSH_CONFIG); a relative path starts at the profile file\'s directory'
		: 'fix the tunnel\'s identityFile; a relative path starts at the profile file\'s directory';
	switch (cause.access) {
		case 'missing': {
			return {detail: `does not exist: ${consequence}`, fix};
		}

		case 'not-a-file': {
			return {detail: `is not a regular file: ${consequence}`, fix};
		}

		case 'unreadable': {
			return {detail: `cannot be read by you: ${consequence}`, fix: 'make it readable by you (chmod u+r), or point the profile at another file'};
		}
	}
}

function backendWords(backend: ObserveBackend): string {
	const how = backend.kind === 'proc' ? 'read from /proc' : 'read with ps and lsof (portable)';
	return `${how}, ${backend.chosenBy === 'forced' ? 'as TUNNELS_OBSERVE says' : `the default on ${backend.platform}`}`;
}
