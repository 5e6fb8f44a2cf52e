import {classifyKeyword} from '../profile/ssh-keywords.js';
import {forwardArgument} from './forward-argument.js';
import {forwardFromConfigValue, parseDestination, splitOptionArgument, type SshInvocation} from '../ssh/parse-argv.js';

/** One tunnel's entry as it is written into the profile file, keys in the file's usual order. */
export type TunnelSpec = {
	host: string;
	user?: string;
	port?: number;
	identityFile?: string;
	jump?: string | string[];
	gateway?: true;
	local?: string[];
	remote?: string[];
	dynamic?: string[];
	keepAlive?: {interval: number; countMax: number};
	options?: Record<string, string>;
	allowCommands?: true;
};

export type SpecResult =
	| {readonly kind: 'ok'; readonly spec: TunnelSpec}
	| {readonly kind: 'error'; readonly message: string; readonly hint: string | undefined};

// Flags that every tunnel gets anyway, or that change nothing for a forward-only connection.
const implied = new Set('fNnqTv');
const flagOptions: Record<string, [string, string]> = {
	4: ['AddressFamily', 'inet'],
	6: ['AddressFamily', 'inet6'],
	A: ['ForwardAgent', 'yes'],
	a: ['ForwardAgent', 'no'],
	C: ['Compression', 'yes'],
	X: ['ForwardX11', 'yes'],
	x: ['ForwardX11', 'no'],
};
const valueOptions: Record<string, string> = {b: 'BindAddress', B: 'BindInterface', c: 'Ciphers', m: 'MACs'};
const unsupported: Record<string, string> = {
	F: 'the ssh config file is a setting of the whole profile: set `sshConfig:` at the top of the file or TUNNELS_SSH_CONFIG',
	M: 'control sockets are managed by tunnels',
	S: 'control sockets are managed by tunnels',
	O: 'control commands are not a tunnel',
	W: 'stdio forwarding is not a tunnel',
	t: 'a tunnel has no terminal',
	s: 'a subsystem is not a tunnel',
};
// ssh_config keywords the tool sets itself: a pasted value is dropped, not an error.
export const droppedKeywords = new Set(['ExitOnForwardFailure', 'ControlMaster', 'ControlPath', 'ControlPersist', 'BatchMode', 'ForkAfterAuthentication', 'StdinNull', 'SessionType']);

/** Turns a pasted ssh command into a profile entry; the entry is validated like any other afterwards. */
export function invocationToSpec(invocation: SshInvocation, options: {readonly allowCommands: boolean}): SpecResult {
	if (invocation.destination === undefined) {
		return fail('the command has no destination', 'end it with [user@]host');
	}

	if (invocation.command.length > 0) {
		return fail(`\`${invocation.command.join(' ')}\` is a remote command; a tunnel runs none`, 'paste the command without it (tunnels always runs ssh -N)');
	}

	const destination = parseDestination(invocation.destination);
	if (destination === undefined) {
		return fail(`\`${invocation.destination}\` is not a destination`, 'write [user@]host or ssh://[user@]host[:port]');
	}

	let user = destination.user;
	let port = destination.port;
	const local: string[] = [];
	const remote: string[] = [];
	const dynamic: string[] = [];
	const jump: string[] = [];
	const extra: Record<string, string> = {};
	let keepAlive: {interval?: number; countMax?: number} | undefined;
	let identityFile: string | undefined;
	let gateway = false;
	let allowCommands = false;

	for (const flag of invocation.flags) {
		const option = flagOptions[flag];
		if (flag === 'g') {
			gateway = true;
		} else if (option !== undefined) {
			extra[option[0]] = option[1];
		} else if (!implied.has(flag)) {
			return fail(`-${flag} is not supported by tunnels`, unsupported[flag]);
		}
	}

	const lists = {L: local, R: remote, D: dynamic};
	const addForward = (kind: 'L' | 'R' | 'D', value: string): string | undefined => {
		const read = forwardArgument(kind, value);
		if (read.kind === 'error') {
			return read.message;
		}

		lists[kind].push(read.spec);
		return undefined;
	};

	for (const {flag, value} of invocation.values) {
		let problem: string | undefined;
		switch (flag) {
			case 'L':
			case 'R':
			case 'D': {
				problem = addForward(flag, value);
				break;
			}

			case 'p': {
				port = Number(value);
				break;
			}

			case 'l': {
				user = value;
				break;
			}

			case 'i': {
				identityFile = value;
				break;
			}

			case 'J': {
				jump.push(...value.split(','));
				break;
			}

			case 'o': {
				const option = splitOptionArgument(value);
				if (option === undefined) {
					return fail(`-o ${value} is not Keyword=Value`, undefined);
				}

				const {name, value: optionValue} = option;
				const keyword = classifyKeyword(name);
				if (keyword.kind === 'unknown') {
					return fail(`-o ${name}: not an OpenSSH option`, keyword.suggestion === undefined ? undefined : `did you mean ${keyword.suggestion}?`);
				}

				switch (keyword.keyword) {
					case 'LocalForward':
					case 'RemoteForward':
					case 'DynamicForward': {
						problem = addForward(keyword.keyword === 'LocalForward' ? 'L' : keyword.keyword === 'RemoteForward' ? 'R' : 'D', forwardFromConfigValue(optionValue));
						break;
					}

					case 'Port': {
						port = Number(optionValue);
						break;
					}

					case 'User': {
						user = optionValue;
						break;
					}

					case 'IdentityFile': {
						identityFile = optionValue;
						break;
					}

					case 'ProxyJump': {
						jump.push(...optionValue.split(','));
						break;
					}

					case 'GatewayPorts': {
						gateway ||= optionValue.toLowerCase() === 'yes';

						break;
					}

					case 'ServerAliveInterval':
					case 'ServerAliveCountMax': {
						keepAlive = {...keepAlive, [keyword.keyword === 'ServerAliveInterval' ? 'interval' : 'countMax']: Number(optionValue)};
						break;
					}

					default: {
						if (keyword.kind === 'runs-commands' && !options.allowCommands) {
							return fail(`-o ${keyword.keyword} makes ssh run a program`, 'import with --allow-commands if you trust it; the tunnel gets `allowCommands: true`');
						}

						allowCommands ||= keyword.kind === 'runs-commands';

						if (!droppedKeywords.has(keyword.keyword)) {
							extra[keyword.keyword] = optionValue;
						}
					}
				}

				break;
			}

			default: {
				const keyword = valueOptions[flag];
				if (keyword === undefined) {
					return fail(`-${flag} is not supported by tunnels`, unsupported[flag]);
				}

				extra[keyword] = value;
			}
		}

		if (problem !== undefined) {
			return fail(`-${flag} ${value}: ${problem}`, flag === 'D' ? 'a dynamic forward is [bind:]port or a socket path' : 'forwards are [bind:]port:host:hostport, with a socket path on either end if you like');
		}
	}

	if (local.length === 0 && remote.length === 0 && dynamic.length === 0) {
		return fail('the command forwards nothing', 'a tunnel needs at least one -L, -R or -D');
	}

	const spec: TunnelSpec = {host: destination.host};
	Object.assign(
		spec,
		user === undefined ? {} : {user},
		port === undefined ? {} : {port},
		identityFile === undefined ? {} : {identityFile},
		jump.length === 0 ? {} : {jump: jump.length === 1 ? jump[0] : jump},
		gateway ? {gateway} : {},
		local.length === 0 ? {} : {local},
		remote.length === 0 ? {} : {remote},
		dynamic.length === 0 ? {} : {dynamic},
		keepAlive?.interval === undefined ? {} : {keepAlive: {interval: keepAlive.interval, countMax: keepAlive.countMax ?? 3}},
		Object.keys(extra).length === 0 ? {} : {options: extra},
		allowCommands ? {allowCommands} : {},
	);
	return {kind: 'ok', spec};
}

function fail(message: string, hint: string | undefined): SpecResult {
	return {kind: 'error', message, hint};
}
