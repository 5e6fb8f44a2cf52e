// A watcher's events and failures in a person's words: one log line per event.
import type {Problem} from './problem.js';
import type {FoundInstead, WatchEvent, WatchFailure, WatchState} from '../watch/events.js';
import {describeFailure} from './failure.js';
import {describeSocketFileRefusal, describeWatchTaken} from './holders.js';
import {describeStale} from './stale.js';
import {keeperWords} from './status.js';
import type {KeeperKind} from '../store/lock.js';

/** Short enough to follow `after:` in a log line. */
export function describeWatchFailure(failure: WatchFailure): string {
	switch (failure.kind) {
		case 'process-gone': {
			return `process gone (pid ${failure.pid})`;
		}

		case 'unresponsive': {
			return `server not answering (pid ${failure.pid}, silent for ${seconds(failure.silentMs)})`;
		}

		case 'stale': {
			return `stale: ${describeStale(failure.reason)}`;
		}

		case 'ssh-failed': {
			// The watcher's ssh never prompts: the batch wording of the hints applies.
			return describeFailure(failure.failure, true).message;
		}

		case 'port-taken': {
			return failure.taken.map(taken => describeWatchTaken(taken)).join('; ');
		}

		case 'socket-file': {
			return failure.refusals.map(refusal => describeSocketFileRefusal(refusal).message).join('; ');
		}

		case 'unverified': {
			return `ssh started but the tunnel did not come up as asked (${describeFound(failure.found)}); it was stopped`;
		}

		case 'busy': {
			return `another tunnels process (pid ${failure.pid}) is starting it`;
		}
	}
}

/** What a start found instead of a tunnel up: `runs but does not hold its listeners`, `down`. */
export function describeFound(found: FoundInstead): string {
	return found.kind === 'stale' ? describeStale(found.reason) : found.kind;
}

/** `2026-11-24T22:40:01Z mysql-b restarted · pid 123 · after: process gone (pid 100) · attempt 2` */
export function describeWatchEvent(event: WatchEvent): string {
	return `${timestamp(event.at)} ${eventText(event)}`;
}

function eventText(event: WatchEvent): string {
	switch (event.kind) {
		case 'watching': {
			return `${event.name} watching · restart ${event.policy}`;
		}

		case 'adopted': {
			return `${event.name} up · pid ${event.pid} · adopted`;
		}

		case 'started': {
			return `${event.name} started · pid ${event.pid} · attempt ${event.attempt}`;
		}

		case 'restarted': {
			return `${event.name} restarted · pid ${event.pid} · after: ${describeWatchFailure(event.after)} · attempt ${event.attempt}`;
		}

		case 'lost': {
			return `${event.name} lost · ${describeWatchFailure(event.failure)}`;
		}

		case 'start-failed': {
			return `${event.name} start failed · attempt ${event.attempt} · ${describeWatchFailure(event.failure)} · next in ${seconds(event.nextAt.getTime() - event.at.getTime())}`;
		}

		case 'stopped': {
			return `${event.name} stopped by a person (tunnels ${event.stop.by} at ${timestamp(new Date(event.stop.at))}) · left down until tunnels up`;
		}

		case 'idle': {
			return `${event.name} down · restart on-failure: left down until it is started`;
		}

		case 'elsewhere': {
			return `${event.name} kept by ${otherKeeper(event)} · taken over if it ends`;
		}

		case 'gave-up': {
			return `${event.name} gave up · ${describeWatchFailure(event.failure)} · retrying will not help: fix it, then run tunnels up ${event.name} (or edit the tunnel)`;
		}

		case 'woke': {
			return `woke after ${seconds(event.sleptMs)} asleep · waiting for the network`;
		}

		case 'network': {
			return event.ready ? `network is back after ${seconds(event.waitedMs)}` : `network not back after ${seconds(event.waitedMs)} · retrying anyway`;
		}

		case 'reloaded': {
			const parts = [
				['now keeps', event.added], ['restarts with a new command line', event.changed],
				['lets go of', event.released], ['no longer in the file', event.removed],
			] as const;
			const said = parts.filter(([, names]) => names.length > 0).map(([words, names]) => `${words}: ${names.join(', ')}`);
			return `profile file changed${said.length === 0 ? '' : ` · ${said.join(' · ')}`}`;
		}

		case 'profile-refused': {
			const detail = event.detail === undefined ? '' : `\n${event.detail}`;
			return `profile file not taken: ${event.message} · the tunnels kept before are kept as they run${detail}`;
		}

		case 'unwatched': {
			const how = event.why === 'removed' ? 'no longer in the profile file' : 'no longer asks to be kept up (restart: never)';
			const stopped = event.stopped.length > 0 ? ` · stopped pid ${event.stopped.join(', ')} (started by this watcher)` : ' · left as it runs';
			return `${event.name} not watched · ${how}${stopped}`;
		}

		case 'taken-down': {
			if (event.failed.length > 0) {
				return `${event.name} not stopped · pid ${event.failed.join(', ')}`;
			}

			return event.stopped.length > 0 ? `${event.name} down · pid ${event.stopped.join(', ')}` : `${event.name} was not running`;
		}
	}
}

/** ISO 8601 in UTC, to the second. */
export function timestamp(date: Date): string {
	return Number.isNaN(date.getTime()) ? '?' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function seconds(ms: number): string {
	return ms < 10_000 ? `${(Math.max(0, ms) / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** Where a kept tunnel stands: `reconnecting (attempt 3, next in 8 s)`, `kept up`. */
export function describeWatchState(state: WatchState, now: Date): string {
	switch (state.kind) {
		case 'pending': {
			return 'watching';
		}

		case 'up': {
			return 'kept up';
		}

		case 'starting': {
			return `starting (attempt ${state.attempt})`;
		}

		case 'reconnecting': {
			return `reconnecting (attempt ${state.attempt}, next in ${seconds(state.nextAt.getTime() - now.getTime())})`;
		}

		case 'idle': {
			return 'down: restart on-failure starts it only after a failure';
		}

		case 'stopped': {
			return `stopped by a person (tunnels ${state.stop.by}): left down`;
		}

		case 'elsewhere': {
			return `kept by ${otherKeeper(state)}`;
		}

		case 'needs-you': {
			return `needs you: ${describeWatchFailure(state.failure)}`;
		}
	}
}

/** Another keeper than this one: what it said it is, or `another watcher` (a lock written before keepers said). */
function otherKeeper(holder: {readonly pid: number; readonly keeper?: KeeperKind}): string {
	return holder.keeper === undefined ? `another watcher (pid ${holder.pid})` : keeperWords({kind: holder.keeper, pid: holder.pid});
}

/** `w` in the UI when no tunnel of the profile has a restart policy. */
export const nothingToKeep: Problem = {message: 'no tunnel asks to be kept up', hint: 'add `restart: always` (or `on-failure`) to a tunnel in the profile file'};
