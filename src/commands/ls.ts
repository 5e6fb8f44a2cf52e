import {readKeepers} from '../core/keepers.js';
import {observeTunnels} from '../core/observe.js';
import {checkedDeps} from './effects.js';
import {formatIssue} from '../profile/issue.js';
import {lsJson} from '../present/json/ls.js';
import {lsText} from '../present/ls.js';
import {sshConfigWarnings} from '../present/ssh-config.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';
import {allTargetsOf, findTargets} from './targets.js';

export type LsOptions = {
	readonly json?: boolean;
	/** only these tunnels (names, `@TAG`); none: every tunnel, and the ssh tunnels outside them */
	readonly names?: readonly string[];
	/** full width on a terminal too */
	readonly wide?: boolean;
};

/**
 * Every tunnel (the profile's, then the ssh config's) with its observed state, then the ssh tunnels
 * that run outside of them. The ssh config's tunnels cost one `ssh -G` per Host name a forward line
 * can reach, nothing without such a line; their route is shown as ssh -G resolved it. A profile
 * tunnel's host is shown as written: resolving it would cost one `ssh -G` per tunnel (`check` and
 * `doctor` do).
 */
export async function lsCommand(io: Io, globals: GlobalOptions, options: LsOptions): Promise<void> {
	const loaded = await loadProfile(io, globals);
	const deps = await checkedDeps(loaded, io.uid);
	const all = await allTargetsOf(loaded, deps);
	const names = options.names ?? [];
	const targets = names.length === 0 ? all.targets : (await findTargets(loaded, names, async () => all)).selected;
	const [observed, keepers] = await Promise.all([observeTunnels(deps, targets), readKeepers(deps, targets)]);
	// Asked for some tunnels, a person did not ask for the processes outside them.
	const observation = names.length === 0 ? observed : {...observed, strays: []};
	const tunnels = observation.tunnels.map((each, index) => ({...each, keeper: keepers[index]}));
	const now = deps.now();
	if (options.json) {
		io.stdout(`${JSON.stringify(lsJson({file: loaded.path, tunnels, strays: observation.strays, warnings: loaded.warnings, sshConfigWarnings: sshConfigWarnings(all)}), undefined, 2)}\n`);
		return;
	}

	for (const warning of loaded.warnings) {
		io.stderr(`${formatIssue(warning)}\n`);
	}

	for (const warning of sshConfigWarnings(all)) {
		io.stderr(`warning: ${warning}\n`);
	}

	io.stdout(lsText({path: loaded.path, missing: loaded.text.kind === 'missing', tunnels, strays: observation.strays, now, home: io.home, width: options.wide ? undefined : io.columns}));
}
