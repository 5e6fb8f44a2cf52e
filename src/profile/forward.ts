import type {Forward} from './types.js';

/** Why a forward spec was refused; `hint` says what would be right. */
export type ForwardError = {
	readonly message: string;
	readonly hint: string | undefined;
};

export type ForwardParse =
	| {readonly kind: 'ok'; readonly forward: Forward}
	| {readonly kind: 'error'; readonly error: ForwardError};

const syntaxHint = 'write [bind:]port:host:hostport, e.g. 9906:10.1.0.2:3306 (IPv6 in brackets: [::1]:9906:[fe80::2]:3306)';

/**
 * Parses ssh's own forward syntax, `[bind:]port:host:hostport` (readconf.c parse_forward), with IPv6
 * addresses in brackets. ssh's `/` separator and Unix-socket forwards are not supported.
 */
export function parseForward(spec: string): ForwardParse {
	const fields = splitForwardFields(spec);
	if (fields === undefined) {
		return fail(`unbalanced brackets in \`${spec}\``, syntaxHint);
	}

	if (fields.length === 2) {
		return fail(`\`${spec}\` has no listen port`, `add the port to listen on: PORT:${spec}`);
	}

	if (fields.length !== 3 && fields.length !== 4) {
		return fail(`\`${spec}\` is not a forward`, syntaxHint);
	}

	const [bind, port, host, hostPort] = fields.length === 4 ? fields : [undefined, ...fields];
	return buildForward({bind, port, host, hostPort});
}

/** Validates the object form `{bind, port, host, hostPort}`, with ports as numbers or digit strings. */
export function buildForward(fields: {
	readonly bind: string | undefined;
	readonly port: unknown;
	readonly host: unknown;
	readonly hostPort: unknown;
}): ForwardParse {
	const port = parsePort(fields.port);
	if (port === undefined) {
		return fail(`listen port must be 1-65535, got \`${String(fields.port ?? '')}\``, undefined);
	}

	const hostPort = parsePort(fields.hostPort);
	if (hostPort === undefined) {
		return fail(`target port must be 1-65535, got \`${String(fields.hostPort ?? '')}\``, undefined);
	}

	if (typeof fields.host !== 'string' || !isAddress(fields.host)) {
		return fail(`target host \`${String(fields.host ?? '')}\` is not a host name or address`, syntaxHint);
	}

	if (fields.bind !== undefined && fields.bind !== '*' && !isAddress(fields.bind)) {
		return fail(`bind address \`${fields.bind}\` is not an address`, 'use an address such as 127.0.0.1, ::1, localhost or *');
	}

	return {kind: 'ok', forward: {bind: fields.bind, port, host: fields.host, hostPort}};
}

/** Formats a forward the way ssh reads it back; the inverse of parseForward. */
export function formatForward(forward: Forward): string {
	const rest = `${forward.port}:${formatHostPort(forward.host, forward.hostPort)}`;
	return forward.bind === undefined ? rest : `${bracket(forward.bind)}:${rest}`;
}

/** `host:port`, with an IPv6 address in brackets. */
export function formatHostPort(host: string, port: number): string {
	return `${bracket(host)}:${port}`;
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

function bracket(address: string): string {
	return address.includes(':') ? `[${address}]` : address;
}

function splitForwardFields(spec: string): string[] | undefined {
	const fields: string[] = [];
	let rest = spec;
	while (rest.length > 0 || fields.length === 0) {
		if (rest.startsWith('[')) {
			const end = rest.indexOf(']');
			if (end === -1) {
				return undefined;
			}

			fields.push(rest.slice(1, end));
			rest = rest.slice(end + 1);
			if (rest.length > 0 && !rest.startsWith(':')) {
				return undefined;
			}
		} else {
			const end = rest.indexOf(':');
			fields.push(end === -1 ? rest : rest.slice(0, end));
			rest = end === -1 ? '' : rest.slice(end);
		}

		if (rest.startsWith(':')) {
			rest = rest.slice(1);
			if (rest.length === 0) {
				fields.push('');
			}
		}
	}

	return fields;
}

function fail(message: string, hint: string | undefined): ForwardParse {
	return {kind: 'error', error: {message, hint}};
}
