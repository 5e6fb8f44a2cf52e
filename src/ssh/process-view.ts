import path from 'node:path';
import {classifyKeyword} from '../profile/ssh-keywords.js';
import {forwardFromConfigValue, parseSshArgv, splitOptionArgument} from './parse-argv.js';

export type ForwardFlag = 'L' | 'R' | 'D';

/** One forward of a running ssh, in ssh's syntax: `-L 9906:10.1.0.2:3306` is `{flag: 'L', spec: '9906:10.1.0.2:3306'}`. */
export type ViewForward = {readonly flag: ForwardFlag; readonly spec: string};

/** What a running ssh's command line says about it, read the way ssh reads it. */
export type SshProcessView = {
	/** -L/-R/-D forwards (also as -o LocalForward/RemoteForward/DynamicForward), in ssh's syntax */
	readonly forwards: readonly ViewForward[];
	/** ControlPath (or -S), `%%` unescaped */
	readonly controlPath: string | undefined;
	/**
	 * started as a control master (-M, ControlMaster=yes) that serves tunnels: forwards or -N. A
	 * session (a shell, a command) with ControlMaster=auto on some socket is a mux client of that
	 * socket's master, never a master to count or kill (issue 13, item 3).
	 */
	readonly master: boolean;
	/** a client of another master (-O, -W): a short-lived helper, never a tunnel */
	readonly controlClient: boolean;
	readonly destination: string | undefined;
};

const forwardKeywords: Record<string, ForwardFlag> = {LocalForward: 'L', RemoteForward: 'R', DynamicForward: 'D'};

/** Reads an ssh process's argv; undefined when it is not ssh or its arguments are not ssh's. */
export function viewSshProcess(argv: readonly string[]): SshProcessView | undefined {
	const [program, ...args] = argv;
	if (program === undefined || path.basename(program) !== 'ssh') {
		return undefined;
	}

	const parsed = parseSshArgv(args);
	if (parsed.kind === 'error') {
		return undefined;
	}

	const {flags, values, destination} = parsed.invocation;
	const forwards: ViewForward[] = [];
	let controlPath: string | undefined;
	let master = flags.includes('M');
	for (const {flag, value} of values) {
		if (flag === 'L' || flag === 'R' || flag === 'D') {
			forwards.push({flag, spec: value});
		} else if (flag === 'S') {
			// ssh expands -S like ControlPath: `%%` is a literal `%`.
			controlPath = value.replaceAll('%%', '%');
		} else if (flag === 'o') {
			const option = splitOptionArgument(value);
			const keyword = option === undefined ? undefined : classifyKeyword(option.name);
			const optionValue = option?.value ?? '';
			const name = keyword === undefined || keyword.kind === 'unknown' ? undefined : keyword.keyword;
			if (name === 'ControlPath' && controlPath === undefined) {
				controlPath = optionValue.replaceAll('%%', '%');
			} else if (name === 'ControlMaster') {
				master ||= /^(yes|auto|ask|autoask)$/i.test(optionValue);
			} else if (name !== undefined && forwardKeywords[name] !== undefined) {
				forwards.push({flag: forwardKeywords[name], spec: forwardFromConfigValue(optionValue)});
			}
		}
	}

	const controlClient = values.some(({flag}) => flag === 'O' || flag === 'W');
	master &&= forwards.length > 0 || flags.includes('N');
	return {forwards, controlPath, master, controlClient, destination};
}

/**
 * An ssh that holds tunnels: it asks for forwards on its command line, or it is a master whose
 * control socket is in our runtime directory (a config tunnel's forwards come from the ssh config,
 * so its argv has none). Control clients (-O, -W) never are.
 */
export function holdsTunnels(view: SshProcessView, runtimeDirectory: string): boolean {
	const ours = view.master && view.controlPath !== undefined && path.dirname(view.controlPath) === runtimeDirectory;
	return !view.controlClient && (view.forwards.length > 0 || ours);
}
