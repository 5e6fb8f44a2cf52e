// How a tunnel's state is said, the same in `ls`, `up` and the UI.
import type {TunnelSource} from '../profile/types.js';
import type {Keeper} from '../store/lock.js';
import type {TunnelStatus} from '../tunnel/status.js';
import {describeFailure} from './failure.js';
import {describeStale} from './stale.js';

export function stateWord(status: TunnelStatus): string {
	switch (status.kind) {
		case 'stale': {
			return `stale: ${describeStale(status.reason)}`;
		}

		case 'failed': {
			// A keeper that stopped retrying: the failure is the person's to fix, and the state says so first.
			return status.gaveUp === undefined
				? `failed: ${describeFailure(status.failure, true).message}`
				: `needs you: ${describeFailure(status.failure, true).message} (its keeper, pid ${status.gaveUp.pid}, stopped retrying)`;
		}

		case 'up':
		case 'down':
		case 'starting': {
			return status.kind;
		}
	}
}

/** Who keeps a tunnel up, after `kept by`: `the service (pid 12)`, `tunnels watch (pid 13)`, `this UI`. */
export function keeperWords(keeper: Keeper, selfPid?: number): string {
	switch (keeper.kind) {
		case 'service': {
			return `the service (pid ${keeper.pid})`;
		}

		case 'watch': {
			return `tunnels watch (pid ${keeper.pid})`;
		}

		case 'ui': {
			return keeper.pid === selfPid ? 'this UI' : `a tunnels UI (pid ${keeper.pid})`;
		}
	}
}

/** `45s`, `12m`, `3h`, `2d`. */
export function uptime(startedAt: Date | undefined, now: Date): string {
	if (startedAt === undefined) {
		return '';
	}

	const seconds = Math.max(0, Math.round((now.getTime() - startedAt.getTime()) / 1000));
	return seconds < 60 ? `${seconds}s` : seconds < 3600 ? `${Math.floor(seconds / 60)}m` : seconds < 86_400 ? `${Math.floor(seconds / 3600)}h` : `${Math.floor(seconds / 86_400)}d`;
}

/** `~/.ssh/config:12` for a tunnel of the ssh config; nothing for the profile's own. */
export function sourceLabel(source: TunnelSource, home: string): string {
	switch (source.kind) {
		case 'profile': {
			return '';
		}

		case 'ssh-config': {
			const file = source.file.startsWith(`${home}/`) ? `~${source.file.slice(home.length)}` : source.file;
			return `${file}:${source.line}`;
		}
	}
}
