// Validators of single fields of a tunnel; each reports through `fail` and returns what it could read.
import {expandPath, pathProblemWords, type PathContext, type PathKind} from './paths.js';
import {classifyKeyword} from './ssh-keywords.js';
import {closest} from './suggest.js';
import {restartPolicies, type KeepAlive, type RestartPolicy, type SshOption} from './types.js';

export type ReportError = (path: ReadonlyArray<string | number>, message: string, hint?: string) => void;

const jumpPattern = /^(?:[A-Za-z\d_][A-Za-z\d._-]*@)?(?:[A-Za-z\d_][A-Za-z\d._%-]*|\[[\da-fA-F:.]+(?:%[\w.-]+)?\])(?::(\d{1,5}))?$/;
export const unsafeText = /[\u0000-\u001F\u007F]/;

export function validateJump(value: unknown, fail: ReportError): string[] {
	if (value === undefined) {
		return [];
	}

	const hops = Array.isArray(value) ? value : [value];
	const path = (index: number) => (Array.isArray(value) ? ['jump', index] : ['jump']);
	return hops.filter((hop: unknown, index): hop is string => {
		const match = typeof hop === 'string' ? jumpPattern.exec(hop) : null;
		if (match === null) {
			fail(path(index), `\`${String(hop)}\` is not a jump host`, 'write [user@]host[:port] (an IPv6 address in brackets), or a list of them for several hops');
			return false;
		}

		const port = match[1] === undefined ? undefined : Number(match[1]);
		if (port !== undefined && (port < 1 || port > 65_535)) {
			fail(path(index), `the jump host's port must be 1-65535, got \`${match[1]}\``);
			return false;
		}

		return true;
	});
}

export function validateKeepAlive(value: unknown, fail: ReportError): KeepAlive | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (!isRecord(value)) {
		fail(['keepAlive'], 'must be a map', 'write `keepAlive: {interval: 15, countMax: 3}`');
		return undefined;
	}

	const interval = positiveInteger(value['interval']);
	const countMax = positiveInteger(value['countMax'] ?? 3);
	if (interval === undefined) {
		fail(['keepAlive', 'interval'], `must be a whole number of seconds from 1, got \`${String(value['interval'] ?? '')}\``);
	}

	if (countMax === undefined) {
		fail(['keepAlive', 'countMax'], `must be a whole number from 1, got \`${String(value['countMax'])}\``);
	}

	return interval === undefined || countMax === undefined ? undefined : {interval, countMax};
}

export function validateRestart(value: unknown, fail: ReportError): RestartPolicy {
	if (value === undefined) {
		return 'never';
	}

	const policy = restartPolicies.find(known => known === value);
	if (policy === undefined) {
		const near = typeof value === 'string' ? closest(value, restartPolicies) : undefined;
		fail(['restart'], `must be always, on-failure or never, got \`${String(value)}\``, near === undefined ? '`tunnels watch` keeps up a tunnel with `restart: always`; with `on-failure` it restarts it only after it failed' : `did you mean \`${near}\`?`);
		return 'never';
	}

	return policy;
}

export function validateOptions(value: unknown, allowCommands: boolean, fail: ReportError): SshOption[] {
	if (value === undefined) {
		return [];
	}

	if (!isRecord(value)) {
		fail(['options'], 'must be a map of ssh_config keywords', 'write e.g. `options: {Compression: yes}`');
		return [];
	}

	const options: SshOption[] = [];
	for (const [name, raw] of Object.entries(value)) {
		const optionValue = typeof raw === 'boolean' ? (raw ? 'yes' : 'no') : raw;
		if ((typeof optionValue !== 'string' && typeof optionValue !== 'number') || unsafeText.test(String(optionValue)) || String(optionValue) === '') {
			fail(['options', name], 'the value must be a single line of text or a number');
			continue;
		}

		const keyword = classifyKeyword(name);
		switch (keyword.kind) {
			case 'unknown': {
				fail(['options', name], `\`${name}\` is not an OpenSSH option`, keyword.suggestion === undefined ? 'see `man ssh_config` for the keywords' : `did you mean \`${keyword.suggestion}\`?`);
				break;
			}

			case 'managed': {
				fail(['options', name], `${keyword.keyword} cannot be set here: ${keyword.why}`);
				break;
			}

			case 'runs-commands': {
				if (allowCommands) {
					options.push({keyword: keyword.keyword, value: String(optionValue)});
				} else {
					fail(['options', name], `${keyword.keyword} makes ssh run a program, refused in a shared profile`, 'if you trust this file, add `allowCommands: true` to the tunnel');
				}

				break;
			}

			case 'plain': {
				options.push({keyword: keyword.keyword, value: String(optionValue)});
				break;
			}
		}
	}

	return options;
}

/** A tag is spelled as a tunnel name is: `@TAG` on a command line then needs no quoting. */
export const tagPattern = /^[A-Za-z\d][A-Za-z\d._-]{0,63}$/;

export function validateTags(value: unknown, fail: ReportError): string[] {
	if (value === undefined) {
		return [];
	}

	if (!Array.isArray(value)) {
		fail(['tags'], 'must be a list of tags', 'write e.g. `tags: [db, prod]`');
		return [];
	}

	const tags: string[] = [];
	for (const [index, tag] of value.entries()) {
		if (typeof tag !== 'string' || !tagPattern.test(tag)) {
			fail(['tags', index], `\`${String(tag)}\` is not a tag`, 'a tag is letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 64 characters');
		} else if (!tags.includes(tag)) {
			tags.push(tag);
		}
	}

	return tags;
}

export function optionalBoolean(value: unknown, key: string, fail: ReportError): boolean {
	if (value === undefined || typeof value === 'boolean') {
		return value ?? false;
	}

	fail([key], `must be true or false, got \`${String(value)}\``);
	return false;
}

function positiveInteger(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A path-valued key, expanded (profile/paths.ts): what ssh gets means the same wherever tunnels is started. */
export function optionalPath(value: unknown, at: ReadonlyArray<string | number>, kind: PathKind, paths: PathContext, fail: ReportError): string | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== 'string' || value === '' || unsafeText.test(value)) {
		fail(at, `\`${String(value)}\` is not a file path`, 'write a path on one line, e.g. ~/.ssh/id_ed25519');
		return undefined;
	}

	const expanded = expandPath(value, kind, paths);
	if (expanded.kind !== 'ok') {
		const {message, hint} = pathProblemWords(expanded, value);
		fail(at, message, hint);
		return undefined;
	}

	return expanded.path;
}
