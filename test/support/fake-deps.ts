// Fake effects for the use cases' table tests: a small in-memory world (processes, listeners,
// control sockets, hint records, locks) that the use cases read and change through Deps, and a
// record of what they did (ssh argv run, processes signalled, sockets removed). The real effects are
// proven against a real sshd in test/e2e and test/proc, test/net, test/mux.
import type {Deps} from '../../src/core/deps.js';
import type {MasterCheck} from '../../src/mux/client.js';
import type {ServerProbe} from '../../src/mux/server-probe.js';
import type {ForwardOutcome, ForwardRequest} from '../../src/mux/forwards.js';
import type {Listener} from '../../src/net/listeners.js';
import type {SocketFileState} from '../../src/net/socket-file.js';
import type {SocksProbe} from '../../src/net/socks.js';
import type {ProcessInfo} from '../../src/proc/types.js';
import type {ChannelProbe, SshRun} from '../../src/proc/ssh.js';
import type {TerminateOutcome} from '../../src/proc/signal.js';
import {forwardsOf, parseDynamicForward, parseForward} from '../../src/profile/forward.js';
import type {Listen, TunnelForward} from '../../src/profile/types.js';
import {buildSshArgv} from '../../src/ssh/argv.js';
import {tunnelLogPath} from '../../src/logs/paths.js';
import {viewSshProcess} from '../../src/ssh/process-view.js';
import type {BindAddresses, BindLookup} from '../../src/tunnel/bind.js';
import type {CarrierRecord, FailureRecord, StopRecord} from '../../src/tunnel/status.js';
import {expectedAddresses} from '../../src/tunnel/status.js';
import type {TunnelTarget} from '../../src/tunnel/target.js';
import {tunnel as tunnelOf} from './builders.js';

export const fakeUid = 1000;
/** The PID of the process running the use cases: the holder of the locks it takes. */
export const fakeSelfPid = 4999;
export const fakeRuntime = '/run/user/1000/tunnels/p';

/** What the fake system holds; tests set it up and read it after. */
export type FakeWorld = {
	processes: ProcessInfo[];
	listeners: Listener[];
	/** what a mux alive check on each socket path answers; `missing` when absent */
	masters: Map<string, MasterCheck>;
	/** socket files of the runtime directory */
	sockets: Set<string>;
	failures: Map<string, FailureRecord>;
	carriers: Map<string, CarrierRecord>;
	stops: Map<string, StopRecord>;
	/** what a server probe through each socket answers; `answered` when absent */
	probes: Map<string, ServerProbe>;
	/** what is at a socket path and its directory; `ok` and `absent` when not set */
	socketFiles: Map<string, SocketFileState>;
	/** what a SOCKS handshake through each proxy (`host:port` or path) gives; `connected` when absent */
	socks: Map<string, SocksProbe>;
	/** start locks held by another process: tunnel name -> holder PID */
	heldLocks: Map<string, number>;
	/** who owns a socket file outside the runtime directory's; a socket of `sockets` is ours */
	socketOwners: Map<string, number>;
	/** what each bind name resolves to; a name absent here does not resolve (ENOTFOUND) */
	binds: Map<string, BindLookup>;
	/** every bind name looked up, in order */
	lookedUp: string[];
	/** what `ssh -f -N …` does: by default it starts a master that binds every -L forward */
	onStart: (argv: readonly string[], world: FakeWorld) => SshRun | Promise<SshRun>;
	/** what a verified SIGTERM/SIGKILL does: by default the process is gone after SIGTERM */
	onTerminate: (seen: ProcessInfo, world: FakeWorld) => TerminateOutcome;
	/** each tunnel's log file: the tool's records and what `onStart` writes as ssh's -E */
	logs: Map<string, string>;
	/** the monotonic clock, moved on by sleep() */
	clockMs: number;
	nextPid: number;
};

/** What the use cases did to the world. */
export type FakeRecord = {
	/** every argv given to runSsh, in order */
	readonly ssh: string[][];
	/** PIDs given to terminate, in order */
	readonly terminated: number[];
	readonly removedSockets: string[];
	/** the control socket of each connection made for forward requests, in order */
	readonly forwardConnections: string[];
};

export type Fake = {readonly deps: Deps; readonly world: FakeWorld; readonly record: FakeRecord};

/** A full Deps over an in-memory world; every effect a use case may call is there. */
export function fakeDeps(setup: Partial<FakeWorld> = {}): Fake {
	const world: FakeWorld = {
		processes: [], listeners: [], masters: new Map(), sockets: new Set(), failures: new Map(), carriers: new Map(), stops: new Map(),
		probes: new Map(), socketFiles: new Map(), socks: new Map(), heldLocks: new Map(), socketOwners: new Map(), binds: new Map(), lookedUp: [], logs: new Map(), onStart: startMaster, onTerminate: goneAfterSigterm, clockMs: 0, nextPid: 5000,
		...setup,
	};
	const record: FakeRecord = {ssh: [], terminated: [], removedSockets: [], forwardConnections: []};
	const find = (pid: number) => world.processes.find(process => process.pid === pid);
	// A live master binds or drops the forward's listener here, as mux.c does; remote ones are the server's.
	const forwardRequest = async (socketPath: string, request: ForwardRequest, entry: TunnelForward): Promise<ForwardOutcome> => {
		const master = world.masters.get(socketPath);
		if (master?.kind !== 'alive') return {kind: 'unreachable', detail: `cannot connect to ${socketPath}: ECONNREFUSED`};
		if (entry.kind === 'remote') return {kind: 'ok'};
		const wanted = listenersFor(entry.forward.listen, false, master.pid, world.binds);
		const same = (listener: Listener) => wanted.some(other => JSON.stringify({...other, pids: []}) === JSON.stringify({...listener, pids: []}));
		if (request === 'close') {
			// ssh's mux answers a close of a forward it does not hold with a failure (captured: fixtures/mux).
			if (!world.listeners.some(listener => same(listener) && listener.pids.includes(master.pid))) return {kind: 'failure', reason: 'port not forwarded'};
			world.listeners = world.listeners.filter(listener => !(same(listener) && listener.pids.includes(master.pid)));
			return {kind: 'ok'};
		}
		if (world.listeners.some(listener => same(listener) && !listener.pids.includes(master.pid))) return {kind: 'failure', reason: 'Port forwarding failed'};
		world.listeners.push(...wanted);
		return {kind: 'ok'};
	};
	const deps: Deps = {
		uid: fakeUid,
		now: () => new Date(Date.UTC(2026, 10, 29, 12, 0, 0) + world.clockMs),
		listSshProcesses: async () => world.processes.filter(process => process.name === 'ssh'),
		readProcess: async pid => find(pid),
		observer: async () => ({kind: 'chosen', backend: {kind: 'proc', chosenBy: 'platform', platform: 'linux'}, lsof: true}),
		listListeners: async options => world.listeners.map(listener => (options?.ownersAmong === undefined || listener.pids.some(pid => options.ownersAmong!.includes(pid)) ? listener : {...listener, pids: []})),
		async lookupBind(name) {
			world.lookedUp.push(name);
			return world.binds.get(name) ?? {kind: 'unresolved', code: 'ENOTFOUND'};
		},
		serverPeerOf: async () => undefined,
		checkMaster: async socketPath => world.masters.get(socketPath) ?? {kind: 'missing'},
		async runSsh(argv) {
			record.ssh.push([...argv]);
			const exit = controlCommand(argv);
			if (exit !== undefined) {
				const master = world.masters.get(exit);
				if (master?.kind === 'alive') {
					removeProcess(world, master.pid);
				}

				return {exitCode: 0, stdout: '', stderr: '', timedOut: false};
			}

			return world.onStart(argv, world);
		},
		probeChannel: async (): Promise<ChannelProbe> => ({kind: 'open'}),
		probeServer: async socketPath => world.probes.get(socketPath) ?? {kind: 'answered'},
		requestForwards: async (socketPath, _timeoutMs, use) => {
			record.forwardConnections.push(socketPath);
			return use(async (request, entry) => forwardRequest(socketPath, request, entry));
		},
		querySsh: async () => ({exitCode: 0, stdout: '', stderr: '', timedOut: false}),
		readSshConfig: async () => ({kind: 'none'}),
		fileAccess: async () => 'readable',
		onMasterExit: () => () => undefined,
		async terminate(seen) {
			record.terminated.push(seen.pid);
			return world.onTerminate(seen, world);
		},
		waitGone: async seen => find(seen.pid) === undefined,
		monotonic: () => world.clockMs,
		async sleep(ms) {
			world.clockMs += ms;
		},
		canConnect: async () => ({kind: 'refused'}),
		// The kernel's rule: the same port on the same address, or a wildcard of the same family either side.
		probeBind: async (address, port) => (world.listeners.some(listener => listener.kind === 'tcp' && listener.port === port
			&& (listener.address === address || ((listener.family === 6) === address.includes(':') && [address, listener.address].some(end => end === '0.0.0.0' || end === '::'))))
			? 'taken'
			: 'free'),
		canConnectSocket: async () => ({kind: 'refused'}),
		socksProbe: async proxy => world.socks.get('path' in proxy ? proxy.path : `${proxy.host}:${proxy.port}`) ?? {kind: 'connected'},
		socketOwner: async path => world.socketOwners.get(path) ?? (world.sockets.has(path) ? fakeUid : undefined),
		inspectSocketFile: async path => world.socketFiles.get(path) ?? {parent: 'ok', entry: 'absent'},
		runtime: {
			directory: fakeRuntime,
			ensureDirectory: async () => undefined,
			checkDirectory: async () => undefined,
			async removeSocket(socketPath) {
				record.removedSockets.push(socketPath);
				world.masters.delete(socketPath);
				return world.sockets.delete(socketPath);
			},
			listSockets: async () => [...world.sockets],
			// Unknown, so every control socket is asked, as the world's masters say.
			listEntries: async () => undefined,
			recordsPresent: async () => {
				const present = {failure: new Set(world.failures.keys()), carrier: new Set(world.carriers.keys()), 'start-lock': new Set(world.heldLocks.keys())};
				// watchKeeper reads none: a watch lock may as well be there.
				return (kind, name) => kind === 'watch-lock' || present[kind].has(name);
			},
			readFailure: async name => world.failures.get(name),
			async writeFailure(name, failure) {
				world.failures.set(name, failure);
			},
			async clearFailure(name) {
				world.failures.delete(name);
			},
			readCarrier: async name => world.carriers.get(name),
			async writeCarrier(name, record) {
				world.carriers.set(name, record);
			},
			async clearCarrier(name) {
				world.carriers.delete(name);
			},
			readStopped: async name => world.stops.get(name),
			async writeStopped(name, stop) {
				world.stops.set(name, stop);
			},
			async clearStopped(name) {
				world.stops.delete(name);
			},
			startHolder: async name => world.heldLocks.get(name),
			async tryLock(name) {
				// Held by this (fake) process until released: a second `up` or a `down` meanwhile sees it held.
				const holder = world.heldLocks.get(name);
				if (holder !== undefined) {
					return {kind: 'held', pid: holder};
				}

				world.heldLocks.set(name, fakeSelfPid);
				return {kind: 'acquired', release: async () => {
					world.heldLocks.delete(name);
				}};
			},
			tryWatchLock: async () => ({kind: 'acquired', release: async () => undefined}),
			watchKeeper: async () => undefined,
			async beginLog(name, line) {
				const text = `${world.logs.get(name) ?? ''}${line}`;
				world.logs.set(name, text);
				return Buffer.byteLength(text);
			},
			readLogSince: async (name, offset) => Buffer.from(world.logs.get(name) ?? '').subarray(offset).toString(),
			async appendLog(name, line) {
				world.logs.set(name, `${world.logs.get(name) ?? ''}${line}`);
			},
			boundLog: async () => undefined,
		},
	};
	return {deps, world, record};
}

/** A profile tunnel (scenario 1's by default) with its control socket in the fake runtime directory. */
export function fakeTarget(spec: Parameters<typeof tunnelOf>[0] = {}): TunnelTarget {
	const tunnel = tunnelOf(spec);
	return {tunnel, controlPath: `${fakeRuntime}/${tunnel.name}`, ssh: {sshBinary: 'ssh', sshConfigFile: undefined}};
}

/** An ssh process of ours, started as the tool starts the target's master. */
export function masterProcess(target: TunnelTarget, pid: number, more: Partial<ProcessInfo> = {}): ProcessInfo {
	return sshProcess(managedArgv(target), pid, more);
}

/** The argv `up --batch` runs for a target in the fake runtime directory. */
export function managedArgv(target: TunnelTarget): string[] {
	return buildSshArgv(target.tunnel, {kind: 'managed', context: {...target.ssh, controlPath: target.controlPath, logFile: tunnelLogPath(fakeRuntime, target.tunnel.name), batch: true}});
}

export function sshProcess(argv: readonly string[], pid: number, more: Partial<ProcessInfo> = {}): ProcessInfo {
	return {pid, ppid: 1, uid: fakeUid, name: 'ssh', argv, startTicks: `${pid}00`, startedAt: new Date(Date.UTC(2026, 10, 29, 11, 0, 0)), state: 'sleeping', program: 'as-named', ...more};
}

/** A listening TCP socket held by these PIDs. */
export function listener(address: string, port: number, pids: readonly number[]): Listener {
	return {kind: 'tcp', address, port, family: address.includes(':') ? 6 : 4, inode: port * 10 + pids.length, pids};
}

/** A listening Unix socket bound to a path, held by these PIDs. */
export function unixListener(path: string, pids: readonly number[]): Listener {
	return {kind: 'unix', path, inode: 900_000 + path.length * 10 + pids.length, pids};
}

/** The listeners a master holds for one listen side: every address it may bind, or its socket path. */
export function listenersFor(listen: Listen, gateway: boolean, pid: number, binds: BindAddresses = new Map()): Listener[] {
	return listen.kind === 'tcp'
		? expectedAddresses(listen, gateway, binds).map(address => listener(address, listen.port, [pid]))
		: [unixListener(listen.path, [pid])];
}

/** A target's master running and healthy: process, answering socket, every local listener bound. */
export function runningTunnel(world: FakeWorld, target: TunnelTarget, pid: number): ProcessInfo {
	const process = masterProcess(target, pid);
	world.processes.push(process);
	world.masters.set(target.controlPath, {kind: 'alive', pid});
	world.sockets.add(target.controlPath);
	for (const entry of forwardsOf(target.tunnel)) {
		if (entry.kind !== 'remote') {
			world.listeners.push(...listenersFor(entry.forward.listen, target.tunnel.gateway, pid, world.binds));
		}
	}

	return process;
}

/** The default `ssh -f`: a master answers on its ControlPath and binds each -L and -D forward. */
export function startMaster(argv: readonly string[], world: FakeWorld): SshRun {
	const view = viewSshProcess(argv);
	const pid = world.nextPid++;
	world.processes.push(sshProcess(argv, pid));
	if (view?.controlPath !== undefined) {
		world.masters.set(view.controlPath, {kind: 'alive', pid});
		world.sockets.add(view.controlPath);
	}

	for (const forward of view?.forwards ?? []) {
		const parsed = forward.flag === 'L' ? parseForward(forward.spec) : forward.flag === 'D' ? parseDynamicForward(forward.spec) : undefined;
		if (parsed?.kind === 'ok') {
			world.listeners.push(...listenersFor(parsed.forward.listen, argv.includes('-g'), pid, world.binds));
		}
	}

	return {exitCode: 0, stdout: '', stderr: '', timedOut: false};
}

/** An `ssh -f` that fails as ssh does, printing this to stderr. */
export function failingStart(stderr: string, exitCode = 255): FakeWorld['onStart'] {
	return () => ({exitCode, stdout: '', stderr, timedOut: false});
}

/** An `ssh -E LOG -f` that fails as ssh does: its reason in its log (measured: nothing on stderr). */
export function failingStartWithLog(said: string, exitCode = 255): FakeWorld['onStart'] {
	return (argv, world) => {
		const name = argv[argv.indexOf('-E') + 1]!.split('/').at(-1)!.replace(/\.log$/, '');
		world.logs.set(name, `${world.logs.get(name) ?? ''}${said}`);
		return {exitCode, stdout: '', stderr: '', timedOut: false};
	};
}

function goneAfterSigterm(seen: ProcessInfo, world: FakeWorld): TerminateOutcome {
	const now = world.processes.find(process => process.pid === seen.pid);
	if (now === undefined) {
		return {kind: 'gone', by: 'already'};
	}

	removeProcess(world, seen.pid);
	return {kind: 'gone', by: 'SIGTERM'};
}

/** A process ends: its listeners close, its control socket refuses (the file stays, as after a kill). */
export function removeProcess(world: FakeWorld, pid: number): void {
	world.processes = world.processes.filter(process => process.pid !== pid);
	world.listeners = world.listeners.filter(listener => !listener.pids.includes(pid));
	for (const [socketPath, master] of world.masters) {
		if (master.kind === 'alive' && master.pid === pid) {
			world.masters.set(socketPath, {kind: 'refused'});
		}
	}
}

/** The socket of `ssh … -S SOCK -O exit …` (or -o ControlPath=SOCK), else undefined. */
function controlCommand(argv: readonly string[]): string | undefined {
	const index = argv.indexOf('-O');
	if (index === -1 || argv[index + 1] !== 'exit') {
		return undefined;
	}

	const socket = argv.indexOf('-S');
	if (socket !== -1) {
		return argv[socket + 1];
	}

	return argv.find(arg => arg.startsWith('ControlPath='))?.slice('ControlPath='.length);
}

/** The deps with every read of who listens counted. */
export function countingListenerReads(deps: Deps): {deps: Deps; reads: () => number} {
	let reads = 0;
	return {deps: {...deps, listListeners: async options => {
		reads++;
		return deps.listListeners(options);
	}}, reads: () => reads};
}
