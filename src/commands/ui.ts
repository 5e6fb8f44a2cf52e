import {tunnelLogPath} from '../logs/paths.js';
import {followTunnelLog} from './ui-log.js';
import {removeAbandonedAskpassSockets} from '../askpass/leftovers.js';
import {startAskpassServer, type AskpassServer} from '../askpass/server.js';
import {checkTunnel} from '../core/check.js';
import type {Deps} from '../core/deps.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {downTunnel} from '../core/down.js';
import {importFromCommand} from '../core/import.js';
import {initProfile} from '../core/init.js';
import {observeTunnels} from '../core/observe.js';
import {executePrune, planPrune, type PruneOptions} from '../core/prune.js';
import {systemDeps} from '../core/system.js';
import {upTunnel} from '../core/up.js';
import {UserError} from '../errors.js';
import {formatIssue} from '../profile/issue.js';
import {buildSshArgv} from '../ssh/argv.js';
import {maxSocketPathBytes, socketDirectoryPath} from '../mux/control-path.js';
import {quoteCommand} from '../ssh/quote.js';
import {profilePath} from '../store/paths.js';
import {askpassSocketPath} from '../store/runtime.js';
import type {ActionReport, Snapshot, UiServices} from '../ui/services.js';
import {describeDownResult} from '../present/down.js';
import {describeImportResult} from '../present/import.js';
import {describeInitResult} from '../present/init.js';
import {problemLines} from '../present/problem.js';
import {sourceLabel} from '../present/status.js';
import {sshConfigWarnings} from '../present/ssh-config.js';
import {describeUpResult, type ReportLine} from '../present/up.js';
import {loadProfile, type GlobalOptions, type Io, type LoadedProfile} from './context.js';
import {sshAnswerCache} from './ssh-answers.js';
import {allTargetsOf, findTarget, type TargetList} from './targets.js';
import {profileFileDeps} from './profile-file-deps.js';
import {uiKeeper, type UiKeeper} from './ui-keeper.js';
import {changeEntry} from './edit-entry.js';
import {describeEntryChange} from '../present/edit.js';
import {uiEditor} from './ui-editor.js';
import {rememberedProfile} from './ui-profile.js';

/** How often the UI reads the state again by itself. */
const refreshMs = 2000;

/** `tunnels` in a terminal: the Ink UI. Ink and React are loaded here only, never by other commands. */
export async function uiCommand(io: Io, globals: GlobalOptions): Promise<void> {
	// Loading Ink takes longest: it starts first and the rest is set up meanwhile.
	const ui = import('../ui/run.js');
	// The socket directory follows from the profile's path alone: the effects are built once, even
	// before (or without) a profile that parses.
	const sockets = socketDirectoryPath({env: io.env, uid: io.uid, tmpdir: io.tmpdir, profilePath: profilePath({flag: globals.config, env: io.env, home: io.home, cwd: io.cwd})});
	const deps = systemDeps({socketDirectory: sockets.directory, socketBase: sockets.base}, io.uid, {rememberProcesses: true});
	const askpass = await openAskpass(deps, io);
	const keeper = uiKeeper(io, globals, deps);
	// Tunnels whose profile asks to be kept up are kept while the UI is open (w turns it off). A
	// start that fails here shows as off; w tries again and says why.
	void keeper.setWatching(true).catch(() => undefined);
	const services = uiServices(io, globals, deps, askpass, keeper);
	try {
		await (await ui).runUi(services, {env: io.env, refreshMs});
	} finally {
		// A copy that did not validate, left by a quit (Ctrl-C) over its errors, goes with the UI.
		await Promise.all([keeper.close(), askpass.close(), services.discardEdit()]);
	}
}

async function openAskpass(deps: Deps, io: Io): Promise<AskpassServer> {
	await deps.runtime.ensureDirectory();
	// A UI killed with SIGKILL left its socket: the next UI clears them.
	await removeAbandonedAskpassSockets(deps.runtime.directory, deps.uid, async pid => {
		const found = await deps.readProcess(pid);
		return found !== undefined && found.state !== 'zombie';
	});
	const socket = askpassSocketPath(deps.runtime.directory, process.pid);
	if (socket.kind === 'too-long') {
		throw new UserError(
			`the UI's socket path ${socket.path} is ${socket.bytes} bytes, more than a Unix socket holds (${maxSocketPathBytes})`,
			'set TUNNELS_RUNTIME_DIR to a short directory, e.g. /tmp/tunnels-$(id -u)',
		);
	}

	return startAskpassServer({
		socketPath: socket.path,
		helper: io.askpassHelper,
	});
}

/** The UI's operations: each reads the profile afresh and calls the same core use case as the CLI. */
export function uiServices(io: Io, globals: GlobalOptions, deps: Deps, askpass: AskpassServer, keeper: UiKeeper): UiServices {
	const configDeps = sshAnswerCache()(deps);
	const everyTarget: TargetsOf = async loaded => allTargetsOf(loaded, configDeps);
	const withTarget = async <T>(name: string, use: (target: TunnelTarget, known: readonly TunnelTarget[]) => Promise<T>): Promise<T> => {
		const loaded = await loadProfile(io, globals);
		const {target, known} = await findTarget(loaded, name, async () => everyTarget(loaded));
		return use(target, known);
	};

	const profile = rememberedProfile(io, globals);
	const commands = commandLines();
	const load = async (): Promise<Snapshot> => loadSnapshot(io, globals, {deps, everyTarget, profile, commands});
	// The first load starts now, while Ink may still be loading: the first full frame needs both.
	let firstLoad: Promise<Snapshot> | undefined = load();
	firstLoad.catch(() => undefined); // rejections reach the load() that takes it
	return {
		async load() {
			const pending = firstLoad;
			firstLoad = undefined;
			return pending ?? load();
		},
		start: async name => reporting(async () => withTarget(name, async (target, targets) => {
			const prompt = {kind: 'askpass' as const, env: askpass.envFor(name)};
			const result = await upTunnel(deps, target, {prompt, targets, clearsStop: true});
			return report(describeUpResult(target.tunnel, result, false));
		})),
		stop: async name => reporting(async () => withTarget(name, async target =>
			report(describeDownResult(name, await downTunnel(deps, target, {stoppedBy: 'down'}))))),
		check: async name => withTarget(name, async (target, targets) => checkTunnel(deps, target, targets)),
		async planPrune() {
			return planPrune(deps, await pruneOptions(await loadProfile(io, globals), everyTarget));
		},
		async executePrune(items) {
			return executePrune(deps, items, await pruneOptions(await loadProfile(io, globals), everyTarget));
		},
		createExample: async () => reporting(async () => report(describeInitResult(await initProfile(profileFileDeps(io, globals))))),
		importCommand: async line => reporting(async () => report(describeImportResult(await importFromCommand(profileFileDeps(io, globals), [line], {})))),
		change: async (name, request) => reporting(async () => {
			const {result, pid, stopped} = await changeEntry(io, globals, name, request, {});
			return report(describeEntryChange(result, pid, stopped, false));
		}),
		...uiEditor(io, globals),
		onPrompts: askpass.onPrompts,
		answerPrompt: askpass.answer,
		setWatching: async on => reporting(async () => keeper.setWatching(on)),
		onWatch: keeper.onWatch,
		followLog: (name, listener) => followTunnelLog(deps.runtime.directory, name, listener),
	};
}

/** Every tunnel of a loaded profile, the ssh config's too (its `ssh -G` answers remembered). */
type TargetsOf = (loaded: LoadedProfile) => Promise<TargetList>;

/** What a refresh uses: the effects, and what it remembers from the last (the profile, the command lines). */
type SnapshotSources = {
	readonly deps: Deps;
	readonly everyTarget: TargetsOf;
	readonly profile: () => Promise<LoadedProfile>;
	readonly commands: CommandLines;
};

async function loadSnapshot(io: Io, globals: GlobalOptions, {deps, everyTarget, profile, commands}: SnapshotSources): Promise<Snapshot> {
	let loaded: LoadedProfile;
	try {
		loaded = await profile();
	} catch (error) {
		if (error instanceof UserError) {
			return {kind: 'invalid-profile', path: profilePath({flag: globals.config, env: io.env, home: io.home, cwd: io.cwd}), message: error.message, details: error.details};
		}

		throw error;
	}

	if (loaded.text.kind === 'missing') {
		return {kind: 'no-profile', path: loaded.path};
	}

	const all = await everyTarget(loaded);
	const {targets} = all;
	const observation = await observeTunnels(deps, targets);
	return {
		kind: 'loaded',
		path: loaded.path,
		tunnels: observation.tunnels.map(observed => ({
			...observed,
			...commands(loaded, observed.target),
			source: sourceLabel(observed.target.tunnel.source, io.home),
		})),
		strays: observation.strays,
		// As `ls` prints them: profile issues say `warning:` themselves.
		warnings: [...loaded.warnings.map(warning => formatIssue(warning)), ...sshConfigWarnings(all).map(warning => `warning: ${warning}`)],
		at: deps.now(),
	};
}

/** A tunnel's two command lines, the exact one and the minimal one, for `c` and the detail. */
type CommandLines = (loaded: LoadedProfile, target: TunnelTarget) => {readonly command: string; readonly minimal: string};

/**
 * The command lines, made once per tunnel of a loaded profile: a remembered profile keeps its tunnel
 * objects, so a refresh does not build 400 argv again; a profile loaded anew has new ones.
 */
function commandLines(): CommandLines {
	const made = new WeakMap<TunnelTarget['tunnel'], {readonly loaded: LoadedProfile; readonly controlPath: string; readonly command: string; readonly minimal: string}>();
	return (loaded, {tunnel, controlPath}) => {
		const known = made.get(tunnel);
		if (known?.loaded === loaded && known.controlPath === controlPath) {
			return {command: known.command, minimal: known.minimal};
		}

		const command = quoteCommand(buildSshArgv(tunnel, {kind: 'managed', context: {...loaded.ssh, controlPath, logFile: tunnelLogPath(loaded.socketDirectory, tunnel.name), batch: false}}));
		const minimal = quoteCommand(buildSshArgv(tunnel, {kind: 'minimal', sshConfigFile: loaded.ssh.sshConfigFile}));
		made.set(tunnel, {loaded, controlPath, command, minimal});
		return {command, minimal};
	};
}

async function pruneOptions(loaded: LoadedProfile, everyTarget: TargetsOf): Promise<PruneOptions> {
	// Every tunnel, the ssh config's too: a running one of those is not an orphan.
	const {targets} = await everyTarget(loaded);
	// The UI never kills tunnels started outside tunnels: that takes an explicit `tunnels kill PID`.
	return {targets, ssh: loaded.ssh, includeForeign: false};
}

function report(lines: readonly ReportLine[]): ActionReport {
	return {ok: lines.every(line => line.level !== 'error'), lines};
}

/** A user error (no such tunnel, a profile that went bad) is a report like any other outcome. */
async function reporting<T>(work: () => Promise<T>): Promise<T | ActionReport> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof UserError) {
			return report(problemLines({message: error.message, hint: error.hint}));
		}

		throw error;
	}
}
