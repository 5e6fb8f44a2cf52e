import {checkedDeps} from './effects.js';
import {startWatcher} from '../watch/loop.js';
import type {WatchTarget} from '../watch/watcher.js';
import {UserError} from '../errors.js';
import {watchEventJson} from '../present/json/watch.js';
import {describeWatchEvent} from '../present/watch.js';
import {withTagsExpanded} from './targets.js';
import {findTunnel, loadProfile, targetsOf, type GlobalOptions, type Io, type LoadedProfile} from './context.js';

export type WatchOptions = {
	readonly json?: boolean;
	/** take the watched tunnels down when the watcher stops */
	readonly downOnExit?: boolean;
};

/** `tunnels watch [NAME...]`: keeps tunnels up in the foreground, one log line (or JSON object) per event, until SIGINT or SIGTERM. */
export async function watchCommand(io: Io, globals: GlobalOptions, names: readonly string[], options: WatchOptions): Promise<number> {
	const loaded = await loadProfile(io, globals);
	const watched = watchTargets(loaded, names);
	const deps = await checkedDeps(loaded, io.uid);
	const watcher = startWatcher(deps, watched, {targets: targetsOf(loaded)}, event => {
		io.stdout(`${options.json ? JSON.stringify(watchEventJson(event)) : describeWatchEvent(event)}\n`);
	});
	const unsubscribe = io.onStopSignal(() => {
		void watcher.stop({down: options.downOnExit ?? false});
	});
	try {
		await watcher.done;
	} finally {
		unsubscribe();
	}

	return 0;
}

/**
 * Named tunnels are kept as their profile says, and a `restart: never` one as `always`: naming it
 * asks for it. Without names, every tunnel whose profile asks to be kept up.
 */
function watchTargets(loaded: LoadedProfile, names: readonly string[]): WatchTarget[] {
	const targets = targetsOf(loaded);
	const chosen = names.length === 0
		? targets.filter(target => target.tunnel.restart !== 'never')
		: withTagsExpanded(loaded, names).map(name => targets.find(target => target.tunnel.name === findTunnel(loaded, name).name)!);
	if (chosen.length === 0) {
		throw new UserError('no tunnel asks to be kept up', 'add `restart: always` (or `on-failure`) to a tunnel, or name the tunnels: tunnels watch NAME');
	}

	return chosen.map(target => ({target, policy: target.tunnel.restart === 'never' ? 'always' : target.tunnel.restart}));
}
