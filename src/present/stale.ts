// The one table of what each kind of stale is called. Two contexts say it: a tunnel's state (`ls`,
// `up`, a watcher's log, the UI: "stale: …") speaks of the tunnel as a whole; prune's plan speaks of
// the one process or socket it acts on. Where those differ, both forms sit side by side here.
import type {StaleReason} from '../tunnel/stale.js';

type StaleWords = {
	/** after `stale: `, of a tunnel as a whole */
	readonly state: string;
	/** in prune's plan, of the one process or socket a line acts on */
	readonly plan: string;
};

const staleWords: Readonly<Record<StaleReason, StaleWords>> = {
	'no-listener': {state: 'runs but does not hold its listeners', plan: 'runs without all of its listeners'},
	'socket-refused': same('control socket left behind by a dead master'),
	'no-control-socket': same('runs without its control socket'),
	'master-unresponsive': {state: 'master does not answer', plan: 'master does not answer on its socket'},
	'unverified-master': same('control socket answered by something that is not this tunnel'),
	duplicate: {state: 'more than one process', plan: 'a second process for the same tunnel'},
	orphan: {state: 'profile deleted', plan: 'its tunnel is no longer in the profile file'},
	unresponsive: same('the server does not answer through it'),
};

function same(words: string): StaleWords {
	return {state: words, plan: words};
}

/** A stale reason as a tunnel's state says it: `stale: ${describeStale(reason)}`. */
export function describeStale(reason: StaleReason): string {
	return staleWords[reason].state;
}

/** A stale reason as prune's plan says it of one process or socket. */
export function stalePlanWords(reason: StaleReason): string {
	return staleWords[reason].plan;
}
