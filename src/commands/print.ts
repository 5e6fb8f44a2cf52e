import {timeouts} from '../core/timeouts.js';
import {tunnelLogPath} from '../logs/paths.js';
import {buildSshArgv, forwardRequestArgv} from '../ssh/argv.js';
import {isShared, masterOnly} from '../tunnel/share.js';
import {quoteCommand} from '../ssh/quote.js';
import {ensureRuntimeDirectory} from '../store/runtime.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';
import {allTargetsOf, findTarget} from './targets.js';

export type PrintOptions = {
	/** the line a person would type, without the tool's tracking options */
	readonly minimal?: boolean;
	readonly json?: boolean;
	/** print the argv as `up --batch` would run it */
	readonly batch?: boolean;
};

export async function printCommand(io: Io, globals: GlobalOptions, name: string, options: PrintOptions): Promise<void> {
	const loaded = await loadProfile(io, globals);
	// The ssh config (and the modules that run ssh) only for a name the profile does not have.
	const {target} = await findTarget(loaded, name, async () => allTargetsOf(loaded, (await import('../core/system.js')).systemDeps(loaded, io.uid)));
	const context = {
		sshBinary: loaded.ssh.sshBinary,
		sshConfigFile: loaded.ssh.sshConfigFile,
		controlPath: target.controlPath,
		logFile: tunnelLogPath(loaded.socketDirectory, target.tunnel.name),
		batch: options.batch ?? !io.interactive,
	};
	if (!options.minimal) {
		// The exact line names its control socket and its log (-E) in the runtime directory, and ssh
		// refuses to start when it cannot open the log: made (0700, checked) so that the line works pasted.
		await ensureRuntimeDirectory(loaded.socketDirectory, loaded.socketBase, io.uid);
	}

	if (options.minimal || !isShared(target.tunnel)) {
		const argv = buildSshArgv(target.tunnel, options.minimal ? {kind: 'minimal', sshConfigFile: loaded.ssh.sshConfigFile} : {kind: 'managed', context});
		io.stdout(options.json ? `${JSON.stringify(argv)}\n` : `${quoteCommand(argv)}\n`);
		return;
	}

	// A shared tunnel: the master's line when none runs yet, then the forward request on it. The mux
	// client (and node:net) loaded only here: every other line is made without it (issue 17).
	const {checkMaster} = await import('../mux/client.js');
	const running = (await checkMaster(target.controlPath, timeouts.masterCheckMs)).kind === 'alive';
	const argvs = [
		...(running ? [] : [buildSshArgv(masterOnly(target.tunnel), {kind: 'managed', context})]),
		forwardRequestArgv(target.tunnel, context),
	];
	io.stdout(options.json ? `${JSON.stringify(argvs)}\n` : argvs.map(argv => `${quoteCommand(argv)}\n`).join(''));
}
