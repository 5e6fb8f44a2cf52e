// Indexes of one look, made once: a scan of every process and listener per tunnel grew with the
// square of them (issue 17).
import type {Listener} from '../net/listeners.js';
import type {ProcessInfo} from '../proc/types.js';
import type {SshProcessView} from '../ssh/process-view.js';

/** One ssh process with its parsed command line. */
export type SshProcess = {readonly process: ProcessInfo; readonly view: SshProcessView};

/** The masters of each control path: its ControlPath in their argv, ControlMaster on. */
export function mastersByControlPath(ssh: readonly SshProcess[]): Map<string, SshProcess[]> {
	const byPath = new Map<string, SshProcess[]>();
	for (const each of ssh) {
		const {controlPath} = each.view;
		if (controlPath !== undefined && isMasterOf(each.view, controlPath)) {
			const list = byPath.get(controlPath) ?? [];
			list.push(each);
			byPath.set(controlPath, list);
		}
	}

	return byPath;
}

/** Listeners by the PIDs that hold them: each PID's listeners as their places in the scan. */
export type ListenerIndex = {readonly listeners: readonly Listener[]; readonly byPid: ReadonlyMap<number, readonly number[]>};

export function listenersByOwner(listeners: readonly Listener[]): ListenerIndex {
	const byPid = new Map<number, number[]>();
	for (const [place, listener] of listeners.entries()) {
		for (const pid of new Set(listener.pids)) {
			const places = byPid.get(pid) ?? [];
			places.push(place);
			byPid.set(pid, places);
		}
	}

	return {listeners, byPid};
}

/** The listeners any of `processes` holds, each once, in the order of the scan (as a filter of it would give). */
export function heldBy({listeners, byPid}: ListenerIndex, processes: readonly ProcessInfo[]): Listener[] {
	if (processes.length <= 1) {
		return (processes[0] === undefined ? undefined : byPid.get(processes[0].pid))?.map(place => listeners[place]!) ?? [];
	}

	const places = [...new Set(processes.flatMap(process => byPid.get(process.pid) ?? []))].sort((a, b) => a - b);
	return places.map(place => listeners[place]!);
}

export function isMasterOf(view: SshProcessView, controlPath: string): boolean {
	return view.master && !view.controlClient && view.controlPath === controlPath;
}
