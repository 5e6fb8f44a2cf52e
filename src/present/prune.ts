// How prune's plan and outcomes are said, the same in `tunnels prune` and the UI.
import {describeRefusal} from '../core/kill.js';
import type {PruneItem, PruneOutcome, StaleWhy} from '../core/prune.js';

const whyWords: Record<StaleWhy, string> = {
	'no-listener': 'runs without all of its listeners',
	'socket-refused': 'control socket left behind by a dead master',
	'no-control-socket': 'runs without its control socket',
	'master-unresponsive': 'master does not answer on its socket',
	duplicate: 'a second process for the same tunnel',
	orphan: 'its tunnel is no longer in the profile file',
	unresponsive: 'the server does not answer through it',
};

function subjectWords(item: PruneItem): string {
	switch (item.subject.kind) {
		case 'profile': {
			return item.subject.name;
		}

		case 'orphan': {
			return 'not in the profile';
		}

		case 'foreign': {
			return 'not from a profile';
		}
	}
}

export function planLine(item: PruneItem): string {
	switch (item.action) {
		case 'kill': {
			return `kill    pid ${item.process.pid} · ${subjectWords(item)} · ${item.forwards.join(', ')} · ${whyWords[item.why]}${item.note === undefined ? '' : ` (${item.note})`}`;
		}

		case 'remove-socket': {
			return `remove  ${item.path} · ${subjectWords(item)} · ${whyWords[item.why]}`;
		}

		case 'skip': {
			const because = item.because === 'foreign' ? 'started outside tunnels: pass --include-foreign or its PID to `tunnels kill`' : 'its socket is answered by something else';
			return `skip    pid ${item.process.pid} · ${subjectWords(item)} · ${item.forwards.join(', ')} · ${whyWords[item.why]}; ${because}`;
		}
	}
}

export function outcomeLine({item, result}: PruneOutcome): string {
	const what = item.action === 'remove-socket' ? item.path : `pid ${item.process.pid}`;
	switch (result.kind) {
		case 'stopped': {
			return `killed  ${what} · ${result.by}`;
		}

		case 'refused': {
			return `left    ${what} · ${describeRefusal(result.reason)}`;
		}

		case 'failed': {
			return `FAILED  ${what} · ${result.reason}`;
		}

		case 'removed': {
			return `removed ${what}`;
		}

		case 'kept': {
			return `kept    ${what} · it answers again`;
		}
	}
}
