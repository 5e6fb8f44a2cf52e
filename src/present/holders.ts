// Who holds a port, as a person reads it.
import type {Holder} from '../core/holders.js';

/** `tunnel 'db' (pid 4242)`, `pid 77 (nc -l 9906)`. */
export function describeHolder(holder: Holder): string {
	switch (holder.kind) {
		case 'tunnel': {
			return `tunnel '${holder.name}' (pid ${holder.pid})`;
		}

		case 'process': {
			return `pid ${holder.pid} (${holder.command})`;
		}

		case 'unknown': {
			return 'a process we cannot see (another user\'s, or outside this namespace)';
		}
	}
}
