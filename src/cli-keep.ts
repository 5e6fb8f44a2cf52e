// The verbs that keep tunnels up and tell what their keepers did (watch, logs, service): cli.ts's
// program, in a file of their own. Each module is imported only when its verb runs.
import type {Verb} from './cli-verb.js';
import type {GlobalOptions, Io} from './commands/context.js';
import {examples} from './present/help.js';

export function addKeepingCommands(verb: Verb, io: Io, globals: () => GlobalOptions, setExitCode: (code: number) => void): void {
	verb('watch')
		?.description('keep tunnels up in the foreground: restart them when they die, lose a listener or their server stops answering')
		.argument('[names...]', 'tunnel names (default: every tunnel with `restart: always` or `on-failure`)')
		.option('--json', 'print each event as one line of JSON')
		.option('--down-on-exit', 'take the tunnels down when the watcher stops (SIGINT, SIGTERM)')
		.option('--service', 'run as the login service does (`tunnels service install`): keep running while no tunnel asks to be kept up')
		.addHelpText('after', examples.watch)
		.action(async (names: string[], options: {json?: boolean; downOnExit?: boolean; service?: boolean}) => {
			setExitCode(await (await import('./commands/watch.js')).watchCommand(io, globals(), names, options));
		});

	verb('logs')
		?.description('show a tunnel\'s log: what ssh said and what its keepers did, in order')
		.argument('<name>', 'tunnel name')
		.option('-f, --follow', 'go on printing what is added, until Ctrl-C')
		.option('-n, --lines <count>', 'the last N lines (default 50)')
		.option('--json', 'the entries as JSON (with -f, one entry per line)')
		.addHelpText('after', examples.logs)
		.action(async (name: string, options: {follow?: boolean; lines?: string; json?: boolean}) => (await import('./commands/logs.js')).logsCommand(io, globals(), name, options));

	const service = verb('service')
		?.description('run the supervisor (`tunnels watch --service`) as a login service: systemd user unit or launchd agent');
	service?.command('install')
		.description('write the unit (or agent) for this profile file and enable it; it restarts the supervisor if it dies')
		.option('--now', 'start it now as well as at every login')
		.action(async (options: {now?: boolean}) => {
			setExitCode(await (await import('./commands/service.js')).serviceInstallCommand(io, globals(), options));
		});
	service?.command('uninstall')
		.description('stop the service and remove what install wrote (only that)')
		.action(async () => {
			setExitCode(await (await import('./commands/service.js')).serviceUninstallCommand(io, globals()));
		});
	service?.command('status')
		.description('whether the service is installed as install writes it, and what its manager says')
		.action(async () => {
			setExitCode(await (await import('./commands/service.js')).serviceStatusCommand(io, globals()));
		});
}
