// Internal values, built by hand, that the --json golden tests feed to the mappers: every kind of
// every union the commands print, with optional fields both present and absent. Each literal's
// keys are in the order the code builds them (core/, watch/): the order the old spreads printed.
import type {DownResult} from '../../../src/core/down.js';
import type {KillOutcome} from '../../../src/core/kill.js';
import type {StrayTunnel} from '../../../src/core/observe.js';
import type {PruneItem, PruneOutcome} from '../../../src/core/prune.js';
import type {UpResult} from '../../../src/core/up.js';
import type {ProcessInfo} from '../../../src/proc/types.js';
import type {ProfileIssue} from '../../../src/profile/issue.js';
import type {Forward, TcpListen, TunnelSource} from '../../../src/profile/types.js';
import type {SshFailure} from '../../../src/ssh/failure.js';
import type {BoundForward, TunnelStatus} from '../../../src/tunnel/status.js';
import type {WatchEvent} from '../../../src/watch/events.js';

export const at = new Date('2026-11-24T22:40:01.456Z');
export const later = new Date('2026-11-24T22:40:09.456Z');

export const plainForward: Forward = {listen: {kind: 'tcp', bind: undefined, port: 9906}, target: {kind: 'tcp', host: '10.1.0.2', port: 3306}};
export const boundForward: Forward = {listen: {kind: 'tcp', bind: '127.0.0.1', port: 8080}, target: {kind: 'tcp', host: 'web', port: 80}};
export const remoteForward: Forward & {readonly listen: TcpListen} = {listen: {kind: 'tcp', bind: '*', port: 2222}, target: {kind: 'tcp', host: 'localhost', port: 22}};

export const forwards: readonly BoundForward[] = [
	{kind: 'local', forward: plainForward, bound: ['127.0.0.1', '::1']},
	{kind: 'local', forward: boundForward, bound: []},
	{kind: 'remote', forward: remoteForward, bound: []},
];

/** One of each kind of ssh failure, in the order of its type. */
export const sshFailures: readonly SshFailure[] = [
	{kind: 'port-in-use', address: '127.0.0.1', port: 9906, line: 'bind [127.0.0.1]:9906: Address already in use'},
	{kind: 'remote-forward-refused', port: 2222, line: 'Error: remote port forwarding failed for listen port 2222'},
	{kind: 'forwarding-prohibited', line: 'channel 2: open failed: administratively prohibited: open failed'},
	{kind: 'connection-refused', line: 'ssh: connect to host 10.1.0.2 port 22: Connection refused'},
	{kind: 'connect-timeout', line: 'ssh: connect to host 10.1.0.2 port 22: Connection timed out'},
	{kind: 'unreachable', line: 'ssh: connect to host 10.1.0.2 port 22: No route to host'},
	{kind: 'name-not-resolved', host: 'nowhere', line: 'ssh: Could not resolve hostname nowhere: Name or service not known'},
	{kind: 'auth-failed', line: 'root@10.1.0.2: Permission denied (publickey).'},
	{kind: 'host-key-unknown', line: 'Host key verification failed.'},
	{kind: 'host-key-changed', line: 'Host key verification failed.'},
	{kind: 'control-path-too-long', line: 'unix_listener: path "/run/user/1000/tunnels/x" too long for Unix domain socket'},
	{kind: 'timeout', seconds: 15},
	{kind: 'other', exitCode: 255, line: 'ssh exited with status 255 and said nothing'},
	{kind: 'socket-in-use', path: '/tmp/docker.sock', line: 'unix_listener: cannot bind to path /tmp/docker.sock: Address already in use'},
	{kind: 'socket-bind-failed', path: '/tmp/x/docker.sock', reason: 'No such file or directory', line: 'unix_listener: cannot bind to path /tmp/x/docker.sock: No such file or directory'},
	{kind: 'remote-socket-refused', path: '/run/app.sock', line: 'Error: remote port forwarding failed for listen path /run/app.sock'},
	// Added after the golden outputs were first taken: last, so that the others keep their places.
	{kind: 'jump-failed', said: 'connect failed: Connection refused', line: 'channel 0: open failed: connect failed: Connection refused'},
];

/** One of each tunnel status, `up` with and without a start time. */
export const statuses: readonly TunnelStatus[] = [
	{kind: 'down'},
	{kind: 'starting', pid: 4242},
	{kind: 'up', pid: 4242, startedAt: at, forwards},
	{kind: 'up', pid: 4243, startedAt: undefined, forwards: []},
	{kind: 'failed', at: '2026-11-24T22:39:58.001Z', failure: {kind: 'auth-failed', line: 'root@10.1.0.2: Permission denied (publickey).'}},
	{kind: 'stale', reason: 'no-listener', pids: [4242], forwards},
	{kind: 'stale', reason: 'socket-refused', pids: [], forwards: []},
	{kind: 'stale', reason: 'no-control-socket', pids: [4242], forwards: []},
	{kind: 'stale', reason: 'master-unresponsive', pids: [4242], forwards: []},
	{kind: 'stale', reason: 'unverified-master', pids: [4242, 4243], forwards: []},
	{kind: 'stale', reason: 'duplicate', pids: [4242, 4243], forwards},
];

export const upResults: ReadonlyArray<{readonly name: string; readonly result: UpResult}> = [
	{
		name: 'mysql-b',
		result: {
			kind: 'started', pid: 4242, forwards, elapsedMs: 412.730_125, remoteBindings: [
				{forward: remoteForward, binding: {kind: 'beyond-loopback', address: '10.1.0.2'}},
				{forward: remoteForward, binding: {kind: 'loopback-only', address: 'fe80::2'}},
				{forward: remoteForward, binding: {kind: 'unknown', why: {kind: 'peer-not-visible'}}},
			],
		},
	},
	{name: 'plain', result: {kind: 'started', pid: 4250, forwards: [], elapsedMs: 87, remoteBindings: []}},
	{name: 'web', result: {kind: 'already-up', pid: 4243, forwards}},
	{
		name: 'taken',
		result: {
			kind: 'port-taken', taken: [
				{forward: {kind: 'local', forward: plainForward}, address: '127.0.0.1', holder: {kind: 'tunnel', name: 'other', pid: 77}},
				{forward: {kind: 'local', forward: plainForward}, address: '::1', holder: {kind: 'process', pid: 78, command: 'nc -l 9906'}},
				{forward: {kind: 'local', forward: boundForward}, address: '0.0.0.0', holder: {kind: 'unknown'}},
			],
		},
	},
	// Each kind of ssh failure and of status is in shared.test.ts: a few here.
	...[sshFailures[0]!, sshFailures[6]!, sshFailures[11]!, sshFailures[12]!].map(failure => ({name: `failed-${failure.kind}`, result: {kind: 'failed', failure, stderr: 'line one\nline two\n'} as const})),
	{name: 'stale', result: {kind: 'stale', status: {kind: 'stale', reason: 'duplicate', pids: [4242, 4243], forwards}}},
	...statuses.slice(0, 6).map((status, index) => ({name: `unverified-${index}`, result: {kind: 'unverified', status} as const})),
	{name: 'busy', result: {kind: 'busy', pid: 4299}},
];

/** Every kind of kill outcome, each way of stopping and each reason. */
export const killOutcomes: readonly KillOutcome[] = [
	{kind: 'stopped', by: 'ssh -O exit'},
	{kind: 'stopped', by: 'SIGTERM'},
	{kind: 'stopped', by: 'SIGKILL'},
	{kind: 'stopped', by: 'already gone'},
	{kind: 'refused', reason: 'not-found'},
	{kind: 'refused', reason: 'zombie'},
	{kind: 'refused', reason: 'identity-changed'},
	{kind: 'refused', reason: 'other-user'},
	{kind: 'refused', reason: 'not-ssh'},
	{kind: 'refused', reason: 'not-a-tunnel'},
	{kind: 'failed', reason: 'not-permitted'},
	{kind: 'failed', reason: 'survived'},
];

export const downResults: ReadonlyArray<{readonly name: string; readonly result: DownResult}> = [
	{name: 'mysql-b', result: {kind: 'stopped', stopped: killOutcomes.map((outcome, index) => ({pid: 4242 + index, outcome})), socketRemoved: true}},
	{name: 'web', result: {kind: 'stopped', stopped: [{pid: 4300, outcome: {kind: 'stopped', by: 'ssh -O exit'}}], socketRemoved: false}},
	{name: 'idle', result: {kind: 'not-running', socketRemoved: false}},
	{name: 'dead-socket', result: {kind: 'not-running', socketRemoved: true}},
];

export const killResults: ReadonlyArray<{readonly target: string; readonly pid: number | undefined; readonly outcome: KillOutcome | {readonly kind: 'not-running'}}> = [
	...killOutcomes.map((outcome, index) => ({target: index % 2 === 0 ? 'mysql-b' : String(5000 + index), pid: 5000 + index, outcome})),
	{target: 'idle', pid: undefined, outcome: {kind: 'not-running'}},
];

/** Every kind of watch event, and every kind of watch failure in one of them. */
export const watchEvents: readonly WatchEvent[] = [
	{kind: 'watching', at, name: 'mysql-b', policy: 'always'},
	{kind: 'watching', at, name: 'web', policy: 'on-failure'},
	{kind: 'adopted', at, name: 'mysql-b', pid: 123},
	{kind: 'started', at, name: 'mysql-b', pid: 123, attempt: 1},
	{kind: 'restarted', at, name: 'mysql-b', pid: 124, attempt: 2, after: {kind: 'process-gone', pid: 123}},
	{kind: 'lost', at, name: 'mysql-b', failure: {kind: 'unresponsive', pid: 124, silentMs: 20_000}},
	{kind: 'lost', at, name: 'mysql-b', failure: {kind: 'stale', reason: 'master-unresponsive'}},
	...sshFailures.map((failure, index): WatchEvent => ({kind: 'start-failed', at, name: 'from-nat', attempt: index + 1, failure: {kind: 'ssh-failed', failure}, nextAt: later})),
	{
		kind: 'start-failed', at, name: 'mysql-b', attempt: 2, failure: {
			kind: 'port-taken', taken: [{port: 9906, address: '127.0.0.1', holder: {kind: 'process', pid: 77, command: 'nc'}}, {port: 9906, address: '::1', holder: {kind: 'tunnel', name: 'other', pid: 78}}],
		}, nextAt: later,
	},
	{kind: 'start-failed', at, name: 'mysql-b', attempt: 3, failure: {kind: 'unverified', found: {kind: 'stale', reason: 'no-listener'}}, nextAt: later},
	{kind: 'start-failed', at, name: 'mysql-b', attempt: 4, failure: {kind: 'busy', pid: 4299}, nextAt: later},
	{kind: 'start-failed', at, name: 'docker', attempt: 1, failure: {kind: 'port-taken', taken: [{path: '/tmp/docker.sock', holder: {kind: 'process', pid: 77, command: 'socat'}}]}, nextAt: later},
	{
		kind: 'start-failed', at, name: 'docker', attempt: 2, failure: {kind: 'socket-file', refusals: [
			{forward: {kind: 'local', forward: {listen: {kind: 'unix', path: '/tmp/x/docker.sock'}, target: {kind: 'unix', path: '/var/run/docker.sock'}}}, path: '/tmp/x/docker.sock', problem: {kind: 'parent', state: 'missing'}},
			{forward: {kind: 'dynamic', forward: {listen: {kind: 'unix', path: '/tmp/socks'}}}, path: '/tmp/socks', problem: {kind: 'in-the-way', entry: 'file'}},
		]}, nextAt: later,
	},
	{kind: 'stopped', at, name: 'mysql-b', stop: {at: '2026-11-24T22:39:00.000Z', by: 'down'}},
	{kind: 'stopped', at, name: 'web', stop: {at: '2026-11-24T22:39:30.500Z', by: 'kill'}},
	{kind: 'idle', at, name: 'web'},
	{kind: 'elsewhere', at, name: 'web', pid: 8123},
	{kind: 'woke', at, sleptMs: 3_600_000},
	{kind: 'network', at, ready: true, waitedMs: 1250},
	{kind: 'network', at, ready: false, waitedMs: 30_000},
	{kind: 'taken-down', at, name: 'mysql-b', stopped: [124], failed: []},
	{kind: 'taken-down', at, name: 'web', stopped: [], failed: [125, 126]},
	{kind: 'reloaded', at, added: ['new'], removed: ['gone'], released: ['never'], changed: ['mysql-b']},
	{kind: 'profile-refused', at, file: '/home/u/.config/tunnels/tunnels.yaml', message: '1 error in /home/u/.config/tunnels/tunnels.yaml; nothing was run', detail: '/home/u/.config/tunnels/tunnels.yaml:3: unknown key `hots`'},
	{kind: 'profile-refused', at, file: '/p.yaml', message: 'cannot read /p.yaml: permission denied', detail: undefined},
	{kind: 'unwatched', at, name: 'gone', why: 'removed', stopped: [127]},
	{kind: 'unwatched', at, name: 'never', why: 'not-kept', stopped: []},
];

const profileSource: TunnelSource = {kind: 'profile'};
const configSource: TunnelSource = {kind: 'ssh-config', file: '/home/ana/.ssh/config', line: 12, route: 'ana@bastion:22'};

/** What `ls` observed: one tunnel per status, one of the ssh config. */
export const lsTunnels: ReadonlyArray<{readonly target: {readonly tunnel: {readonly name: string; readonly source: TunnelSource}; readonly controlPath: string}; readonly status: TunnelStatus}> = [
	...statuses.map((status, index) => ({
		target: {tunnel: {name: `t${index}`, source: profileSource}, controlPath: `/run/user/1000/tunnels/t${index}.sock`},
		status,
	})),
	{target: {tunnel: {name: 'ssh:fwd', source: configSource}, controlPath: '/run/user/1000/tunnels/ssh_fwd.sock'}, status: {kind: 'down'}},
];

const processInfo = (pid: number, startedAt: Date | undefined, argv: readonly string[]): ProcessInfo => ({
	pid, ppid: 1, uid: 1000, name: 'ssh', argv, startTicks: '123456', startedAt, state: 'sleeping', program: 'as-named',
});

export const lsStrays: readonly StrayTunnel[] = [
	{
		origin: 'orphan',
		process: processInfo(6001, at, ['ssh', '-f', '-N', '-M', '-S', '/run/user/1000/tunnels/gone.sock', '-L', '9906:10.1.0.2:3306', '--', 'root@10.1.0.2']),
		view: {forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], controlPath: '/run/user/1000/tunnels/gone.sock', master: true, controlClient: false, destination: 'root@10.1.0.2'},
		listeners: [{kind: 'tcp', address: '127.0.0.1', port: 9906, family: 4, inode: 1111, pids: [6001]}, {kind: 'tcp', address: '::1', port: 9906, family: 6, inode: 1112, pids: [6001]}],
	},
	{
		origin: 'foreign',
		process: processInfo(6002, undefined, ['ssh', '-N', '-R', '2222:localhost:22', '-D', '1080']),
		view: {forwards: [{flag: 'R', spec: '2222:localhost:22'}, {flag: 'D', spec: '1080'}], controlPath: undefined, master: false, controlClient: false, destination: undefined},
		listeners: [],
	},
];

export const lsWarnings: readonly ProfileIssue[] = [
	{severity: 'warning', file: '/home/ana/.config/tunnels/tunnels.yaml', line: 7, tunnel: 'db', field: 'local[0]', message: 'listens on every address', hint: 'bind 127.0.0.1 unless others must reach it'},
	{severity: 'warning', file: '/home/ana/.config/tunnels/tunnels.yaml', line: undefined, tunnel: undefined, field: undefined, message: 'unknown key `tunels`', hint: undefined},
];

export const lsConfigWarnings: readonly string[] = ['/home/ana/.ssh/config:30: Host wild* is not listed: a pattern'];

const killed = (pid: number, startedAt: Date | undefined) => processInfo(pid, startedAt, ['ssh', '-f', '-N', '-L', '9906:10.1.0.2:3306', '--', 'root@10.1.0.2']);

/** Every action, every kind of subject, every reason. */
export const prunePlan: readonly PruneItem[] = [
	{action: 'kill', process: killed(7001, at), subject: {kind: 'profile', name: 'mysql-b'}, forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], why: 'no-listener', taken: [{listen: {kind: 'tcp', bind: undefined, port: 9906}, holder: {kind: 'process', pid: 77, command: 'nc'}}]},
	{action: 'kill', process: killed(7002, undefined), subject: {kind: 'profile', name: 'mysql-b'}, forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], why: 'socket-refused'},
	{action: 'remove-socket', path: '/run/user/1000/tunnels/mysql-b.sock', subject: {kind: 'profile', name: 'mysql-b'}, why: 'socket-refused'},
	{action: 'kill', process: killed(7003, at), subject: {kind: 'profile', name: 'web'}, forwards: [], why: 'no-control-socket'},
	{action: 'kill', process: killed(7004, at), subject: {kind: 'profile', name: 'web'}, forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}, {flag: 'R', spec: '2222:localhost:22'}], why: 'master-unresponsive'},
	{action: 'kill', process: killed(7005, at), subject: {kind: 'profile', name: 'web'}, forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], why: 'duplicate'},
	{action: 'kill', process: killed(7006, at), subject: {kind: 'orphan'}, forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], why: 'orphan'},
	{action: 'kill', process: killed(7007, at), subject: {kind: 'foreign'}, forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], why: 'unresponsive'},
	{action: 'remove-socket', path: '/run/user/1000/tunnels/gone.sock', subject: {kind: 'orphan'}, why: 'socket-refused'},
	{action: 'skip', process: killed(7008, at), subject: {kind: 'foreign'}, forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], why: 'no-listener', because: 'foreign'},
	{action: 'skip', process: killed(7009, at), subject: {kind: 'profile', name: 'db'}, forwards: [], why: 'unverified-master', because: 'socket-not-ours'},
];

export const pruneOutcomes: readonly PruneOutcome[] = [
	{item: prunePlan[0]!, result: {kind: 'stopped', by: 'SIGTERM'}},
	{item: prunePlan[1]!, result: {kind: 'refused', reason: 'identity-changed'}},
	{item: prunePlan[2]!, result: {kind: 'removed'}},
	{item: prunePlan[3]!, result: {kind: 'failed', reason: 'survived'}},
	{item: prunePlan[8]!, result: {kind: 'kept'}},
];
