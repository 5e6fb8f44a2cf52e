// The two ends of a forward, each checked on its own: a port with its bind address, a host and port,
// or a socket path. The string and map forms of the profile both end here.
import {checkSocketPath} from './socket-path.js';
import type {SocketPath, TcpListen, TcpTarget} from './types.js';

/** Why a forward spec was refused; `hint` says what would be right. */
export type ForwardError = {
	readonly message: string;
	readonly hint: string | undefined;
};

/** One end of a forward, checked. */
export type Checked<T> =
	| {readonly kind: 'ok'; readonly value: T}
	| {readonly kind: 'error'; readonly error: ForwardError};

export const forwardSyntaxHint = 'write [bind:]port:host:hostport, e.g. 9906:10.1.0.2:3306 (IPv6 in brackets: [::1]:9906:[fe80::2]:3306), or with a socket path on either end, e.g. /tmp/docker.sock:/var/run/docker.sock';

/** Validates the listen side: a port with an optional bind address (numbers or digit strings), or a socket path. */
export function tcpListen(bind: string | undefined, port: unknown): Checked<TcpListen> {
	const parsedPort = parsePort(port);
	if (parsedPort === undefined) {
		return endError(`listen port must be 1-65535, got \`${String(port ?? '')}\``, undefined);
	}

	if (bind !== undefined && bind !== '*' && !isAddress(bind)) {
		return endError(`bind address \`${bind}\` is not an address`, 'use an address such as 127.0.0.1, ::1, localhost or *');
	}

	return {kind: 'ok', value: {kind: 'tcp', bind, port: parsedPort}};
}

export function tcpTarget(host: unknown, port: unknown): Checked<TcpTarget> {
	const parsedPort = parsePort(port);
	if (parsedPort === undefined) {
		return endError(`target port must be 1-65535, got \`${String(port ?? '')}\``, undefined);
	}

	if (typeof host !== 'string' || !isAddress(host)) {
		return endError(`target host \`${String(host ?? '')}\` is not a host name or address`, forwardSyntaxHint);
	}

	return {kind: 'ok', value: {kind: 'tcp', host, port: parsedPort}};
}

export function socketListen(path: string): Checked<SocketPath> {
	return socketPath(path, 'listen');
}

export function socketTarget(path: string): Checked<SocketPath> {
	return socketPath(path, 'target');
}

function socketPath(path: string, side: 'listen' | 'target'): Checked<SocketPath> {
	const problem = checkSocketPath(path);
	return problem === undefined
		? {kind: 'ok', value: {kind: 'unix', path}}
		: endError(`${side} socket path ${problem.message}`, problem.hint);
}

/** Port numbers as ssh accepts them on a forward: decimal 1-65535. */
export function parsePort(value: unknown): number | undefined {
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text !== 'string' || !/^\d{1,5}$/.test(text)) {
		return undefined;
	}

	const port = Number(text);
	return port >= 1 && port <= 65_535 ? port : undefined;
}

/** Host names and IPv4/IPv6 literals; nothing a shell or ssh's option parser could read as more. */
export function isAddress(value: string): boolean {
	return /^[A-Za-z\d_][A-Za-z\d._%:-]*$/.test(value) || /^[\da-fA-F:.]*::[\da-fA-F:.%A-Za-z]*$/.test(value);
}

export function endError(message: string, hint: string | undefined): {readonly kind: 'error'; readonly error: ForwardError} {
	return {kind: 'error', error: {message, hint}};
}
