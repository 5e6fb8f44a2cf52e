// The verbs that change the profile file (set, unset, tag, forward, rename, rm, edit): cli.ts's
// program, in a file of their own. Each module is imported only when its verb runs.
import type {Verb} from './cli-verb.js';
import type {GlobalOptions, Io} from './commands/context.js';
import {examples} from './present/help.js';

export function addEditingCommands(verb: Verb, io: Io, globals: () => GlobalOptions, setExitCode: (code: number) => void): void {
	const editing = async () => import('./commands/edit-entry.js');
	verb('set')
		?.description('set a key of a tunnel in the profile file, keeping the rest of the file as it is')
		.argument('<name>', 'tunnel name')
		.argument('<key>', 'a tunnel key (host, port, restart, keepAlive.interval, options.Compression, …)')
		.argument('<value>', 'the value, in YAML for lists and maps: [a, b], {interval: 15}')
		.option('--restart', 'restart the tunnel if it runs and its command changed')
		.option('--json', 'print what changed as JSON')
		.addHelpText('after', examples.set)
		.action(async (name: string, key: string, value: string, options: {json?: boolean; restart?: boolean}) => {
			setExitCode(await (await editing()).editEntryCommand(io, globals(), name, {kind: 'set', key, value}, options));
		});

	verb('unset')
		?.description('remove a key of a tunnel from the profile file')
		.argument('<name>', 'tunnel name')
		.argument('<key>', 'a tunnel key')
		.option('--restart', 'restart the tunnel if it runs and its command changed')
		.option('--json', 'print what changed as JSON')
		.action(async (name: string, key: string, options: {json?: boolean; restart?: boolean}) => {
			setExitCode(await (await editing()).editEntryCommand(io, globals(), name, {kind: 'unset', key}, options));
		});

	verb('tag')
		?.description('add (+TAG or TAG) and remove (-TAG) tags of a tunnel; @TAG then selects it')
		.argument('<name>', 'tunnel name')
		.argument('<changes...>', '+db -prod')
		.allowUnknownOption()
		.option('--json', 'print what changed as JSON')
		.addHelpText('after', examples.tag)
		.action(async (name: string, changes: string[], options: {json?: boolean}) => {
			const module = await editing();
			setExitCode(await module.editEntryCommand(io, globals(), name, module.tagRequest(changes), options));
		});

	const forward = verb('forward')?.description('add or remove a forward of a tunnel');
	forward?.command('add')
		.description('add a forward to a tunnel')
		.argument('<name>', 'tunnel name')
		.option('-L, --local <spec>', '[bind:]port:host:hostport, as ssh -L')
		.option('-R, --remote <spec>', '[bind:]port[:host:hostport], as ssh -R')
		.option('-D, --dynamic <spec>', '[bind:]port, as ssh -D')
		.option('--restart', 'restart the tunnel if it runs')
		.option('--json', 'print what changed as JSON')
		.action(async (name: string, options: {local?: string; remote?: string; dynamic?: string; json?: boolean; restart?: boolean}) => {
			const module = await editing();
			setExitCode(await module.editEntryCommand(io, globals(), name, module.forwardAddRequest(options), options));
		});
	forward?.command('rm')
		.description('remove a forward of a tunnel, given as written or as local[N], remote[N], dynamic[N]')
		.argument('<name>', 'tunnel name')
		.argument('<forward>', '9906:10.1.0.2:3306, or local[0]')
		.option('--restart', 'restart the tunnel if it runs')
		.option('--json', 'print what changed as JSON')
		.action(async (name: string, which: string, options: {json?: boolean; restart?: boolean}) => {
			setExitCode(await (await editing()).editEntryCommand(io, globals(), name, {kind: 'forward-rm', which}, options));
		});

	verb('rename')
		?.description('rename a tunnel in the profile file')
		.argument('<name>', 'tunnel name')
		.argument('<new-name>', 'its new name')
		.option('--restart', 'a running tunnel: stop it and start it again under the new name')
		.option('--json', 'print what changed as JSON')
		.addHelpText('after', examples.rename)
		.action(async (name: string, to: string, options: {json?: boolean; restart?: boolean}) => {
			setExitCode(await (await editing()).editEntryCommand(io, globals(), name, {kind: 'rename', to}, options));
		});

	verb('rm')
		?.description('remove tunnels from the profile file, stopping them first if they run')
		.argument('<names...>', 'tunnel names, or @TAG')
		.option('--keep-running', 'leave a running tunnel running, outside the profile')
		.option('--json', 'print what changed as JSON')
		.addHelpText('after', examples.rm)
		.action(async (names: string[], options: {json?: boolean; keepRunning?: boolean}) => {
			setExitCode(await (await editing()).rmCommand(io, globals(), names, options));
		});

	verb('edit')
		?.description('edit the profile file in $VISUAL or $EDITOR, at a tunnel\'s line; validated before it is saved')
		.argument('[name]', 'tunnel name')
		.addHelpText('after', examples.edit)
		.action(async (name: string | undefined) => {
			setExitCode(await (await import('./commands/edit.js')).editCommand(io, globals(), name));
		});
}
