// Who holds a port, as a person reads it.
import type {Holder, TakenAddress} from '../core/holders.js';
import type {SocketFileRefusal} from '../core/socket-files.js';
import type {WatchTaken} from '../watch/events.js';
import {visibleInLine} from './visible.js';

/** `tunnel 'db' (pid 4242)`, `pid 77 (nc -l 9906)`. */
export function describeHolder(holder: Holder): string {
	switch (holder.kind) {
		case 'tunnel': {
			return `tunnel '${holder.name}' (pid ${holder.pid})`;
		}

		case 'process': {
			return `pid ${holder.pid} (${visibleInLine(holder.command)})`; // another user's argv: ESC and newlines written out
		}

		case 'unknown': {
			return 'a process we cannot see (another user\'s, or outside this namespace)';
		}
	}
}

/** `port 9906 on 127.0.0.1 is taken by pid 77 (nc -l 9906)`, `socket /tmp/app.sock is taken by …`. */
export function describeTaken(taken: TakenAddress): string {
	const {listen} = taken.forward.forward;
	const where = listen.kind === 'tcp' ? `port ${listen.port} on ${taken.address}` : `socket ${listen.path}`;
	return `${where} is taken by ${describeHolder(taken.holder)}`;
}

/** `port 9906 on 127.0.0.1 is taken by …`, from a watcher's record of it. */
export function describeWatchTaken(taken: WatchTaken): string {
	const where = 'path' in taken ? `socket ${taken.path}` : `port ${taken.port} on ${taken.address}`;
	return `${where} is taken by ${describeHolder(taken.holder)}`;
}

/** Why a socket file cannot be listened on, and what to do: `socket /run/x/app.sock: its directory /run/x does not exist`. */
export function describeSocketFileRefusal(refusal: SocketFileRefusal): {readonly message: string; readonly hint: string} {
	const {path, problem} = refusal;
	switch (problem.kind) {
		case 'parent': {
			return parentWords(path, problem.state);
		}

		case 'in-the-way': {
			return {message: `socket ${path}: a ${problem.entry === 'other' ? 'file that is not a socket' : problem.entry} is there, and ssh would delete it to listen`, hint: 'move it away, or pick another path'};
		}
	}
}

function parentWords(path: string, state: Extract<SocketFileRefusal['problem'], {kind: 'parent'}>['state']): {readonly message: string; readonly hint: string} {
	const directory = path.slice(0, Math.max(1, path.lastIndexOf('/')));
	switch (state) {
		case 'missing': {
			return {message: `socket ${path}: its directory ${directory} does not exist`, hint: `create it (mkdir -p ${directory}), or pick a path in a directory that exists`};
		}

		case 'not-a-directory': {
			return {message: `socket ${path}: ${directory} is not a directory`, hint: 'pick a path in a directory'};
		}

		case 'writable-by-others': {
			return {message: `socket ${path}: its directory ${directory} is writable by others and not sticky: someone else could put their own socket there`, hint: 'pick a directory only you can write to, e.g. under $XDG_RUNTIME_DIR'};
		}
	}
}
