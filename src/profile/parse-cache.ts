import {createHash} from 'node:crypto';
import type {ProfileParse} from './parse.js';
import type {ValidationContext} from './validate.js';

// A command whose profile did not change since the last one takes the parsed and validated profile
// from a cache instead of parsing it again: no YAML code is loaded at all (issue 17). parseProfile is
// pure given (text, file, isRoot, home, the environment variables it reads) and the code that runs
// it, so an entry is taken only when every one of those is exactly the same: the text (its SHA-256,
// not a timestamp: a file changed twice in one second, at the same size, is seen at once), the build, and
// each variable the parse read (`${NAME}` in paths), with its value. Only a valid profile is kept:
// errors always come from a real parse, with their file:line.

export type ParseInput = {
	readonly text: string;
	readonly file: string;
	readonly context: Pick<ValidationContext, 'isRoot' | 'paths'>;
	/** the code that parses: the bundle's build id (an entry of another build is never taken) */
	readonly build: string;
	readonly platform: string;
};

type OkParse = Extract<ProfileParse, {kind: 'ok'}>;

/** What the cache file holds: the inputs of one parse and its result (undefined written as a marker). */
type CacheEntry = {
	readonly format: typeof format;
	readonly build: string;
	readonly platform: string;
	readonly file: string;
	readonly isRoot: boolean;
	readonly home: string | null;
	/** every variable the parse read, with its value then (null: unset) */
	readonly env: Readonly<Record<string, string | null>>;
	readonly textSha256: string;
	readonly result: unknown;
};

const format = 'tunnels-profile-cache-1';

/** JSON has no undefined: a field set to undefined is kept as this, so that a hit equals the parse. */
const undefinedMarker = {'tunnels:undefined': true} as const;

/**
 * The environment as the parse sees it, recording each variable it reads. A parse that lists the
 * environment (rather than reading names) would depend on all of it: `enumerated` says so, and such a
 * parse is not cached.
 */
export function recordingEnv(env: Readonly<Record<string, string | undefined>>): {
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly read: () => Readonly<Record<string, string | null>> | undefined;
} {
	const read = new Map<string, string | null>();
	let enumerated = false;
	const proxy = new Proxy(env, {
		get(target, name) {
			const value = Reflect.get(target, name) as string | undefined;
			if (typeof name === 'string') {
				read.set(name, value ?? null);
			}

			return value;
		},
		has(target, name) {
			if (typeof name === 'string') {
				read.set(name, (Reflect.get(target, name) as string | undefined) ?? null);
			}

			return Reflect.has(target, name);
		},
		ownKeys(target) {
			enumerated = true;
			return Reflect.ownKeys(target);
		},
	});
	return {env: proxy, read: () => (enumerated ? undefined : Object.fromEntries(read))};
}

/** The entry to keep for a parse, or undefined when it must not be kept (an invalid profile, a parse that listed the environment). */
export function cacheEntryFor(input: ParseInput, envRead: Readonly<Record<string, string | null>> | undefined, parsed: ProfileParse): string | undefined {
	if (parsed.kind !== 'ok' || envRead === undefined) {
		return undefined;
	}

	const entry: CacheEntry = {
		format,
		build: input.build,
		platform: input.platform,
		file: input.file,
		isRoot: input.context.isRoot,
		home: input.context.paths.home ?? null,
		env: envRead,
		textSha256: sha256(input.text),
		result: {profile: parsed.profile, warnings: parsed.warnings},
	};
	return JSON.stringify(entry, (_key, value: unknown) => (value === undefined ? undefinedMarker : value));
}

/** The cached parse when the entry was made from exactly these inputs; undefined (a miss) for anything else, a corrupt entry included. */
export function cachedParse(content: string, input: ParseInput): OkParse | undefined {
	let entry: unknown;
	try {
		entry = JSON.parse(content);
	} catch {
		return undefined;
	}

	if (!isRecord(entry) || entry['format'] !== format || entry['build'] !== input.build || entry['platform'] !== input.platform
		|| entry['file'] !== input.file || entry['isRoot'] !== input.context.isRoot || entry['home'] !== (input.context.paths.home ?? null)
		|| entry['textSha256'] !== sha256(input.text) || !isRecord(entry['env']) || !isRecord(entry['result'])) {
		return undefined;
	}

	const env = input.context.paths.env;
	if (!Object.entries(entry['env']).every(([name, value]) => (env[name] ?? null) === value)) {
		return undefined;
	}

	const result = restoreUndefined(entry['result']);
	if (!isRecord(result) || !isRecord(result['profile']) || !Array.isArray(result['profile']['tunnels']) || !Array.isArray(result['warnings'])) {
		return undefined;
	}

	return {kind: 'ok', profile: result['profile'] as unknown as OkParse['profile'], warnings: result['warnings'] as OkParse['warnings']};
}

/** Puts undefined back where the entry has the marker, keeping the key as the parse had it. */
function restoreUndefined(value: unknown): unknown {
	if (Array.isArray(value)) {
		for (const [index, item] of value.entries()) {
			value[index] = restoreUndefined(item);
		}

		return value;
	}

	if (!isRecord(value)) {
		return value;
	}

	if (value['tunnels:undefined'] === true && Object.keys(value).length === 1) {
		return undefined;
	}

	for (const [key, item] of Object.entries(value)) {
		value[key] = restoreUndefined(item);
	}

	return value;
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
