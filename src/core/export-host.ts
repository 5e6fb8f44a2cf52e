import {resolveHost, type ResolvedHost} from '../export/host-settings.js';
import {blockKeywords, sshConfigHost} from '../export/ssh-config.js';
import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {effectiveConfigArgv, parseEffectiveConfig} from '../ssh-config/effective.js';
import {timeouts} from './timeouts.js';
import type {Deps} from './deps.js';

export type HostLookup =
	| {readonly kind: 'resolved'; readonly host: ResolvedHost}
	/** `ssh -G` did not answer: ssh's own words */
	| {readonly kind: 'unresolved'; readonly exitCode: number; readonly stderr: string};

/**
 * How ssh reaches a tunnel's host through the config it reads (`-F` or ~/.ssh/config), for an
 * exported Host block: `ssh -G` for the host, and for a name only the config's catch-all blocks
 * match (the block's own name under `.invalid`, RFC 6761: no Host line names it, and an old
 * exported block of the same name does not count). Both at once; only ssh's config parser runs.
 */
export async function resolveExportHost(deps: Pick<Deps, 'querySsh'>, tunnel: Tunnel, ssh: SshSettings): Promise<HostLookup> {
	const ask = async (host: string) => deps.querySsh(effectiveConfigArgv({...tunnel, host}, ssh), timeouts.controlCommandMs);
	const [forHost, forOther] = await Promise.all([ask(tunnel.host), ask(`${sshConfigHost(tunnel)}.invalid`)]);
	for (const run of [forHost, forOther]) {
		if (run.exitCode !== 0 || run.timedOut) {
			return {kind: 'unresolved', exitCode: run.exitCode, stderr: run.stderr};
		}
	}

	return {kind: 'resolved', host: resolveHost(parseEffectiveConfig(forHost.stdout), parseEffectiveConfig(forOther.stdout), blockKeywords(tunnel))};
}
