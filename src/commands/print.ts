import {buildSshArgv} from '../ssh/argv.js';
import {quoteCommand} from '../ssh/quote.js';
import {controlPathOf, findTunnel, loadProfile, type GlobalOptions, type Io} from './context.js';

export type PrintOptions = {
	/** the line a person would type, without the tool's tracking options */
	readonly minimal?: boolean;
	readonly json?: boolean;
	/** print the argv as `up --batch` would run it */
	readonly batch?: boolean;
};

export async function printCommand(io: Io, globals: GlobalOptions, name: string, options: PrintOptions): Promise<void> {
	const loaded = await loadProfile(io, globals);
	const tunnel = findTunnel(loaded, name);
	const argv = buildSshArgv(tunnel, options.minimal
		? {kind: 'minimal'}
		: {kind: 'managed', context: {
			sshBinary: loaded.ssh.sshBinary,
			sshConfigFile: loaded.ssh.sshConfigFile,
			controlPath: controlPathOf(loaded, tunnel),
			batch: options.batch ?? !io.interactive,
		}});
	io.stdout(options.json ? `${JSON.stringify(argv)}\n` : `${quoteCommand(argv)}\n`);
}
