import {readFileSync} from 'node:fs';
import {Argument, Command, CommanderError, Option} from 'commander';
import type {GlobalOptions, Io} from './commands/context.js';
import {completionHelp, shells, type Shell} from './completion/scripts.js';
import {UserError} from './errors.js';
import {exportFormatNames, type ExportFormatName} from './export/formats.js';
import {addEditingCommands} from './cli-edit.js';
import {addKeepingCommands} from './cli-keep.js';
import {soleVerb, verbRegistrar} from './cli-verb.js';
import {examples} from './present/help.js';
import {internalErrorText, userErrorText} from './present/problem.js';
import {closest} from './profile/suggest.js';
import {processIo, type Installation} from './process-io.js';

/**
 * The composition root: real I/O in, commander program out. Each command's module is imported only
 * when it runs, so `print` never pays for the process and socket readers or Ink; with `only` (argv's
 * verb, cli-verb.ts) only that verb's command is built.
 */
export function buildProgram(io: Io, setExitCode: (code: number) => void, only?: string): Command {
	const program = new Command('tunnels')
		.description('Named SSH port-forwarding tunnels: exact OpenSSH command lines, real background processes, honest status.')
		.version(packageVersion())
		.option('--config <file>', 'profile file (default: $XDG_CONFIG_HOME/tunnels/tunnels.yaml; env TUNNELS_CONFIG)')
		.option('--ssh <path>', 'ssh binary to run (env TUNNELS_SSH; profile key `ssh`)')
		.option('--ssh-config <file>', 'ssh config file passed as -F (env TUNNELS_SSH_CONFIG; profile key `sshConfig`)')
		.showHelpAfterError()
		.exitOverride()
		// Commander's own errors echo the words typed: through io, which writes out control characters.
		.configureOutput({writeOut: text => io.stdout(text), writeErr: text => io.stderr(text)});
	const globals = (): GlobalOptions => program.opts<GlobalOptions>();
	const verb = verbRegistrar(program, only);

	// With no command: the UI in a terminal, else the list, the first thing a person wants to see.
	program.argument('[command...]')
		.usage('[options] [command]')
		.action(async ([command]: string[]) => {
			if (command !== undefined) {
				const suggestion = closest(command, program.commands.filter(known => !known.name().startsWith('__')).flatMap(known => [known.name(), ...known.aliases()]));
				// One line and where to look, not the whole help after a typo (issue 14).
				const message = `error: unknown command '${command}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`;
				io.stderr(`${message}\n(run \`tunnels --help\` for the commands)\n`);
				throw new CommanderError(2, 'tunnels.unknownCommand', message);
			}

			await (io.interactive
				? (await import('./commands/ui.js')).uiCommand(io, globals())
				: (await import('./commands/ls.js')).lsCommand(io, globals(), {}));
		});

	verb('ls', {aliases: ['status']})
		?.description('list the tunnels of the profile file with their observed state')
		.argument('[names...]', 'only these tunnels (a name, or @TAG for every tunnel with that tag)')
		.option('--json', 'print data instead of a table')
		.option('--wide', 'every column at full width, even on a narrow terminal (a pipe always gets them)')
		.addHelpText('after', examples.ls)
		.action(async (names: string[], options: {json?: boolean; wide?: boolean}) => (await import('./commands/ls.js')).lsCommand(io, globals(), {...options, names}));

	verb('print')
		?.description('print the exact ssh command line of a tunnel, shell-quoted')
		.argument('<name>', 'tunnel name')
		.option('--minimal', 'the line a person would type, without the tracking options')
		.option('--json', 'the argv array as JSON')
		.option('--batch', 'as `up --batch` runs it (BatchMode=yes)')
		.addHelpText('after', examples.print)
		.action(async (name: string, options: {minimal?: boolean; json?: boolean; batch?: boolean}) => (await import('./commands/print.js')).printCommand(io, globals(), name, options));

	verb('import')
		?.description('add a tunnel to the profile file from a pasted ssh command, or copy one of your ssh config')
		.argument('[command...]', 'the ssh command, after `--` or as one quoted string')
		.option('--from-ssh-config <host>', 'copy the tunnel of this Host of the ssh config (it stays unchanged)')
		.option('--name <name>', 'tunnel name (default: host and first port, or the Host)')
		.option('--allow-commands', 'accept options that run programs (ProxyCommand, …)')
		.option('--dry-run', 'show the entry without writing the file')
		.option('--json', 'print the result as JSON')
		.addHelpText('after', examples.import)
		.action(async (words: string[], options: {name?: string; fromSshConfig?: string; allowCommands?: boolean; dryRun?: boolean; json?: boolean}) => (await import('./commands/import.js')).importCommand(io, globals(), words, options));

	verb('up')
		?.description('start tunnels as background ssh processes, verified')
		.argument('[names...]', 'tunnel names')
		.option('--all', 'every tunnel of the profile file')
		.option('--batch', 'never prompt (BatchMode=yes), even from a terminal')
		.option('--json', 'print the results as JSON')
		.addHelpText('after', examples.up)
		.action(async (names: string[], options: {all?: boolean; batch?: boolean; json?: boolean}) => {
			setExitCode(await (await import('./commands/up.js')).upCommand(io, globals(), names, options));
		});

	verb('down')
		?.description('stop tunnels: ssh -O exit, then verified signals; removes the control socket')
		.argument('[names...]', 'tunnel names')
		.option('--all', 'every tunnel of the profile file')
		.option('--json', 'print the results as JSON')
		.addHelpText('after', examples.down)
		.action(async (names: string[], options: {all?: boolean; json?: boolean}) => {
			setExitCode(await (await import('./commands/down.js')).downCommand(io, globals(), names, options));
		});

	verb('check')
		?.description('check a tunnel step by step: process, socket, listeners, and its targets through the server')
		.argument('<name>', 'tunnel name')
		.option('--json', 'print the steps as JSON')
		.addHelpText('after', examples.check)
		.action(async (name: string, options: {json?: boolean}) => {
			setExitCode(await (await import('./commands/check.js')).checkCommand(io, globals(), name, options));
		});

	verb('prune')
		?.description('find stale tunnels and control sockets, say why, and stop them safely')
		.option('--dry-run', 'only print the plan')
		.option('-y, --yes', 'do not ask before killing')
		.option('--include-outside', 'also kill stale tunnels running outside the profile')
		// The flag's old name, kept working for scripts: one name in the help for one thing.
		.addOption(new Option('--include-foreign').hideHelp())
		.option('--json', 'print the plan and the outcome as JSON')
		.addHelpText('after', examples.prune)
		.action(async ({includeOutside, includeForeign, ...options}: {dryRun?: boolean; yes?: boolean; includeOutside?: boolean; includeForeign?: boolean; json?: boolean}) => {
			setExitCode(await (await import('./commands/prune.js')).pruneCommand(io, globals(), {...options, includeForeign: includeOutside === true || includeForeign === true}));
		});

	verb('kill')
		?.description('stop a named tunnel or a tunnel process by PID, with the same checks as prune')
		.argument('<targets...>', 'tunnel names or PIDs')
		.option('--json', 'print the outcomes as JSON')
		.addHelpText('after', examples.kill)
		.action(async (targets: string[], options: {json?: boolean}) => {
			setExitCode(await (await import('./commands/kill.js')).killCommand(io, globals(), targets, options));
		});

	addKeepingCommands(verb, io, globals, setExitCode);

	verb('doctor')
		?.description('check ssh, the profile file, the socket directory and your ssh config; with a name, whether the server allows forwarding')
		.argument('[name]', 'a tunnel to test a channel for')
		.option('--json', 'print the lines as JSON')
		.addHelpText('after', examples.doctor)
		.action(async (name: string | undefined, options: {json?: boolean}) => {
			setExitCode(await (await import('./commands/doctor.js')).doctorCommand(io, globals(), name, options));
		});

	verb('export')
		?.description('print a tunnel as a systemd user unit, a launchd plist, an autossh command or an ssh_config Host block')
		.argument('<names...>', 'tunnel names, or @TAG for every tunnel with that tag (one name for a unit file)')
		.addOption(new Option('--as <format>', 'what to write').choices(exportFormatNames).makeOptionMandatory())
		.addHelpText('after', examples.export)
		.action(async (names: string[], options: {as: ExportFormatName}) => (await import('./commands/export.js')).exportCommand(io, globals(), names, options));

	verb('init')
		?.description('write an example profile file (never over an existing one)')
		.addHelpText('after', examples.init)
		.action(async () => (await import('./commands/init.js')).initCommand(io, globals()));

	addEditingCommands(verb, io, globals, setExitCode);

	verb('completion')
		?.description('print the shell completion script: commands, options and tunnel names')
		.addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(shells))
		.addHelpText('after', completionHelp)
		.action(async (shell: Shell) => (await import('./commands/completion.js')).completionCommand(io, shell));

	// Called by the completion scripts on every Tab, words after `--` so that none is read as an option here.
	verb('__complete', {hidden: true})
		?.argument('[words...]')
		.helpOption(false)
		.allowUnknownOption()
		// Its answers come from the whole program's commands and options, not this one alone.
		.action(async (words: string[]) => (await import('./commands/completion.js')).completeCommand(io, only === undefined ? program : buildProgram(io, setExitCode), words));

	// A word that names no verb: the whole program, for its did-you-mean.
	return only !== undefined && program.commands.length === 0 ? buildProgram(io, setExitCode) : program;
}

/** The version in package.json, two levels above this file: dist/src/cli.js, or the bundle's dist/bundle/cli.js. */
function packageVersion(): string {
	const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
	return (JSON.parse(text) as {version: string}).version;
}

export async function main(argv: readonly string[], installation: Installation): Promise<number> {
	const io = processIo(installation);
	try {
		let exitCode = 0;
		await buildProgram(io, code => {
			exitCode = code;
		}, soleVerb(argv)).parseAsync([...argv], {from: 'user'});
		return exitCode;
	} catch (error) {
		return reportError(io, error);
	}
}

function reportError(io: Io, error: unknown): number {
	if (error instanceof CommanderError) {
		// Commander has printed its message; help and version are not failures.
		return error.exitCode === 0 ? 0 : 2;
	}

	if (error instanceof UserError) {
		io.stderr(userErrorText(error));
		return error.exitCode;
	}

	io.stderr(internalErrorText(error));
	return 70;
}
