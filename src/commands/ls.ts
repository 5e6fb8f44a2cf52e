import {formatIssue} from '../profile/issue.js';
import {describeForwards, describeRoute} from '../tunnel/describe.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';
import {renderTable} from './table.js';

export type LsOptions = {
	readonly json?: boolean;
};

export async function lsCommand(io: Io, globals: GlobalOptions, options: LsOptions): Promise<void> {
	const loaded = await loadProfile(io, globals);
	if (options.json) {
		io.stdout(`${JSON.stringify({file: loaded.path, tunnels: loaded.profile.tunnels, warnings: loaded.warnings}, undefined, 2)}\n`);
		return;
	}

	for (const warning of loaded.warnings) {
		io.stderr(`${formatIssue(warning)}\n`);
	}

	if (loaded.text.kind === 'missing') {
		io.stdout(`No profile file yet at ${loaded.path}.\nStart with the example: tunnels init\nor add a tunnel from an ssh command: tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2\n`);
		return;
	}

	if (loaded.profile.tunnels.length === 0) {
		io.stdout(`No tunnels in ${loaded.path}.\n`);
		return;
	}

	const rows = loaded.profile.tunnels.flatMap(tunnel => describeForwards(tunnel).map((forward, index) => (index === 0
		? [tunnel.name, forward, describeRoute(tunnel), tunnel.description ?? '']
		: ['', forward, '', ''])));
	io.stdout(`${renderTable([['NAME', 'FORWARD', 'VIA', 'DESCRIPTION'], ...rows])}\n`);
}
