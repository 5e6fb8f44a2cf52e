// Real status shapes for UI tests, as observeTunnels derives them.
import type {Tunnel} from '../../src/profile/types.js';
import type {TunnelStatus} from '../../src/tunnel/status.js';
import type {Snapshot, TunnelView} from '../../src/ui/services.js';
import {forward, tunnel} from '../support/builders.js';

export const at = new Date('2026-11-24T12:00:00.000Z');

export function view(status: TunnelStatus, spec: Partial<Tunnel> = {}): TunnelView {
	const t = tunnel(spec);
	return {
		target: {tunnel: t, controlPath: `/run/t/${t.name}`, ssh: {sshBinary: 'ssh', sshConfigFile: undefined}},
		status,
		command: `ssh -f -N -o ControlPath=/run/t/${t.name} -L 9906:10.1.0.2:3306 -- root@10.1.0.2`,
		minimal: 'ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2',
		source: '',
	};
}

export const upStatus: TunnelStatus = {
	kind: 'up', pid: 4893, startedAt: new Date(at.getTime() - 125_000),
	forwards: [{kind: 'local', forward: forward(), bound: ['127.0.0.1', '::1']}],
};

export const views = {
	up: view(upStatus),
	down: view({kind: 'down'}, {name: 'pg-a', local: [forward({port: 15432, hostPort: 5432})]}),
	failed: view({kind: 'failed', at: at.toISOString(), failure: {kind: 'auth-failed', line: 'root@10.1.0.1: Permission denied (publickey).'}}, {name: 'nat', local: [], remote: [forward()]}),
	stale: view({kind: 'stale', reason: 'no-listener', pids: [777], forwards: [{kind: 'local', forward: forward({port: 9907}), bound: []}]}, {name: 'gone', local: [forward({port: 9907})]}),
	exposed: view({kind: 'down'}, {name: 'open', gateway: true}),
} as const;

export function loaded(tunnels: readonly TunnelView[]): Snapshot {
	return {kind: 'loaded', path: '/home/u/.config/tunnels/tunnels.yaml', tunnels, strays: [], warnings: [], at};
}
