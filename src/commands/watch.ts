import {checkedDeps} from './effects.js';
import {followFile} from '../watch/follow-file.js';
import {startWatcher} from '../watch/start.js';
import {decideReload} from '../watch/reload.js';
import type {ProfileReading, WatchTarget} from '../watch/watcher.js';
import {UserError} from '../errors.js';
import {watchEventJson} from '../present/json/watch.js';
import {describeWatchEvent} from '../present/watch.js';
import {withTagsExpanded} from './targets.js';
import {findTunnel, loadProfile, targetsOf, type GlobalOptions, type Io, type LoadedProfile} from './context.js';

export type WatchOptions = {
	readonly json?: boolean;
	/** take the watched tunnels down when the watcher stops */
	readonly downOnExit?: boolean;
	/** run as the login service: no tunnel to keep yet is no error (the profile may gain one) */
	readonly service?: boolean;
};

/** How long an edit of the profile file must rest before it is read: an editor's save is several events. */
const reloadDebounceMs = 200;

/**
 * `tunnels watch [NAME...]`: keeps tunnels up in the foreground, one log line (or JSON object) per
 * event, until SIGINT or SIGTERM. Without names it keeps what the profile file asks for, and follows
 * the file as it is edited.
 */
export async function watchCommand(io: Io, globals: GlobalOptions, names: readonly string[], options: WatchOptions): Promise<number> {
	const loaded = await loadProfile(io, globals);
	let kept: readonly WatchTarget[] = watchTargets(loaded, names, options.service ?? false);
	// A keeper looks again and again, as the UI does: one stat read per known process (issue 15's idle CPU).
	const deps = await checkedDeps(loaded, io.uid, {rememberProcesses: true});
	const watcher = startWatcher(deps, kept, {targets: targetsOf(loaded), keeper: options.service ? 'service' : 'watch'}, event => {
		io.stdout(`${options.json ? JSON.stringify(watchEventJson(event)) : describeWatchEvent(event)}\n`);
	});
	let reloads = Promise.resolve();
	const reload = async () => {
		const reading = await readProfile(io, globals, loaded.path);
		const decision = decideReload(kept, reading);
		if (reading.kind === 'valid') {
			kept = reading.kept;
		}

		await watcher.update(decision);
	};

	const stopFollowing = names.length === 0
		? followProfile(loaded.path, () => {
			reloads = reloads.then(reload).catch(async (error: unknown) => {
				await watcher.stop();
				throw error;
			});
		})
		: () => undefined;
	const unsubscribe = io.onStopSignal(() => {
		stopFollowing();
		void watcher.stop({down: options.downOnExit ?? false});
	});
	try {
		await watcher.done;
		await reloads;
	} finally {
		stopFollowing();
		unsubscribe();
	}

	return 0;
}

function followProfile(file: string, onChange: () => void): () => void {
	try {
		return followFile(file, reloadDebounceMs, onChange);
	} catch (error) {
		throw new UserError(`cannot follow ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'make sure the profile file\'s directory exists, or name the tunnels: tunnels watch NAME');
	}
}

/** The profile file as it reads now: the tunnels it asks to keep up, or why it does not read (kept for the log, not thrown). */
async function readProfile(io: Io, globals: GlobalOptions, file: string): Promise<ProfileReading> {
	try {
		const loaded = await loadProfile(io, globals);
		if (loaded.text.kind === 'missing') {
			// Gone for a moment (an editor's delete and write) or by mistake: no reason to stop anything.
			return {kind: 'invalid', file, message: `${file} does not exist`, detail: undefined};
		}

		return {kind: 'valid', kept: watchTargets(loaded, [], true), names: new Set(loaded.profile.tunnels.map(tunnel => tunnel.name))};
	} catch (error) {
		if (error instanceof UserError) {
			return {kind: 'invalid', file, message: error.message, detail: error.details};
		}

		throw error;
	}
}

/**
 * Named tunnels are kept as their profile says, and a `restart: never` one as `always`: naming it
 * asks for it. Without names, every tunnel whose profile asks to be kept up.
 */
function watchTargets(loaded: LoadedProfile, names: readonly string[], service: boolean): WatchTarget[] {
	const targets = targetsOf(loaded);
	const chosen = names.length === 0
		? targets.filter(target => target.tunnel.restart !== 'never')
		: withTagsExpanded(loaded, names).map(name => targets.find(target => target.tunnel.name === findTunnel(loaded, name).name)!);
	if (chosen.length === 0 && !service) {
		throw new UserError('no tunnel asks to be kept up', 'add `restart: always` (or `on-failure`) to a tunnel, or name the tunnels: tunnels watch NAME');
	}

	return chosen.map(target => ({target, policy: target.tunnel.restart === 'never' ? 'always' : target.tunnel.restart}));
}
