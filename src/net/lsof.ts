// The portable listener backend: lsof's field output (`-F`, lsof(8) "OUTPUT FOR OTHER PROGRAMS"),
// the same on Linux, macOS and the BSDs. One lsof per look, bounded in time and output.
import {runBounded} from '../proc/run-bounded.js';
import {canonicalAddress} from '../tunnel/address.js';
import type {Listener, ListListenersOptions} from './listener-types.js';

/** One open file of one process, as lsof's field lines describe it. */
export type LsofFile = {
	readonly pid: number;
	readonly fd: string;
	/** `IPv4`, `IPv6`, `unix`, … */
	readonly type: string;
	/** the inode (Linux gives one for sockets; macOS often none) */
	readonly inode: number | undefined;
	/** `127.0.0.1:22`, `[::1]:22`, `*:22`, `a:1->b:2`; a Unix socket's path (Linux adds ` type=STREAM`) */
	readonly name: string;
	/** `TST=LISTEN`: lsof's TCP or Unix state, when it reports one (-T s) */
	readonly state: string | undefined;
};

/** The fields asked for: p pid, f fd (starts each file), t type, i inode, n name, T state. */
export const LSOF_FIELDS = ['-F', 'pftinT'] as const;

const LSOF_TIMEOUT_MS = 5000;
const LSOF_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Parses lsof's field output: a `p` line starts a process, an `f` line one of its files, the other
 * lines fill in that file. A line it does not know is an error naming it.
 */
export function parseLsofFields(text: string): LsofFile[] {
	const files: LsofFile[] = [];
	let pid: number | undefined;
	let current: {pid: number; fd: string; type: string; inode: number | undefined; name: string; state: string | undefined} | undefined;
	const flush = () => {
		if (current !== undefined) files.push(current);
		current = undefined;
	};

	for (const line of text.split('\n')) {
		if (line === '') continue;
		const [field, value] = [line[0], line.slice(1)];
		if (field === 'p') {
			flush();
			pid = Number(value);
			if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`unexpected line from lsof: ${JSON.stringify(line)}`);
		} else if (field === 'f') {
			flush();
			if (pid === undefined) throw new Error(`unexpected line from lsof (a file before its process): ${JSON.stringify(line)}`);
			current = {pid, fd: value, type: '', inode: undefined, name: '', state: undefined};
		} else if (current !== undefined && field === 't') {
			current.type = value;
		} else if (current !== undefined && field === 'i') {
			current.inode = /^\d+$/.test(value) ? Number(value) : undefined;
		} else if (current !== undefined && field === 'n') {
			current.name = value;
		} else if (current !== undefined && field === 'T') {
			// Several T lines (ST=, QR=, QS=): only the state is kept.
			if (value.startsWith('ST=')) current.state = value.slice(3);
		} else if (field !== 'c' && field !== 'T') {
			throw new Error(`unexpected line from lsof: ${JSON.stringify(line)}`);
		}
	}

	flush();
	return files;
}

/** `127.0.0.1:22`, `[::1]:22`, `*:22` (the wildcard of the file's family) as an address and port. */
export function parseLsofEnd(text: string, type: string): {readonly address: string; readonly port: number} | undefined {
	const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(text);
	if (match === null) return undefined;
	const raw = match[1] ?? match[2]!;
	const address = raw === '*' ? (type === 'IPv6' ? '::' : '0.0.0.0') : canonicalAddress(raw);
	const port = Number(match[3]);
	return address === undefined || port > 65_535 ? undefined : {address, port};
}

/**
 * The listening sockets among lsof's files: TCP in state LISTEN (the listing asked for no other),
 * Unix stream sockets bound to a path and listening. Linux's lsof says LISTEN for a Unix socket and
 * names the path on both ends of a connection; macOS's gives no Unix state and names the path only
 * on the bound socket (a connected one reads `->0x…`). The same socket held by several processes
 * is one listener with all of them. IPv4 first, then IPv6, then Unix, as /proc lists them.
 */
export function listenersFromLsof(files: readonly LsofFile[]): Listener[] {
	const byKey = new Map<string, Listener>();
	for (const file of files) {
		const listener = listenerOf(file);
		if (listener === undefined) continue;
		const key = listener.kind === 'tcp' ? `tcp ${listener.inode === 0 ? '' : listener.inode} ${listener.address} ${listener.port}` : `unix ${listener.inode === 0 ? '' : listener.inode} ${listener.path}`;
		const known = byKey.get(key);
		const pids = [...new Set([...(known?.pids ?? []), ...listener.pids])].sort((a, b) => a - b);
		byKey.set(key, {...listener, pids});
	}

	// In the order of the /proc backend (tcp, then tcp6, then unix), which the words of `up` and
	// `ls` follow (the first of a forward's listeners is named first).
	const rank = (listener: Listener) => (listener.kind === 'unix' ? 2 : listener.family === 4 ? 0 : 1);
	return [...byKey.values()].sort((a, b) => rank(a) - rank(b));
}

function listenerOf(file: LsofFile): Listener | undefined {
	if (file.type === 'IPv4' || file.type === 'IPv6') {
		if (file.state !== undefined && file.state !== 'LISTEN') return undefined;
		const end = parseLsofEnd(file.name, file.type);
		if (end === undefined) {
			throw new Error(`unexpected address from lsof: ${JSON.stringify(file.name)}`);
		}

		return {kind: 'tcp', ...end, family: file.type === 'IPv6' ? 6 : 4, inode: file.inode ?? 0, pids: [file.pid]};
	}

	if (file.type === 'unix') {
		const linux = /^(.*) type=(\w+)$/.exec(file.name);
		const path = linux === null ? file.name : linux[1]!;
		const stream = linux === null || linux[2] === 'STREAM';
		const listening = file.state === undefined ? !path.includes('->') : file.state === 'LISTEN';
		return stream && listening && path.startsWith('/') ? {kind: 'unix', path, inode: file.inode ?? 0, pids: [file.pid]} : undefined;
	}

	return undefined;
}

async function runLsof(selection: readonly string[]): Promise<LsofFile[]> {
	// -n -P: numbers, no lookups; -w: no warnings; -Ts: the TCP (and, on Linux, Unix) state.
	const run = await runBounded(['lsof', '-n', '-P', '-w', '-Ts', ...selection, ...LSOF_FIELDS], {timeoutMs: LSOF_TIMEOUT_MS, maxBytes: LSOF_MAX_BYTES});
	if (run.kind === 'failed') {
		throw new Error(`cannot list sockets with lsof: ${run.reason}`);
	}

	// lsof exits 1 when it found nothing to list, and when one of the processes it went through
	// vanished or could not be read meanwhile (-w keeps the warning quiet): what it printed stands.
	if (run.exitCode !== 0 && run.exitCode !== 1) {
		throw new Error(`lsof exited ${run.exitCode}: ${run.stderr.trim()}`);
	}

	return parseLsofFields(run.stdout);
}

/**
 * Listening TCP (v4, v6) and Unix sockets with their owner PIDs, from one lsof. lsof sees only the
 * processes we may look into: as a user, other users' sockets are not listed (/proc/net/tcp lists
 * them without owner). Owners outside `ownersAmong` are left out, as with /proc.
 */
export async function listListenersWithLsof(options: ListListenersOptions = {}): Promise<Listener[]> {
	const listeners = listenersFromLsof(await runLsof(['-iTCP', '-sTCP:LISTEN', '-U']));
	const among = options.ownersAmong === undefined ? undefined : new Set(options.ownersAmong);
	return among === undefined ? listeners : listeners.map(listener => ({...listener, pids: listener.pids.filter(pid => among.has(pid))}));
}

/** The far end of a process's first established TCP connection (its lowest descriptor: ssh connects before anything else). */
export async function serverPeerWithLsof(pid: number): Promise<{readonly address: string; readonly port: number} | undefined> {
	const files = await runLsof(['-a', '-p', String(pid), '-iTCP', '-sTCP:ESTABLISHED']);
	const first = files
		.filter(file => file.pid === pid && file.name.includes('->'))
		.sort((a, b) => Number.parseInt(a.fd, 10) - Number.parseInt(b.fd, 10))[0];
	const remote = first?.name.split('->')[1];
	return remote === undefined || first === undefined ? undefined : parseLsofEnd(remote, first.type);
}

/** Whether lsof can be run here (for doctor). */
export async function lsofAvailable(): Promise<boolean> {
	const run = await runBounded(['lsof', '-v'], {timeoutMs: LSOF_TIMEOUT_MS, maxBytes: 64 * 1024});
	return run.kind === 'exited';
}
