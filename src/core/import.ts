import type {TunnelSpec} from '../import/from-ssh-command.js';
import {sameCommandAs} from '../import/duplicate.js';
import {configDestination, configImport} from '../import/from-ssh-config.js';
import {addEntry} from '../import/new-entry.js';
import {pastedCommandSpec} from '../import/pasted-command.js';
import type {ImportRefusal} from '../import/refusal.js';
import {anchorPath} from '../profile/paths.js';
import type {Tunnel} from '../profile/types.js';
import {buildSshArgv} from '../ssh/argv.js';
import {quoteCommand} from '../ssh/quote.js';
import {effectiveConfigArgv, parseEffectiveConfig, type EffectiveConfig} from '../ssh-config/effective.js';
import {configTunnelPrefix, isConfigTunnelAlias} from '../ssh-config/tunnel.js';
import {timeouts} from './timeouts.js';
import type {Deps} from './deps.js';
import type {ProfileChange, ProfileFile, ProfileFileDeps} from './profile-file.js';


export type ImportOptions = {
	/** the tunnel's name; by default the host and first port, or the Host, numbered past the file's names. Given, a command the file already has is added again under it */
	readonly name?: string;
	/** show the entry and the command without writing the file */
	readonly dryRun?: boolean;
};

export type ImportResult =
	| {
		readonly kind: 'imported';
		readonly name: string;
		/** the profile file */
		readonly file: string;
		/** false on a dry run */
		readonly written: boolean;
		/** the entry as written into the file */
		readonly entry: TunnelSpec;
		/** the entry's ssh command as a person would type it */
		readonly minimal: string;
		/** settings of the source the entry does not keep (`ServerAliveInterval 7`) */
		readonly notCarried: readonly string[];
	}
	| {readonly kind: 'refused'; readonly refusal: ImportRefusal};

type Refused = Extract<ImportResult, {kind: 'refused'}>;

/** `ssh -G`'s answer for a destination, or why there is none. */
type Resolved = {readonly kind: 'ok'; readonly config: EffectiveConfig} | Refused;

/** `ssh -G` only: a short ssh that prints its resolved config. */
export type ConfigImportDeps = ProfileFileDeps & Pick<Deps, 'querySsh'>;

/** `tunnels import -- ssh -f -N -L …`: a pasted ssh command becomes an entry of the profile file. */
export async function importFromCommand(deps: ProfileFileDeps, words: readonly string[], options: ImportOptions & {readonly allowCommands?: boolean}): Promise<ImportResult> {
	const pasted = pastedCommandSpec(words, {allowCommands: options.allowCommands ?? false});
	if (pasted.kind === 'refused') {
		return pasted;
	}

	// The pasted command ran here: a relative key file means this directory's, not the profile's.
	const {identityFile} = pasted.spec;
	const spec = identityFile === undefined ? pasted.spec : {...pasted.spec, identityFile: anchorPath(identityFile, deps.cwd)};
	return addImported(deps, await deps.readProfile(), spec, {...options, baseName: pasted.baseName, notCarried: []});
}

/**
 * `tunnels import --from-ssh-config HOST`: copies a tunnel of the ssh config into the profile file,
 * connecting to where HOST resolves (see configImport). The ssh config is only read.
 */
export async function importFromSshConfig(deps: ConfigImportDeps, host: string, options: ImportOptions): Promise<ImportResult> {
	const alias = host.startsWith(configTunnelPrefix) ? host.slice(configTunnelPrefix.length) : host;
	if (!isConfigTunnelAlias(alias)) {
		return refused({kind: 'not-a-host', host});
	}

	const profile = await deps.readProfile();
	const resolve = async (destination: Pick<Tunnel, 'host' | 'user' | 'port'>): Promise<Resolved> => {
		const result = await deps.querySsh(effectiveConfigArgv(destination, profile.ssh), timeouts.controlCommandMs);
		return result.exitCode === 0
			? {kind: 'ok', config: parseEffectiveConfig(result.stdout)}
			: refused({kind: 'ssh-config-failed', host: destination.host, exitCode: result.exitCode, stderr: result.stderr, sshConfigFile: profile.ssh.sshConfigFile});
	};

	const aliasConfig = await resolve({host: alias, user: undefined, port: undefined});
	if (aliasConfig.kind === 'refused') {
		return aliasConfig;
	}

	const entryConfig = await resolve(configDestination(alias, aliasConfig.config));
	if (entryConfig.kind === 'refused') {
		return entryConfig;
	}

	const imported = configImport(alias, aliasConfig.config, entryConfig.config);
	if (imported.kind === 'error') {
		return refused({kind: 'unrepresentable', message: imported.message, hint: imported.hint});
	}

	return addImported(deps, profile, imported.spec, {...options, baseName: alias, notCarried: imported.notCarried});
}

/**
 * Adds the entry to the file's text, validated like a hand-written file, and writes it unless a dry
 * run. Written under the file's lock to the file as it is then: a concurrent import's entry is kept,
 * and the name is numbered past it.
 */
async function addImported(deps: ProfileFileDeps, profile: ProfileFile, spec: TunnelSpec, options: ImportOptions & {readonly baseName: string; readonly notCarried: readonly string[]}): Promise<ImportResult> {
	if (options.dryRun ?? false) {
		return entryFor(deps, profile, spec, options, false).result;
	}

	return deps.updateProfile(current => entryFor(deps, current, spec, options, true));
}

function entryFor(deps: ProfileFileDeps, profile: ProfileFile, spec: TunnelSpec, options: ImportOptions & {readonly baseName: string; readonly notCarried: readonly string[]}, written: boolean): ProfileChange<ImportResult> {
	const existing = profile.text.kind === 'found' ? profile.text.text : undefined;
	const added = addEntry(profile.path, existing, spec, {name: options.name, baseName: options.baseName, isRoot: deps.uid === 0, paths: profile.paths});
	if (added.kind === 'refused') {
		return {kind: 'keep', result: added};
	}

	// The same command twice would be two tunnels fighting over one port; --name asks for the copy.
	const twin = options.name === undefined ? sameCommandAs(added.tunnel, profile.profile.tunnels) : undefined;
	if (twin !== undefined) {
		return {kind: 'keep', result: refused({kind: 'already-there', name: twin.name, file: profile.path})};
	}

	const result: ImportResult = {
		kind: 'imported',
		name: added.name,
		file: profile.path,
		written,
		entry: spec,
		minimal: quoteCommand(buildSshArgv(added.tunnel, {kind: 'minimal', sshConfigFile: undefined})),
		notCarried: options.notCarried,
	};
	return written ? {kind: 'write', text: added.text, result} : {kind: 'keep', result};
}

function refused(refusal: ImportRefusal): Refused {
	return {kind: 'refused', refusal};
}
