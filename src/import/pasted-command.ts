import path from 'node:path';
import {parseDynamicForward, parseForward, parseRemoteForward} from '../profile/forward.js';
import {parseSshArgv} from '../ssh/parse-argv.js';
import {splitCommandLine} from '../ssh/quote.js';
import {invocationToSpec, type TunnelSpec} from './from-ssh-command.js';
import type {ImportRefusal} from './refusal.js';

export type PastedCommand =
	/** `baseName`: what the tunnel is called unless --name says: its host and first port */
	| {readonly kind: 'ok'; readonly spec: TunnelSpec; readonly baseName: string}
	| {readonly kind: 'refused'; readonly refusal: ImportRefusal};

/**
 * A pasted ssh command as a profile entry: the words after `--`, or one quoted line split as a shell
 * would. Only ssh itself is accepted, and only what a profile entry can hold.
 */
export function pastedCommandSpec(words: readonly string[], options: {readonly allowCommands: boolean}): PastedCommand {
	const split = words.length === 1 ? splitCommandLine(words[0]!) : {kind: 'ok' as const, words};
	if (split.kind === 'error') {
		return refused({kind: 'unsplittable', message: split.message});
	}

	const [program, ...args] = split.words;
	if (program === undefined) {
		return refused({kind: 'no-command'});
	}

	if (path.basename(program) !== 'ssh') {
		return refused({kind: 'not-ssh', program});
	}

	const parsed = parseSshArgv(args);
	if (parsed.kind === 'error') {
		return refused({kind: 'bad-arguments', message: parsed.message});
	}

	const converted = invocationToSpec(parsed.invocation, options);
	if (converted.kind === 'error') {
		return refused({kind: 'unrepresentable', message: converted.message, hint: converted.hint});
	}

	return {kind: 'ok', spec: converted.spec, baseName: `${converted.spec.host}${firstPort(converted.spec)}`};
}

/** `-9906` after the host in a tunnel's name: the port its first forward listens on, when it is a port. */
function firstPort(spec: TunnelSpec): string {
	const [local] = spec.local ?? [];
	const [remote] = spec.remote ?? [];
	const [dynamic] = spec.dynamic ?? [];
	const parsed = local === undefined ? (remote === undefined ? (dynamic === undefined ? undefined : parseDynamicForward(dynamic)) : parseRemoteForward(remote)) : parseForward(local);
	return parsed?.kind === 'ok' && parsed.forward.listen.kind === 'tcp' ? `-${parsed.forward.listen.port}` : '';
}

function refused(refusal: ImportRefusal): PastedCommand {
	return {kind: 'refused', refusal};
}
