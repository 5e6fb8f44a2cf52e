// How a tunnel's state is said, the same in `ls`, `up` and the UI.
import {describeFailure} from '../ssh/failure.js';
import type {TunnelSource} from '../profile/types.js';
import type {StaleReason, TunnelStatus} from '../tunnel/status.js';

/** Stale reasons in a person's words. */
export function describeStale(reason: StaleReason): string {
	switch (reason) {
		case 'no-listener': {
			return 'runs but does not hold its listeners';
		}

		case 'socket-refused': {
			return 'control socket left behind by a dead master';
		}

		case 'no-control-socket': {
			return 'runs without its control socket';
		}

		case 'master-unresponsive': {
			return 'master does not answer';
		}

		case 'unverified-master': {
			return 'control socket answered by something that is not this tunnel';
		}

		case 'duplicate': {
			return 'more than one process';
		}
	}
}

export function stateWord(status: TunnelStatus): string {
	switch (status.kind) {
		case 'stale': {
			return `stale: ${describeStale(status.reason)}`;
		}

		case 'failed': {
			return `failed: ${describeFailure(status.failure, true).message}`;
		}

		case 'up':
		case 'down':
		case 'starting': {
			return status.kind;
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
