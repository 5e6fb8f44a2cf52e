import {downTunnel} from '../core/down.js';
import {editTunnel, type EditResult} from '../core/edit.js';
import {observeTunnels} from '../core/observe.js';
import type {Deps} from '../core/deps.js';
import {UserError} from '../errors.js';
import {describeEntryChange, editRefusalProblem} from '../present/edit.js';
import {editJson, type EditJson} from '../present/json/edit.js';
import {formatIssue} from '../profile/issue.js';
import type {EditRequest} from '../profile/edit-request.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {checkedDeps} from './effects.js';
import {findTunnel, loadProfile, targetOf, type GlobalOptions, type Io} from './context.js';
import {profileFileDeps} from './profile-file-deps.js';
import {withTagsExpanded} from './targets.js';

export type EditFlags = {
	readonly json?: boolean;
	/** restart a running tunnel whose command changed (and a renamed one, under its new name) */
	readonly restart?: boolean;
	/** rm: leave a running tunnel running, outside the profile */
	readonly keepRunning?: boolean;
};

/**
 * `tunnels set|unset|tag|forward add|forward rm|rename|rm`: one change to one entry through the
 * file's one writer. A running tunnel is looked at first: rm stops it (as `down` does) unless
 * --keep-running; rename refuses it unless --restart, since its control socket and its process's
 * command line carry its name (mux/control-path.ts) and it could not be found under the new one.
 */
export async function editEntryCommand(io: Io, globals: GlobalOptions, name: string, request: EditRequest, flags: EditFlags): Promise<number> {
	const {result, pid, stopped} = await changeEntry(io, globals, name, request, flags);
	const restart = pid !== undefined && (flags.restart ?? false) && result.newName !== undefined && (stopped || result.commandChanged);
	const running: EditJson['running'] = pid === undefined ? undefined : {pid, restarted: restart, stopped};
	if (flags.json) {
		io.stdout(`${JSON.stringify(editJson(result, running), undefined, 2)}\n`);
	} else {
		for (const line of describeEntryChange(result, pid, stopped, restart)) {
			if (line.level === 'info') io.stdout(`${line.text}\n`);
			else io.stderr(`${line.text}\n`);
		}
	}

	if (!restart) {
		return 0;
	}

	// The same checks and words as `down` and `up`, on the file as it is now.
	if (!stopped) {
		const {downCommand} = await import('./down.js');
		await downCommand(io, globals, [name], {json: flags.json});
	}

	const {upCommand} = await import('./up.js');
	return upCommand(io, globals, [result.newName!], {json: flags.json});
}

/** What one change did: the edit, and the tunnel's process when one ran (stopped first for rm, rename with --restart). */
export type EntryChanged = {readonly result: Extract<EditResult, {kind: 'edited'}>; readonly pid: number | undefined; readonly stopped: boolean};

/**
 * One change to one entry with the checks of the CLI verbs (the UI's d, R and D call it too): a
 * running tunnel is stopped first for rm (unless --keep-running), a rename of one is refused
 * unless --restart. Any refusal throws a UserError and leaves the file and the process as they were.
 */
export async function changeEntry(io: Io, globals: GlobalOptions, name: string, request: EditRequest, flags: Pick<EditFlags, 'restart' | 'keepRunning'>): Promise<EntryChanged> {
	const loaded = await loadProfile(io, globals);
	const target = targetOf(loaded, findTunnel(loaded, name));
	const files = profileFileDeps(io, globals);
	const deps = await checkedDeps(loaded, io.uid);
	const pid = await runningPid(deps, target);
	let stopped = false;
	if (pid !== undefined && (request.kind === 'rename' || (request.kind === 'rm' && !(flags.keepRunning ?? false)))) {
		// Before a tunnel is stopped for it, the change is known to be accepted.
		refuseUnless(await editTunnel(files, name, request, {dryRun: true}), name);
		if (request.kind === 'rename' && !(flags.restart ?? false)) {
			throw new UserError(
				`${name} is running (pid ${pid}) and its control socket and command line carry its name: under another name nothing could manage it; nothing was changed`,
				`stop it first (tunnels down ${name}), or rename it with --restart to stop it and start it again as ${request.to}`,
				1,
			);
		}

		await stop(deps, target, pid);
		stopped = true;
	}

	const result = await editTunnel(files, name, request);
	refuseUnless(result, name);
	return {result, pid, stopped};
}

function refuseUnless(result: EditResult, name: string): asserts result is Extract<EditResult, {kind: 'edited'}> {
	switch (result.kind) {
		case 'edited': {
			return;
		}

		case 'refused': {
			const {message, hint} = editRefusalProblem(result.file, name, result.refusal);
			throw new UserError(message, hint);
		}

		case 'invalid': {
			const count = result.issues.length;
			throw new UserError(
				`the change would leave ${count} error${count === 1 ? '' : 's'} in ${result.file} (lines as they would be); nothing was changed`,
				undefined,
				2,
				result.issues.map(issue => formatIssue(issue)).join('\n'),
			);
		}
	}
}

/** The PID of the tunnel's ssh when one runs (up, starting, or stale with a process). */
async function runningPid(deps: Deps, target: TunnelTarget): Promise<number | undefined> {
	const {tunnels} = await observeTunnels(deps, [target]);
	const status = tunnels[0]?.status;
	return status === undefined ? undefined : 'pid' in status ? status.pid : 'pids' in status ? status.pids[0] : undefined;
}

/** Stopped as `down` stops it; a process that would not stop leaves the file as it was. */
async function stop(deps: Deps, target: TunnelTarget, pid: number): Promise<void> {
	const result = await downTunnel(deps, target, {stoppedBy: 'down'});
	if (result.kind === 'stopped' && result.stopped.some(({outcome}) => outcome.kind !== 'stopped')) {
		throw new UserError(`could not stop ${target.tunnel.name} (pid ${pid}); nothing was changed`, `see: tunnels check ${target.tunnel.name}`, 1);
	}
}

/** `tunnels tag NAME +db -prod db2`: a bare tag is added. */
export function tagRequest(changes: readonly string[]): EditRequest {
	if (changes.length === 0) {
		throw new UserError('name the tags to add or remove', 'tunnels tag NAME +db -prod');
	}

	const bare = (change: string) => change.replace(/^[+-]/, '');
	return {kind: 'tag', add: changes.filter(change => !change.startsWith('-')).map(bare), remove: changes.filter(change => change.startsWith('-')).map(bare)};
}

/** `tunnels forward add NAME -L SPEC` (or -R, -D): exactly one kind. */
export function forwardAddRequest(flags: {readonly local?: string; readonly remote?: string; readonly dynamic?: string}): EditRequest {
	const given = (['local', 'remote', 'dynamic'] as const).flatMap(kind => (flags[kind] === undefined ? [] : [{kind, spec: flags[kind]!}]));
	const [only] = given;
	if (given.length !== 1 || only === undefined) {
		throw new UserError('give one forward: -L [bind:]port:host:hostport, -R [bind:]port[:host:hostport] or -D [bind:]port', 'tunnels forward add db -L 9906:10.1.0.2:3306');
	}

	return {kind: 'forward-add', forward: only.kind, spec: only.spec};
}

/** `tunnels rm NAME... @TAG...`: each tunnel in turn, as `rm NAME`; the first refusal stops the rest. */
export async function rmCommand(io: Io, globals: GlobalOptions, words: readonly string[], flags: EditFlags): Promise<number> {
	const names = withTagsExpanded(await loadProfile(io, globals), words);
	let status = 0;
	for (const name of names) {
		status = Math.max(status, await editEntryCommand(io, globals, name, {kind: 'rm'}, flags));
	}

	return status;
}
