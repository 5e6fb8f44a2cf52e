import {limitConcurrency} from '../bounded.js';
import {sleptMs} from './backoff.js';
import type {WatchEvent} from './events.js';
import {dueForGlance, needsLook, newWatch, pauseMs, repairsInPlace, stateOf, wantsLock, type TunnelWatch} from './memory.js';
import {afterStart, step, type Action, type PolicyContext} from './policy.js';
import {probePace, type Sighting} from './sighting.js';
import {timeouts} from '../core/timeouts.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {masterExits, type WatchEffects} from './effects.js';
import {defaultTuning, systemClock} from './settings.js';
import {applyReload} from './reload-apply.js';
import {comeBackFromSleep, takeDown} from './loop-edges.js';
import type {ReloadDecision, Watcher, WatcherOptions, WatchTarget} from './watcher.js';

/** The loop itself, over any effects. */
export function runWatcher(effects: WatchEffects, watched: readonly WatchTarget[], options: Pick<WatcherOptions, 'clock' | 'tuning'>, onEvent: (event: WatchEvent) => void): Watcher {
	const clock = options.clock ?? systemClock;
	const tuning = {...defaultTuning, ...options.tuning};
	const watchOf = ({target, policy}: WatchTarget) => newWatch(target.tunnel.name, policy, probePace(target.tunnel, timeouts.probeMs).everyMs);
	const watches = new Map<string, TunnelWatch>(watched.map(kept => [kept.target.tunnel.name, watchOf(kept)]));
	const targets = new Map(watched.map(({target}) => [target.tunnel.name, target]));
	/** the master each tunnel had when this watcher started it: only such a one is stopped when its tunnel leaves the profile */
	const startedHere = new Map<string, number>();
	/** tunnels a reload is taking out or restarting: the rounds leave them alone */
	const leaving = new Set<string>();
	const locks = new Map<string, () => Promise<void>>();
	const inFlight = new Map<string, Promise<void>>();
	const startSlot = limitConcurrency(tuning.startConcurrency);
	const quit = new AbortController();
	let nap = new AbortController();
	/** the loop goes round again at once (a start ended: a retry may be due sooner) */
	let woken = false;
	/** the next round looks at every tunnel in full (a master exited, a probe said nothing) */
	let lookNext = false;
	let nextLookAtMs = Number.NEGATIVE_INFINITY;
	let failure: {readonly error: unknown} | undefined;
	let stopping: Promise<void> | undefined;

	const context = (): PolicyContext => ({now: clock.read(), random: clock.random, backoff: tuning.backoff, stableMs: tuning.stableMs});
	const emit = (events: readonly WatchEvent[]) => {
		for (const event of events) onEvent(event);
	};
	const edge = {effects, clock, emit};

	/** Goes round now, or as soon as the round under way ends. */
	const wake = () => {
		woken = true;
		nap.abort();
	};

	const lookSoon = () => {
		lookNext = true;
		wake();
	};

	const exits = masterExits(effects, lookSoon);
	const apply = (name: string, next: {readonly watch: TunnelWatch; readonly events: readonly WatchEvent[]}) => {
		watches.set(name, next.watch);
		emit(next.events);
		if (!quit.signal.aborted) {
			exits.follow(targets.get(name)!, next.watch.phase);
		}
	};

	const fail = (error: unknown) => {
		failure ??= {error};
		void stop();
	};

	/** Runs a stop or a start of one tunnel beside the rounds, which leave that tunnel alone meanwhile. */
	const carryOut = (target: TunnelTarget, action: Exclude<Action, {kind: 'none'}>) => {
		const {name} = target.tunnel;
		const operation = async () => {
			if (action.kind === 'stop') {
				await effects.stop(target);
				return;
			}

			const outcome = await startSlot(async () => {
				if (quit.signal.aborted) {
					return undefined; // never begun: nothing to finish
				}

				if (action.stopFirst && !repairsInPlace(target, watches.get(name)!)) {
					await effects.stop(target);
				}

				return effects.start(target);
			});
			if (outcome !== undefined) {
				if (outcome.kind === 'up' && !outcome.alreadyUp) {
					startedHere.set(name, outcome.pid);
				}

				const next = afterStart(watches.get(name)!, outcome, context());
				apply(name, next);
				if (next.watch.phase.kind === 'needs-you' && next.watch.phase.failure.kind === 'ssh-failed') {
					await effects.giveUp(target, next.watch.phase.failure.failure);
				}
			}
		};

		// The loop left this tunnel out of its sleep while the action ran: once it ends (a stop too),
		// a retry may fall due before the next round, so the loop must go round again now.
		inFlight.set(name, operation().catch(fail).finally(() => {
			inFlight.delete(name);
			wake();
		}));
	};

	/** Tries the watch locks of the tunnels not held yet: at first, then at the probe's pace. */
	const takeLocks = async (nowMs: number) => {
		for (const {tunnel: {name}} of [...targets.values()]) {
			const phase = watches.get(name)?.phase;
			if (phase === undefined || leaving.has(name) || locks.has(name) || !wantsLock(phase, nowMs)) {
				continue;
			}

			const lock = await effects.tryLock(name);
			if (!targets.has(name) || leaving.has(name)) {
				await (lock.kind === 'acquired' ? lock.release() : undefined); // a reload took it out meanwhile
			} else if (lock.kind === 'acquired') {
				locks.set(name, lock.release);
			} else {
				apply(name, step(watches.get(name)!, {kind: 'elsewhere', pid: lock.pid, ...(lock.keeper === undefined ? {} : {keeper: lock.keeper})}, context()));
			}
		}
	};

	/** The tunnels this watcher holds, but those with a start or stop under way. */
	const mine = () => [...targets.values()].filter(({tunnel: {name}}) => locks.has(name) && !inFlight.has(name) && !leaving.has(name));

	const act = (seen: readonly TunnelTarget[], sightings: ReadonlyArray<Sighting | undefined>) => {
		const now = context();
		for (const [index, target] of seen.entries()) {
			const sighting = sightings[index];
			if (targets.get(target.tunnel.name) !== target || leaving.has(target.tunnel.name)) {
				continue; // a reload took it out or changed it while the round looked
			}

			if (sighting === undefined) {
				lookNext = true;
				continue;
			}

			const next = step(watches.get(target.tunnel.name)!, sighting, now);
			apply(target.tunnel.name, next);
			if (next.action.kind !== 'none' && !quit.signal.aborted) {
				carryOut(target, next.action);
			}
		}
	};

	/** A look at every tunnel when one is due; otherwise a glance at each tunnel whose probe or check is due. */
	const round = async () => {
		const now = clock.read().monotonicMs;
		await takeLocks(now);
		const held = mine();
		if (lookNext || now >= nextLookAtMs || held.some(target => needsLook(watches.get(target.tunnel.name)!, now))) {
			lookNext = false;
			nextLookAtMs = now + tuning.lookEveryMs;
			act(held, held.length === 0 ? [] : await effects.look(held));
			return;
		}

		// Reconnecting ones are due too, but need a look: they were taken care of above.
		const due = held.map(target => ({target, phase: watches.get(target.tunnel.name)!.phase})).filter(({phase}) => dueForGlance(phase, now));
		act(due.map(({target}) => target), due.length === 0 ? [] : await effects.glance(due));
	};

	/** Until the next look, or sooner when a probe or a retry falls due. */
	// A tunnel with a start or stop under way is seen to again when that ends (it wakes the loop).
	const pause = () => pauseMs([...watches.values()].filter(watch => !inFlight.has(watch.name)), nextLookAtMs, clock.read().monotonicMs);

	const loop = async () => {
		let last = clock.read();
		while (!quit.signal.aborted) {
			const now = clock.read();
			const slept = sleptMs(last, now, tuning.wakeThresholdMs);
			last = now;
			if (slept !== undefined) {
				await comeBackFromSleep(edge, watches, [...targets.values()].filter(target => locks.has(target.tunnel.name)), slept, now, tuning.networkWaitMs, quit.signal);
				// Monotonic time stood still: no probe is due, yet a tunnel that looks alive may be dead.
				lookNext = true;
			}

			woken = false;
			await round();
			nap = new AbortController();
			if (!quit.signal.aborted && !woken && !lookNext) {
				await clock.sleep(pause(), AbortSignal.any([quit.signal, nap.signal]));
			}
		}
	};

	let settle: {resolve: () => void; reject: (error: unknown) => void} | undefined;
	const done = new Promise<void>((resolve, reject) => {
		settle = {resolve, reject};
	});
	const running = (async () => {
		emit(watched.map(({target, policy}) => ({kind: 'watching', at: new Date(clock.read().wallMs), name: target.tunnel.name, policy})));
		await loop();
	})().catch(fail);

	const stop = async (stopOptions: {readonly down?: boolean} = {}) => {
		stopping ??= (async () => {
			quit.abort();
			nap.abort();
			await running;
			await Promise.all(inFlight.values());
			try {
				if (stopOptions.down && failure === undefined) {
					// Every tunnel this watcher kept, but those a person stopped or nobody started.
					await takeDown(edge, mine().filter(target => !['stopped', 'idle'].includes(watches.get(target.tunnel.name)!.phase.kind)));
				}
			} finally {
				exits.releaseAll();
				await Promise.all([...locks.values()].map(async release => release()));
				locks.clear();
			}
		})().catch((error: unknown) => {
			failure ??= {error};
		}).finally(() => {
			if (failure === undefined) {
				settle?.resolve();
			} else {
				settle?.reject(failure.error);
			}
		});
		return stopping;
	};

	/** Carries out a reload of the profile file, one at a time, beside the rounds. */
	let reloading = Promise.resolve();
	const update = async (decision: ReloadDecision) => {
		reloading = reloading.then(async () => applyReload({
			watches, targets, locks, startedHere, leaving, inFlight, watchOf, emit, lookSoon,
			now: () => new Date(clock.read().wallMs),
			quitting: () => quit.signal.aborted,
			stop: effects.stop,
			forgetExit: exits.forget,
			forgetGiveUp: effects.forgetGiveUp,
			restart: target => {
				carryOut(target, {kind: 'start', stopFirst: true});
			},
		}, decision)).catch(fail);
		return reloading;
	};

	return {
		stop,
		update,
		snapshot: () => [...watches.values()].map(watch => stateOf(watch, clock.read())),
		done,
	};
}
