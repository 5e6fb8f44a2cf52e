import {
	endError, forwardSyntaxHint as syntaxHint, socketListen, socketTarget, tcpListen, tcpTarget, type Checked, type ForwardError,
} from './forward-ends.js';
import type {DynamicForward, Forward, Listen, RemoteForward, Target, TcpListen, TcpTarget, TunnelForward} from './types.js';

export type Parsed<T> =
	| {readonly kind: 'ok'; readonly forward: T}
	| {readonly kind: 'error'; readonly error: ForwardError};

export type ForwardParse = Parsed<Forward>;

const dynamicHint = 'write [bind:]port, e.g. 1080 or 127.0.0.1:1080, or a socket path';
const reverseHint = 'a remote forward with no target is a SOCKS proxy on the server: write [bind:]port, e.g. 1080';

/**
 * One field of a forward spec as ssh reads it (readconf.c parse_fwd_field): a field with a `/` is a
 * socket path, any other is an address or a port.
 */
type Field = {readonly text: string; readonly path: boolean};

/**
 * Parses a `-L`/`-R` forward to a target, in ssh's own syntax (readconf.c parse_forward):
 * `[bind:]port:host:hostport`, `path:host:hostport`, `[bind:]port:path`, `path:path`, with IPv6
 * addresses in brackets. ssh's `/` separator is not supported.
 */
export function parseForward(spec: string): ForwardParse {
	const fields = splitFields(spec);
	if (fields === undefined) {
		return fail(`unbalanced brackets in \`${spec}\``, syntaxHint);
	}

	const [first, second, third, fourth] = fields;
	switch (fields.length) {
		case 2: {
			if (first!.path && second!.path) {
				return forwardOf(socketListen(first!.text), socketTarget(second!.text));
			}

			if (second!.path) {
				return forwardOf(tcpListen(undefined, first!.text), socketTarget(second!.text));
			}

			if (first!.path) {
				return fail(`\`${spec}\` has no target`, syntaxHint);
			}

			return fail(`\`${spec}\` has no listen port`, `add the port to listen on: PORT:${spec}`);
		}

		case 3: {
			if (first!.path) {
				return forwardOf(socketListen(first!.text), tcpTarget(second!.text, third!.text));
			}

			if (third!.path) {
				return forwardOf(tcpListen(first!.text, second!.text), socketTarget(third!.text));
			}

			return forwardOf(tcpListen(undefined, first!.text), tcpTarget(second!.text, third!.text));
		}

		case 4: {
			return forwardOf(tcpListen(first!.text, second!.text), tcpTarget(third!.text, fourth!.text));
		}

		default: {
			return fail(`\`${spec}\` is not a forward`, syntaxHint);
		}
	}
}

/** A `-R` forward: one to a target, or with the listen side alone a SOCKS proxy on the server (`-R [bind:]port`). */
export function parseRemoteForward(spec: string): Parsed<RemoteForward> {
	const fields = splitFields(spec);
	if (fields !== undefined && (fields.length === 1 || (fields.length === 2 && !fields[1]!.path))) {
		const listen = parseListenFields(fields);
		if (listen.kind === 'error') {
			return listen;
		}

		if (listen.value.kind === 'unix') {
			return fail(`\`${spec}\`: ssh cannot serve a SOCKS proxy on a socket path on the server`, reverseHint);
		}

		return {kind: 'ok', forward: {listen: listen.value, target: {kind: 'socks'}}};
	}

	return parseForward(spec);
}

/** A `-D` forward: `[bind:]port` or a socket path. */
export function parseDynamicForward(spec: string): Parsed<DynamicForward> {
	const fields = splitFields(spec);
	if (fields === undefined) {
		return fail(`unbalanced brackets in \`${spec}\``, dynamicHint);
	}

	if (fields.length > 2 || (fields.length === 2 && (fields[0]!.path || fields[1]!.path))) {
		return fail(`\`${spec}\` is not a SOCKS listener: a dynamic forward has no target`, dynamicHint);
	}

	const listen = parseListenFields(fields);
	return listen.kind === 'ok' ? {kind: 'ok', forward: {listen: listen.value}} : listen;
}

function parseListenFields(fields: readonly Field[]): Checked<Listen> {
	const [first, second] = fields;
	if (second !== undefined) {
		return tcpListen(first!.text, second.text);
	}

	return first!.path ? socketListen(first!.text) : tcpListen(undefined, first!.text);
}

/** A forward from its two validated-or-not ends: the first error wins, listen side first. */
export function forwardOf(listen: Checked<Listen>, target: Checked<Target>): ForwardParse {
	if (listen.kind === 'error') {
		return listen;
	}

	if (target.kind === 'error') {
		return target;
	}

	return {kind: 'ok', forward: {listen: listen.value, target: target.value}};
}

/** `host:port` (IPv6 in brackets) as a target. */
export function parseHostPort(text: string): Checked<TcpTarget> {
	const fields = splitFields(text);
	if (fields?.length !== 2 || fields.some(part => part.path)) {
		return fail(`\`${text}\` is not host:port`, 'e.g. intranet.example:80 or [fd00::1]:80');
	}

	return tcpTarget(fields[0]!.text, fields[1]!.text);
}

/** Every forward of a tunnel with its kind, in the order the command line has them: -L, -R, -D. */
export function forwardsOf(tunnel: {readonly local: readonly Forward[]; readonly remote: readonly RemoteForward[]; readonly dynamic: readonly DynamicForward[]}): TunnelForward[] {
	return [
		...tunnel.local.map(forward => ({kind: 'local' as const, forward})),
		...tunnel.remote.map(forward => ({kind: 'remote' as const, forward})),
		...tunnel.dynamic.map(forward => ({kind: 'dynamic' as const, forward})),
	];
}

/** The socket files a tunnel listens on here (-L and -D on a path): ssh leaves them behind when it exits. */
export function socketListensHere(tunnel: {readonly local: readonly Forward[]; readonly dynamic: readonly DynamicForward[]}): string[] {
	return [...tunnel.local, ...tunnel.dynamic].flatMap(({listen}) => (listen.kind === 'unix' ? [listen.path] : []));
}

/** The TCP listeners a tunnel asks for on this machine (-L and -D on a port): the ones whose bind may be a name to look up. */
export function tcpListensHere(tunnel: {readonly local: readonly Forward[]; readonly dynamic: readonly DynamicForward[]}): TcpListen[] {
	return [...tunnel.local, ...tunnel.dynamic].flatMap(({listen}) => (listen.kind === 'tcp' ? [listen] : []));
}

/** `host:port`, with an IPv6 address in brackets. */
export function formatHostPort(host: string, port: number): string {
	return `${bracket(host)}:${port}`;
}

function bracket(address: string): string {
	return address.includes(':') ? `[${address}]` : address;
}

/** Splits at `:` outside brackets; a field with a `/` is a path, in brackets or not (readconf.c parse_fwd_field). */
function splitFields(spec: string): Field[] | undefined {
	const fields: Field[] = [];
	let rest = spec;
	while (rest.length > 0 || fields.length === 0) {
		if (rest.startsWith('[')) {
			const end = rest.indexOf(']');
			if (end === -1) {
				return undefined;
			}

			fields.push(field(rest.slice(1, end)));
			rest = rest.slice(end + 1);
			if (rest.length > 0 && !rest.startsWith(':')) {
				return undefined;
			}
		} else {
			const end = rest.indexOf(':');
			fields.push(field(end === -1 ? rest : rest.slice(0, end)));
			rest = end === -1 ? '' : rest.slice(end);
		}

		if (rest.startsWith(':')) {
			rest = rest.slice(1);
			if (rest.length === 0) {
				fields.push(field(''));
			}
		}
	}

	return fields;
}

function field(text: string): Field {
	return {text, path: text.includes('/')};
}

function fail(message: string, hint: string | undefined): {readonly kind: 'error'; readonly error: ForwardError} {
	return endError(message, hint);
}
