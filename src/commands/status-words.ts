import type {StaleReason} from '../tunnel/status.js';

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
