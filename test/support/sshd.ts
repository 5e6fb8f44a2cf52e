// A real, throwaway OpenSSH server on 127.0.0.1 (or on an address inside a network namespace the test
// made: netns.ts) for end-to-end tests, with a client config that never reads the user's ~/.ssh
// (ssh -F skips /etc/ssh/ssh_config too).
//
// Zombies: a session whose listener is gone (after stop()) is adopted by PID 1, and a dead process
// stays a zombie until PID 1 reaps it: never in some containers, after about 2 s on this CI's
// machine. process.kill(pid, 0) succeeds on a zombie, so isAlive() below counts a zombie as
// dead, and dispose() kills sessions while their listener is alive to reap them at once.
import {access, mkdir, mkdtemp, readFile, rm, writeFile, constants} from 'node:fs/promises';
import {tmpdir, userInfo} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {execa} from 'execa';
import {canConnect, freePort} from './echo-server.js';
import {isAlive, processTable, signal, until, type Proc} from './processes.js';

export type SshdOptions = {
	/** sshd GatewayPorts setting; default 'no' */
	readonly gatewayPorts?: 'no' | 'yes' | 'clientspecified';
	/** sshd AllowTcpForwarding; default 'yes' */
	readonly allowTcpForwarding?: 'yes' | 'no' | 'local' | 'remote';
	/**
	 * extra sshd_config lines. sshd keeps the first value it reads for a keyword, so these are
	 * written before the harness's own lines and win over them; from the first `Match` line on they
	 * go at the end, where a Match block must be.
	 */
	readonly extraConfig?: readonly string[];
	/**
	 * Runs sshd inside this network namespace (`ip netns exec NAME sshd …`, root only; see
	 * test/support/netns.ts). This process cannot connect there, so readiness is sshd's own
	 * "Server listening" line alone, which is enough in a namespace nothing else listens in.
	 */
	readonly netns?: string;
	/** sshd's ListenAddress, and where the client config's `testhost` points; default 127.0.0.1 */
	readonly listenAddress?: string;
	/** a fixed port (a namespace's own 22, say); default a free port of 127.0.0.1 */
	readonly port?: number;
};

export type TestSshd = {
	readonly dir: string; // temp dir holding keys, configs, known_hosts
	readonly address: string; // sshd listens on address:port (127.0.0.1 unless listenAddress)
	readonly port: number;
	readonly user: string; // os.userInfo().username
	readonly host: string; // client-config alias that reaches it: 'testhost'
	readonly sshConfigFile: string; // client config for `ssh -F`
	readonly identityFile: string; // client private key
	readonly knownHostsFile: string;
	/** the listening sshd's pid (the current one: restart() changes it) */
	readonly pid: number;
	/**
	 * PIDs of the per-connection sshd session processes currently alive (children of the listener,
	 * and their sshd children when privilege separation splits a session). Sessions that outlived a
	 * stop() are still listed. Connections still authenticating are listed too ("sshd: [accepted]"
	 * and its "[net]" child, which exits after authentication): wait for a tunnel to be up first.
	 */
	sessionPids(): Promise<number[]>;
	/** stop the listener (SIGTERM, wait until the port is closed, bounded); sessions may live on */
	stop(): Promise<void>;
	/** start the listener again on the same port with the same keys (for restart tests) */
	restart(): Promise<void>;
	/** stop everything: listener, all its sessions (SIGKILL any still alive, SIGCONT first if stopped), remove dir */
	dispose(): Promise<void>;
};

const HOST_ALIAS = 'testhost';
const START_TIMEOUT_MS = 5000;
const START_ATTEMPTS = 3;

type Listener = ReturnType<typeof spawnListener>;
type Session = {readonly pid: number; readonly ppid: number; readonly depth: number; readonly zombie: boolean};

export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
	const sshd = await findSshd();
	const user = userInfo().username;
	// mkdtemp gives 0700; keep the path short for any ControlPath a test puts in here.
	const dir = await mkdtemp(join(tmpdir(), 'tunnels-sshd-'));
	const f = files(dir);
	const place: Place = {address: options.listenAddress ?? '127.0.0.1', netns: options.netns};
	let listener: Listener | undefined;
	try {
		// sshd refuses to run as root without its privilege separation directory.
		if (process.getuid?.() === 0) await mkdir('/run/sshd', {recursive: true, mode: 0o755});
		const [, , version] = await Promise.all([
			keygen(f.hostKey, 'tunnels-test-host'),
			keygen(f.identity, 'tunnels-test-client'),
			sshdVersion(sshd),
		]);
		const hostPub = (await readFile(`${f.hostKey}.pub`, 'utf8')).trim();
		await writeFile(f.authorizedKeys, await readFile(`${f.identity}.pub`, 'utf8'));
		// 9.8 added PerSourcePenalties, on by default and not exempting loopback: a suite's failed
		// and probe connections would get 127.0.0.1 refused. Older sshd rejects the keyword.
		const penalties = version >= 9.8 ? ['PerSourcePenalties no'] : [];

		let port = 0;
		for (let attempt = 1; listener === undefined; attempt++) {
			port = options.port ?? await freePort();
			await writeFile(f.sshdConfig, serverConfig(f, place.address, port, options, penalties));
			const launched = await launch(sshd, f.sshdConfig, f.log, place, port);
			if (launched.kind === 'up') listener = launched.listener;
			else if (!launched.busy || attempt >= START_ATTEMPTS) throw new Error(launched.message);
		}
		// ssh looks a host on port 22 up by its bare name, on any other port as [host]:port.
		const names = place.address === '127.0.0.1' ? `[127.0.0.1]:${port},[localhost]:${port}` : port === 22 ? place.address : `[${place.address}]:${port}`;
		await writeFile(f.knownHosts, `${names} ${hostPub}\n`);
		await writeFile(f.sshConfig, clientConfig(f, place.address, port, user));
		return handle(sshd, f, place, port, user, listener);
	} catch (error) {
		if (listener) await stopListener(listener);
		await rm(dir, {recursive: true, force: true});
		throw error;
	}
}

type Files = ReturnType<typeof files>;

/** Where sshd listens: an address, in this network namespace or in a named one. */
type Place = {readonly address: string; readonly netns: string | undefined};

/** Whether address:port accepts a connection; from here only when sshd runs in our own namespace. */
async function accepts(place: Place, port: number, timeoutMs: number): Promise<boolean | 'unknown'> {
	return place.netns === undefined ? canConnect(place.address, port, timeoutMs) : 'unknown';
}

function files(dir: string) {
	return {
		dir,
		hostKey: join(dir, 'host_ed25519'),
		identity: join(dir, 'id_ed25519'),
		authorizedKeys: join(dir, 'authorized_keys'),
		knownHosts: join(dir, 'known_hosts'),
		sshdConfig: join(dir, 'sshd_config'),
		sshConfig: join(dir, 'ssh_config'),
		pidFile: join(dir, 'sshd.pid'),
		/** sshd's stderr (-e), sessions' included; read for the tail in start errors */
		log: join(dir, 'sshd.log'),
	} as const;
}

function handle(sshd: string, f: Files, place: Place, port: number, user: string, first: Listener): TestSshd {
	let listener: Listener | undefined = first;
	let listenerPid = first.pid ?? 0;
	// Session roots seen so far (pid -> start time), so that sessions orphaned by stop() are still found.
	const known = new Map<number, string>();

	/** Every process of every known session, zombies included (flagged), with its depth below the listener. */
	const sessions = async (): Promise<Session[]> => {
		const table = await processTable();
		const children = new Map<number, Proc[]>();
		for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
		if (listener && !exited(listener)) {
			for (const p of children.get(listenerPid) ?? []) if (isSshd(p)) known.set(p.pid, p.start);
		}
		const byPid = new Map(table.map(p => [p.pid, p]));
		const found: Session[] = [];
		const walk = (p: Proc, depth: number): void => {
			found.push({pid: p.pid, ppid: p.ppid, depth, zombie: p.state === 'Z' || p.state === 'X'});
			for (const child of children.get(p.pid) ?? []) if (isSshd(child)) walk(child, depth + 1);
		};
		for (const [pid, start] of known) {
			const p = byPid.get(pid);
			if (p?.start === start) walk(p, 0);
			else known.delete(pid);
		}
		return found;
	};

	const killSessions = async (): Promise<void> => {
		const found = await sessions();
		const reaper = listener && !exited(listener) ? listenerPid : undefined;
		// Resume all first: a stopped parent cannot reap. Then deepest first, each level waited for
		// until it is reaped (gone, not a zombie) before its parents die, so that no zombie is left
		// to PID 1. Sessions orphaned by stop() have no such parent: for them dead is enough.
		for (const {pid} of found) signal(pid, 'SIGCONT');
		for (let depth = Math.max(-1, ...found.map(s => s.depth)); depth >= 0; depth--) {
			const level = found.filter(s => s.depth === depth);
			for (const s of level) if (!s.zombie) signal(s.pid, 'SIGKILL');
			const done = (s: Session): boolean => (depth > 0 || s.ppid === reaper ? gone(s.pid) : !isAlive(s.pid));
			await until(() => level.every(done), 2000);
		}
	};

	const stop = async (): Promise<void> => {
		if (!listener) return;
		const current = listener;
		await sessions(); // remember the sessions it has, before they lose their parent
		listener = undefined;
		await stopListener(current);
		if (!(await until(async () => (await accepts(place, port, 200)) !== true, 2000))) {
			throw new Error(`sshd stopped but ${place.address}:${port} still accepts connections`);
		}
	};

	return {
		dir: f.dir,
		address: place.address,
		port,
		user,
		host: HOST_ALIAS,
		sshConfigFile: f.sshConfig,
		identityFile: f.identity,
		knownHostsFile: f.knownHosts,
		get pid() {
			return listenerPid;
		},
		sessionPids: async () => (await sessions()).filter(s => !s.zombie).map(s => s.pid),
		stop,
		async restart() {
			await stop();
			for (let attempt = 1; ; attempt++) {
				const launched = await launch(sshd, f.sshdConfig, f.log, place, port);
				if (launched.kind === 'up') {
					listener = launched.listener;
					listenerPid = launched.listener.pid ?? 0;
					return;
				}
				// The old socket may linger a moment; anything else holding the port is a real failure.
				if (!launched.busy || attempt >= START_ATTEMPTS) throw new Error(launched.message);
				await sleep(200);
			}
		},
		async dispose() {
			if (listener) signal(listenerPid, 'SIGCONT'); // a stopped listener cannot reap
			await killSessions();
			if (listener) await stopListener(listener);
			listener = undefined;
			await killSessions(); // any that connected meanwhile (orphans now: see the top)
			await rm(f.dir, {recursive: true, force: true});
		},
	};
}

type Launch = {kind: 'up'; listener: Listener} | {kind: 'failed'; busy: boolean; message: string};

/** Starts `sshd -D -e` and waits until it says it listens and the port accepts a connection. */
async function launch(sshd: string, config: string, log: string, place: Place, port: number): Promise<Launch> {
	const offset = await readFile(log).then(b => b.length, () => 0);
	const listener = spawnListener(sshd, config, log, place.netns);
	const newLog = async (): Promise<string> => (await readFile(log).catch(() => Buffer.alloc(0))).subarray(offset).toString('utf8');
	const failed = async (reason: string): Promise<Launch> => {
		const text = await newLog();
		const tail = text.split('\n').slice(-20).join('\n').trim();
		return {
			kind: 'failed',
			busy: /Address already in use|Cannot bind any address/.test(text),
			message: `test sshd on ${place.address}:${port}${place.netns === undefined ? '' : ` (netns ${place.netns})`} did not start: ${reason}\n--- sshd -D -e -f ${config} (log tail) ---\n${tail || '(empty)'}`,
		};
	};
	// The log line first: a connect alone could reach whatever else grabbed the port meanwhile.
	const ready = `Server listening on ${place.address} port ${port}.`;
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (exited(listener)) return failed(`sshd exited (code ${listener.exitCode}, signal ${listener.signalCode})`);
		if ((await newLog()).includes(ready) && (await accepts(place, port, 500)) !== false) {
			// That probe made a connection process ("sshd: [accepted]") that takes a moment to go:
			// let it, so that sessionPids() does not start with a stranger (bounded, not fatal).
			await until(async () => !(await processTable()).some(p => p.ppid === listener.pid), 3000);
			return {kind: 'up', listener};
		}
		await sleep(25);
	}
	await stopListener(listener);
	return failed(`not listening after ${START_TIMEOUT_MS} ms`);
}

function spawnListener(sshd: string, config: string, log: string, netns: string | undefined) {
	// stderr to a file, not a pipe: sessions inherit it, and a pipe would keep this process's event
	// loop (and execa's promise) alive as long as any session lives. reject: false: its exit is data.
	// `ip netns exec` execs sshd in place: the PID is sshd's.
	const [file, ...args] = netns === undefined ? [sshd] : ['ip', 'netns', 'exec', netns, sshd];
	return execa(file!, [...args, '-D', '-e', '-f', config], {
		stdin: 'ignore',
		stdout: 'ignore',
		stderr: {file: log, append: true},
		reject: false,
	});
}

/** SIGTERM (SIGKILL after 3 s), waiting for the exit; bounded. */
async function stopListener(listener: Listener): Promise<void> {
	if (exited(listener)) return;
	listener.kill('SIGTERM');
	if (listener.pid) signal(listener.pid, 'SIGCONT');
	if (await until(() => exited(listener), 3000)) return;
	listener.kill('SIGKILL');
	await until(() => exited(listener), 2000);
}

/** No such process, not even a zombie. */
function gone(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

function serverConfig(f: Files, address: string, port: number, options: SshdOptions, penalties: readonly string[]): string {
	const extra = options.extraConfig ?? [];
	const match = extra.findIndex(line => /^\s*match\s/i.test(line));
	const head = match === -1 ? extra : extra.slice(0, match);
	const tail = match === -1 ? [] : extra.slice(match);
	return [
		'# written by test/support/sshd.ts',
		...head,
		`Port ${port}`,
		`ListenAddress ${address}`,
		`HostKey ${quote(f.hostKey)}`,
		`AuthorizedKeysFile ${quote(f.authorizedKeys)}`,
		`PidFile ${quote(f.pidFile)}`,
		'UsePAM no',
		'StrictModes no',
		'PermitRootLogin prohibit-password',
		'PubkeyAuthentication yes',
		'PasswordAuthentication no',
		'KbdInteractiveAuthentication no',
		'LogLevel VERBOSE',
		`GatewayPorts ${options.gatewayPorts ?? 'no'}`,
		`AllowTcpForwarding ${options.allowTcpForwarding ?? 'yes'}`,
		'ClientAliveInterval 0',
		'PrintMotd no',
		'PrintLastLog no',
		...penalties,
		...tail,
		'',
	].join('\n');
}

function clientConfig(f: Files, address: string, port: number, user: string): string {
	const common = [
		`IdentityFile ${quote(f.identity)}`,
		'IdentitiesOnly yes',
		`UserKnownHostsFile ${quote(f.knownHosts)}`,
		'StrictHostKeyChecking yes',
		'BatchMode yes',
	];
	// ssh takes the first value per keyword: the alias block first, then defaults for any
	// destination (127.0.0.1, localhost) so those reach the test server too.
	return [
		'# written by test/support/sshd.ts; use with ssh -F',
		`Host ${HOST_ALIAS}`,
		`\tHostName ${address}`,
		`\tPort ${port}`,
		`\tUser ${user}`,
		...common.map(line => `\t${line}`),
		'',
		'Host *',
		`\tPort ${port}`,
		`\tUser ${user}`,
		...common.map(line => `\t${line}`),
		'',
	].join('\n');
}

/** Both config parsers split arguments like a shell would (argv_split), so quote every path. */
function quote(path: string): string {
	return `"${path}"`;
}

async function findSshd(): Promise<string> {
	// sshd re-executes itself per connection and insists on an absolute path.
	const dirs = [...(process.env['PATH'] ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/sbin'];
	for (const dir of dirs) {
		const candidate = join(dir, 'sshd');
		if (!candidate.startsWith('/')) continue;
		try {
			await access(candidate, constants.X_OK);
			return candidate;
		} catch {}
	}
	throw new Error('sshd not found (looked in PATH and /usr/sbin): install openssh-server (.ci/run does)');
}

async function sshdVersion(sshd: string): Promise<number> {
	// `sshd -V` prints the version (older ones print it with their usage); either way exit status is noise.
	const {all} = await execa(sshd, ['-V'], {all: true, reject: false, stdin: 'ignore', timeout: 5000});
	const found = /OpenSSH_(\d+)\.(\d+)/.exec(String(all ?? ''));
	return found ? Number(`${found[1]}.${found[2]}`) : 0;
}

async function keygen(file: string, comment: string): Promise<void> {
	await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], {stdin: 'ignore', timeout: 10_000});
}

function exited(listener: Listener): boolean {
	return listener.exitCode !== null || listener.signalCode !== null;
}

function isSshd(p: Proc): boolean {
	// comm stays the executable name despite setproctitle: `sshd`, or `sshd-session`/`sshd-auth` (9.8+).
	return p.name.startsWith('sshd');
}
