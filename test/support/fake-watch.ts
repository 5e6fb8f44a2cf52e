// The watcher's loop over fake effects and a fake clock, for the loop's tests: simulated time runs as
// fast as the loop goes, so backoffs of seconds and a night's sleep take milliseconds.
import type {TunnelTarget} from '../../src/tunnel/target.js';
import type {Watcher} from '../../src/watch/watcher.js';
import type {WatchEffects} from '../../src/watch/effects.js';
import type {WatchClock} from '../../src/watch/settings.js';
import type {WatchEvent} from '../../src/watch/events.js';
import type {StartOutcome} from '../../src/watch/policy.js';
import type {Sighting} from '../../src/watch/sighting.js';
import {until} from './wait.js';
import {tunnel} from './builders.js';

export const wall0 = Date.parse('2026-11-24T22:40:00Z');
// A watcher that does not stop must fail its test, not hang the run.
export const T = {timeout: 15_000};

// Keep-alives every 5 s: the watcher probes at that pace, the times below follow from it.
export const target = (name: string): TunnelTarget => ({tunnel: tunnel({name, keepAlive: {interval: 5, countMax: 3}}), controlPath: `/run/t/${name}`, ssh: {sshBinary: 'ssh', sshConfigFile: undefined}});
export const refused = {kind: 'ssh-failed', failure: {kind: 'connection-refused', line: 'ssh: connect to host x port 22: Connection refused'}} as const;

/** Simulated time: a sleep yields once, then moves both clocks on, unless it was cut short meanwhile. */
export function fakeClock() {
	const time = {monotonic: 0, wallAhead: 0};
	const clock: WatchClock = {
		read: () => ({wallMs: wall0 + time.monotonic + time.wallAhead, monotonicMs: time.monotonic}),
		async sleep(ms, signal) {
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			if (!signal.aborted) {
				time.monotonic += ms;
			}
		},
		random: () => 0.5,
	};
	return {clock, time};
}

/** Effects whose world is a function of simulated time; every call is recorded with its time. */
export function fakeEffects(time: {monotonic: number}, world: {
	onMasterExit?: (onExit: () => void) => void;
	look: (name: string) => Sighting;
	start?: (name: string) => StartOutcome | Promise<StartOutcome>;
	lockHolder?: (name: string) => number | undefined;
}) {
	const calls: Array<{readonly call: string; readonly name: string; readonly at: number}> = [];
	const record = (call: string, name: string) => calls.push({call, name, at: time.monotonic});
	const effects: WatchEffects = {
		async look(targets) {
			record('look', '*');
			return targets.map(({tunnel: {name}}) => world.look(name));
		},
		async tryLock(name) {
			const holder = world.lockHolder?.(name);
			if (holder !== undefined) {
				return {kind: 'held', pid: holder};
			}

			record('lock', name);
			return {kind: 'acquired', release: async () => {
				record('release', name);
			}};
		},
		async glance(tunnels) {
			record('probe', '*');
			// A probe sees the server, not the process; a stop is read: anything else needs a look.
			return tunnels.map(({target: {tunnel: {name}}}) => {
				const seen = world.look(name);
				return ['up', 'unresponsive', 'stopped'].includes(seen.kind) ? seen : undefined;
			});
		},
		async stop(target) {
			record('stop', target.tunnel.name);
			return {stopped: [40], failed: []};
		},
		async forgetGiveUp(target) {
			record('forget-give-up', target.tunnel.name);
		},
		async giveUp(target) {
			record('give-up', target.tunnel.name);
		},
		async start(target) {
			record('start', target.tunnel.name);
			return world.start?.(target.tunnel.name) ?? {kind: 'up', pid: 41, alreadyUp: false};
		},
		async waitForNetwork() {
			record('network', '*');
			return true;
		},
		onMasterExit(_target, onExit) {
			world.onMasterExit?.(onExit);
			return () => undefined;
		},
	};
	return {effects, calls};
}

export async function watchUntil(watcher: Watcher, events: WatchEvent[], done: (events: readonly WatchEvent[]) => boolean): Promise<void> {
	try {
		await until(async () => (done(events) ? true : undefined), 5000);
	} finally {
		await watcher.stop();
	}
}

export const brief = (events: readonly WatchEvent[]) => events.map(event => ('name' in event ? `${event.name} ${event.kind}` : event.kind));
