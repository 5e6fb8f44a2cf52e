import {logCheckEveryMs} from '../logs/paths.js';
import {watchEffects, type WatchDeps} from './effects.js';
import type {WatchEvent} from './events.js';
import {boundLogsEvery, eventHistory} from './history.js';
import {runWatcher} from './loop.js';
import type {Watcher, WatcherOptions, WatchTarget} from './watcher.js';

/** Keeps tunnels up in the background of this process until stopped; tells `onEvent` what happens, and each tunnel's log. */
export function startWatcher(deps: WatchDeps, watched: readonly WatchTarget[], options: WatcherOptions, onEvent: (event: WatchEvent) => void): Watcher {
	const history = eventHistory(deps, process.pid);
	const stopBounding = boundLogsEvery(deps, watched.map(({target}) => target.tunnel.name), logCheckEveryMs);
	const watcher = runWatcher(watchEffects(deps, options), watched, options, event => {
		history.record(event);
		onEvent(event);
	});
	return {...watcher, done: watcher.done.finally(async () => {
		stopBounding();
		await history.flushed();
	})};
}
