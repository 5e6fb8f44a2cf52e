import {tunnelLogPath} from '../logs/paths.js';
import {buildSshArgv} from '../ssh/argv.js';
import {quoteCommand} from '../ssh/quote.js';
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
	const argv = buildSshArgv(target.tunnel, options.minimal
		? {kind: 'minimal'}
		: {kind: 'managed', context: {
			sshBinary: loaded.ssh.sshBinary,
			sshConfigFile: loaded.ssh.sshConfigFile,
			controlPath: target.controlPath,
			logFile: tunnelLogPath(loaded.socketDirectory, target.tunnel.name),
			batch: options.batch ?? !io.interactive,
		}});
	io.stdout(options.json ? `${JSON.stringify(argv)}\n` : `${quoteCommand(argv)}\n`);
}
