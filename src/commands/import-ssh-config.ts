import {timeouts} from '../core/deps.js';
import {systemDeps} from '../core/system.js';
import {UserError} from '../errors.js';
import type {Tunnel} from '../profile/types.js';
import {configDestination, configImport} from '../import/from-ssh-config.js';
import {configTunnelPrefix, isConfigTunnelAlias} from '../ssh-config/tunnel.js';
import {effectiveConfigArgv, parseEffectiveConfig, type EffectiveConfig} from '../ssh-config/effective.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';
import {addImported, type ImportOptions} from './import.js';

/**
 * `tunnels import --from-ssh-config HOST`: copies a tunnel of the ssh config into the profile file,
 * connecting to where HOST resolves (see configImport). The ssh config is only read.
 */
export async function importFromSshConfig(io: Io, globals: GlobalOptions, host: string, options: ImportOptions): Promise<void> {
	const alias = host.startsWith(configTunnelPrefix) ? host.slice(configTunnelPrefix.length) : host;
	if (!isConfigTunnelAlias(alias)) {
		throw new UserError(`cannot import: \`${host}\` is not a host name`, 'name a Host of your ssh config; tunnels ls lists those with forwards');
	}

	const loaded = await loadProfile(io, globals);
	const {querySsh} = systemDeps(loaded, io.uid);
	const effective = async (destination: Pick<Tunnel, 'host' | 'user' | 'port'>): Promise<EffectiveConfig> => {
		const result = await querySsh(effectiveConfigArgv(destination, loaded.ssh), timeouts.controlCommandMs);
		if (result.exitCode !== 0) {
			throw new UserError(`cannot import: ssh -G ${destination.host} failed: ${result.stderr.trim() || `exit status ${result.exitCode}`}`, `fix the ssh config file it names (${loaded.ssh.sshConfigFile ?? '~/.ssh/config'})`);
		}

		return parseEffectiveConfig(result.stdout);
	};

	const aliasConfig = await effective({host: alias, user: undefined, port: undefined});
	const imported = configImport(alias, aliasConfig, await effective(configDestination(alias, aliasConfig)));
	if (imported.kind === 'error') {
		throw new UserError(`cannot import: ${imported.message}`, imported.hint);
	}

	await addImported(io, loaded, imported.spec, {...options, baseName: alias, notCarried: imported.notCarried});
}
