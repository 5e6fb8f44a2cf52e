import {forwardsOf} from '../profile/forward.js';
import type {Tunnel} from '../profile/types.js';
import type {Needs} from './deps.js';
import type {ListeningHere} from './holders.js';

/** Why a socket file cannot be listened on. A live socket there is a holder (holders.ts), a stale one ssh replaces. */
export type SocketFileProblem =
	/** its directory is missing, not a directory, or writable by others without the sticky bit */
	| {readonly kind: 'parent'; readonly state: 'missing' | 'not-a-directory' | 'writable-by-others'}
	/** something that is not a socket is there: ssh's StreamLocalBindUnlink would delete it */
	| {readonly kind: 'in-the-way'; readonly entry: 'file' | 'directory' | 'other'};

export type SocketFileRefusal = {readonly forward: ListeningHere; readonly path: string; readonly problem: SocketFileProblem};

/** Every socket file the tunnel would listen on here that it must not, with why. Changes nothing. */
export async function findSocketFileProblems(deps: Needs<'inspectSocketFile'>, tunnel: Tunnel): Promise<SocketFileRefusal[]> {
	const here = forwardsOf(tunnel).filter((entry): entry is ListeningHere => entry.kind !== 'remote');
	const checks = await Promise.all(here.map(async forward => {
		const {listen} = forward.forward;
		if (listen.kind !== 'unix') {
			return [];
		}

		const state = await deps.inspectSocketFile(listen.path);
		const problem: SocketFileProblem | undefined = state.parent !== 'ok'
			? {kind: 'parent', state: state.parent}
			: state.entry === 'absent' || state.entry === 'socket' ? undefined : {kind: 'in-the-way', entry: state.entry};
		return problem === undefined ? [] : [{forward, path: listen.path, problem}];
	}));
	return checks.flat();
}
