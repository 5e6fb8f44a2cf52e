// Validators of a tunnel's forward lists: `local`, `remote` and `dynamic`, each item as ssh's string or a map.
import {isRecord, type ReportError} from './fields.js';
import {socketListen, socketTarget, tcpListen, tcpTarget, type Checked, type ForwardError} from './forward-ends.js';
import {forwardOf, parseDynamicForward, parseForward, parseHostPort, parseRemoteForward, type Parsed} from './forward.js';
import type {DynamicForward, Forward, Listen, RemoteForward, TcpTarget} from './types.js';

/** `local:` (-L): forwards to a target, as ssh's strings or as maps. */
export function validateLocal(value: unknown, fail: ReportError): Forward[] {
	return validateList(value, 'local', '9906:10.1.0.2:3306', parseForward, forwardObject, fail);
}

/** `remote:` (-R): forwards to a target, or with no target a SOCKS proxy on the server. */
export function validateRemote(value: unknown, fail: ReportError): RemoteForward[] {
	return validateList(value, 'remote', '9906:10.1.0.2:3306', parseRemoteForward, remoteObject, fail);
}

/** `dynamic:` (-D): SOCKS proxies, `[bind:]port`, a socket path or a map. */
export function validateDynamic(value: unknown, fail: ReportError): DynamicForward[] {
	return validateList(value, 'dynamic', '1080', parseDynamicForward, dynamicObject, fail);
}

function validateList<T>(value: unknown, key: 'local' | 'remote' | 'dynamic', example: string, parseText: (spec: string) => Parsed<T>, parseObject: (item: unknown) => Parsed<T>, fail: ReportError): T[] {
	if (value === undefined) {
		return [];
	}

	if (!Array.isArray(value) || value.length === 0) {
		fail([key], `\`${key}\` must be a list of forwards`, `write \`${key}:\` and under it \`- ${example}\``);
		return [];
	}

	const forwards: T[] = [];
	for (const [index, item] of value.entries()) {
		const parsed = typeof item === 'string' || typeof item === 'number' ? parseText(String(item)) : parseObject(item);
		if (parsed.kind === 'ok') {
			forwards.push(parsed.forward);
		} else {
			fail([key, index], parsed.error.message, parsed.error.hint);
		}
	}

	return forwards;
}

const forwardKeys = ['bind', 'port', 'path', 'host', 'hostPort', 'hostPath'];

/** A remote forward's map: with no target at all it is a SOCKS proxy on the server. */
function remoteObject(item: unknown): Parsed<RemoteForward> {
	const socks = isRecord(item) && Object.keys(item).every(key => ['bind', 'port', 'path'].includes(key));
	if (!socks) {
		return forwardObject(item);
	}

	const listen = listenObject(item);
	if (listen.kind === 'error') {
		return listen;
	}

	return listen.value.kind === 'tcp'
		? {kind: 'ok', forward: {listen: listen.value, target: {kind: 'socks'}}}
		: objectError('ssh cannot serve a SOCKS proxy on a socket path on the server', 'a remote forward with no target is a SOCKS proxy on the server: give it `port` (and `bind`)');
}

/** `{bind, port, host, hostPort}`, with `path` for a socket to listen on and `hostPath` for one to connect to. */
function forwardObject(item: unknown): Parsed<Forward> {
	if (!isRecord(item)) {
		return objectError('a forward is a string or a map', 'write 9906:10.1.0.2:3306 or {port: 9906, host: 10.1.0.2, hostPort: 3306}');
	}

	const unknown = Object.keys(item).find(key => !forwardKeys.includes(key));
	if (unknown !== undefined) {
		return objectError(`unknown key \`${unknown}\``, 'a forward has `bind` (optional) and `port`, or `path`; then `host` and `hostPort`, or `hostPath`');
	}

	const listen = listenObject(item);
	if (listen.kind === 'error') {
		return listen;
	}

	const hasTcpTarget = item['host'] !== undefined || item['hostPort'] !== undefined;
	if (item['hostPath'] !== undefined) {
		return hasTcpTarget
			? objectError('a forward connects to `host` and `hostPort` or to `hostPath`, not both', undefined)
			: forwardOf(listen, typeof item['hostPath'] === 'string' ? socketTarget(item['hostPath']) : notAPath('hostPath', item['hostPath']));
	}

	return forwardOf(listen, tcpTarget(item['host'], item['hostPort']));
}

/** `{bind, port}` or `{path}`. */
function dynamicObject(item: unknown): Parsed<DynamicForward> {
	if (!isRecord(item)) {
		return objectError('a dynamic forward is a port, a string or a map', 'write 1080, 127.0.0.1:1080 or {bind: 127.0.0.1, port: 1080}');
	}

	const unknown = Object.keys(item).find(key => !['bind', 'port', 'path'].includes(key));
	if (unknown !== undefined) {
		return objectError(`unknown key \`${unknown}\``, 'a dynamic forward has `bind` (optional) and `port`, or `path`: the SOCKS proxy connects wherever its clients ask');
	}

	const listen = listenObject(item);
	return listen.kind === 'ok' ? {kind: 'ok', forward: {listen: listen.value}} : listen;
}

function listenObject(item: Record<string, unknown>): Checked<Listen> {
	const {bind, port, path} = item;
	if (path !== undefined) {
		if (bind !== undefined || port !== undefined) {
			return objectError('a forward listens on `port` (with `bind`) or on `path`, not both', undefined);
		}

		return typeof path === 'string' ? socketListen(path) : notAPath('path', path);
	}

	if (bind !== undefined && typeof bind !== 'string') {
		return objectError('bind must be an address', 'e.g. 127.0.0.1, ::1, localhost or *');
	}

	return tcpListen(bind, port);
}

function notAPath(key: string, value: unknown): {readonly kind: 'error'; readonly error: ForwardError} {
	return objectError(`\`${key}\` must be a socket path, got \`${String(value)}\``, 'e.g. /var/run/docker.sock');
}

function objectError(message: string, hint: string | undefined): {readonly kind: 'error'; readonly error: ForwardError} {
	return {kind: 'error', error: {message, hint}};
}

/** `probe: host:port`: where `tunnels check` asks the SOCKS proxies to connect, from the server. */
export function validateProbe(value: unknown, fail: ReportError): TcpTarget | undefined {
	if (value === undefined) {
		return undefined;
	}

	const parsed = typeof value === 'string' ? parseHostPort(value) : undefined;
	if (parsed?.kind !== 'ok') {
		fail(['probe'], parsed?.error.message ?? `must be host:port, got \`${String(value)}\``, 'name a host and port the server can reach, e.g. intranet.example:80');
		return undefined;
	}

	return parsed.value;
}
