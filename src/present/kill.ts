// Why a process was not stopped, and what `tunnels kill` did, in a person's words.
import type {KillRefusal, KillResult} from '../core/kill.js';
import type {ReportLine} from './up.js';

export function describeRefusal(reason: KillRefusal): string {
	switch (reason) {
		case 'not-found': {
			return 'no such process';
		}

		case 'zombie': {
			return 'a zombie: already dead, its parent must reap it';
		}

		case 'identity-changed': {
			return 'the PID belongs to another process now';
		}

		case 'other-user': {
			return 'belongs to another user';
		}

		case 'not-ssh': {
			return 'not an ssh process';
		}

		case 'not-a-tunnel': {
			return 'an ssh without forwards (an interactive session or a control client)';
		}
	}
}

/** One line per thing `tunnels kill` was given: what was stopped on stdout, what was not on stderr. */
export function describeKillResult({target, pid, outcome}: KillResult): ReportLine {
	const who = pid === undefined || String(pid) === target ? target : `${target} (pid ${pid})`;
	switch (outcome.kind) {
		case 'stopped': {
			return {level: 'info', text: `killed ${who} · ${outcome.by}`};
		}

		case 'not-running': {
			return {level: 'info', text: `${who} was not running`};
		}

		case 'released': {
			return {level: 'info', text: `${who}: its forwards closed on the shared connection, which other tunnels still use`};
		}

		case 'refused': {
			// Its own prefix: a refusal is neither an error of the tool nor a detail of another line.
			return {level: 'detail', text: `refused: ${who}: ${describeRefusal(outcome.reason)}; nothing was signalled`};
		}

		case 'failed': {
			return {level: 'error', text: `${who}: ${outcome.reason}`};
		}
	}
}
