// What a supervisor that follows its profile file does when the file changes: which tunnels it begins
// to keep, which it lets go of, which it restarts with a new command line. Pure: the command layer
// reads and validates the file, the loop (watch/loop.ts) carries the decision out.
import {buildSshArgv} from '../ssh/argv.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {ProfileReading, Reload, ReloadDecision, WatchTarget} from './watcher.js';

export function decideReload(current: readonly WatchTarget[], reading: ProfileReading): ReloadDecision {
	if (reading.kind === 'invalid') {
		return {kind: 'broken', file: reading.file, message: reading.message, detail: reading.detail};
	}

	const before = new Map(current.map(watched => [watched.target.tunnel.name, watched]));
	const after = new Map(reading.kept.map(watched => [watched.target.tunnel.name, watched]));
	const gone = [...before.keys()].filter(name => !after.has(name));
	const reload: Reload = {
		added: reading.kept.filter(({target}) => !before.has(target.tunnel.name)),
		removed: gone.filter(name => !reading.names.has(name)),
		released: gone.filter(name => reading.names.has(name)),
		changed: reading.kept.filter(({target}) => {
			const old = before.get(target.tunnel.name);
			return old !== undefined && !sameCommand(old.target, target);
		}),
		updated: reading.kept.filter(({target, policy}) => {
			const old = before.get(target.tunnel.name);
			return old !== undefined && sameCommand(old.target, target) && (old.policy !== policy || JSON.stringify(old.target) !== JSON.stringify(target));
		}),
	};
	return Object.values(reload).every(list => list.length === 0) ? {kind: 'unchanged'} : {kind: 'reload', ...reload};
}

/** The same ssh command line as `up` would spawn (batch or not alike): a description or a comment is no reason to restart. */
function sameCommand(a: TunnelTarget, b: TunnelTarget): boolean {
	// The log file is the tunnel's name in the runtime directory: the same before and after, whatever it is.
	const argv = (target: TunnelTarget) => buildSshArgv(target.tunnel, {kind: 'managed', context: {...target.ssh, controlPath: target.controlPath, logFile: '-', batch: true}});
	const [left, right] = [argv(a), argv(b)];
	return left.length === right.length && left.every((word, index) => word === right[index]);
}
