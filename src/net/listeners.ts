import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {endianness} from 'node:os';
import {observeBackend} from '../proc/backend.js';
import {breather} from '../proc/breather.js';
import {formatIpv4, formatIpv6} from '../tunnel/address.js';
import type {Listener, ListeningSocket, ListeningUnixSocket, ListListenersOptions} from './listener-types.js';
import {listListenersWithLsof, serverPeerWithLsof} from './lsof.js';
import {readListenSection} from './proc-net-read.js';

export type {Listener, ListeningSocket, ListeningUnixSocket, ListListenersOptions, TcpListener, UnixListener} from './listener-types.js';

// include/net/tcp_states.h: TCP_LISTEN = 10
const LISTEN_STATE = '0A';

/** One row of /proc/net/tcp{,6}: both ends, the TCP state (hex, e.g. 0A listen, 01 established) and the inode. */
type TcpRow = {
	readonly local: {readonly address: string; readonly port: number};
	readonly remote: {readonly address: string; readonly port: number};
	readonly state: string;
	readonly inode: number;
};

/**
 * Parses the text of /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6) and keeps the listening
 * sockets (state 0A). The kernel prints each address as the in-memory 32-bit words in hex, so on a
 * little-endian host every word's bytes are reversed; ports are already in host order.
 */
export function parseProcNetTcp(text: string, family: 4 | 6, byteOrder: 'LE' | 'BE' = 'LE'): ListeningSocket[] {
	return parseRows(text, family, byteOrder, LISTEN_STATE)
		.filter(row => row.state === LISTEN_STATE)
		.map(row => ({kind: 'tcp', address: row.local.address, port: row.local.port, family, inode: row.inode}));
}

// include/uapi/linux/net.h: __SO_ACCEPTCON marks a listening socket; SOCK_STREAM is 1.
const SO_ACCEPTCON = 0x1_0000;
const SOCK_STREAM = 1;

/**
 * Parses /proc/net/unix (`Num RefCount Protocol Flags Type St Inode Path`, net/unix/af_unix.c
 * unix_seq_show) and keeps the listening stream sockets bound to a path. The path is the rest of the
 * line: it may hold spaces. Abstract names (`@…`) and unnamed sockets have no file and are left out.
 */
export function parseProcNetUnix(text: string): ListeningUnixSocket[] {
	const sockets: ListeningUnixSocket[] = [];
	for (const line of text.split('\n').slice(1)) {
		const match = /^\s*[\da-fA-F]+:\s+[\da-fA-F]+\s+[\da-fA-F]+\s+([\da-fA-F]+)\s+([\da-fA-F]+)\s+[\da-fA-F]+\s+(\d+)(?: (.*))?$/.exec(line);
		if (match === null) {
			if (line.trim() === '') continue;
			throw new Error(`unexpected line in /proc/net/unix: ${JSON.stringify(line)}`);
		}
		const [, flags = '0', type = '0', inode = '0', path] = match;
		if ((Number.parseInt(flags, 16) & SO_ACCEPTCON) !== 0 && Number.parseInt(type, 16) === SOCK_STREAM && path?.startsWith('/') === true) {
			sockets.push({kind: 'unix', path, inode: Number(inode)});
		}
	}
	return sockets;
}

/** `sl: local remote st `, the start of every row (net/ipv4/tcp_ipv4.c get_tcp4_sock), with the state. */
const ROW_START = /^\s*\d+: [\dA-Fa-f]+:[\dA-Fa-f]+ [\dA-Fa-f]+:[\dA-Fa-f]+ ([\dA-Fa-f]{2}) /;

/**
 * The rows of /proc/net/tcp{,6}, or only those in `onlyState`: a busy host has thousands of
 * connections and a few listeners, so the other rows are dropped on their state alone, before they
 * are split and their addresses parsed.
 */
function parseRows(text: string, family: 4 | 6, byteOrder: 'LE' | 'BE', onlyState?: string): TcpRow[] {
	const rows: TcpRow[] = [];
	const addresses: AddressCache = new Map();
	const file = `/proc/net/tcp${family === 6 ? '6' : ''}`;
	// The first line is the column header.
	for (const line of text.split('\n').slice(1)) {
		if (line.trim() === '') continue;
		const start = ROW_START.exec(line);
		if (start === null) {
			throw new Error(`unexpected line in ${file}: ${JSON.stringify(line)}`);
		}
		if (onlyState !== undefined && start[1]?.toUpperCase() !== onlyState) continue;
		const fields = line.trim().split(/\s+/);
		if (fields.length === 1 && fields[0] === '') continue;
		const [local, remote, state, inode] = [fields[1], fields[2], fields[3], fields[9]];
		if (local === undefined || remote === undefined || state === undefined || inode === undefined || !/^\d+$/.test(inode)) {
			throw new Error(`unexpected line in ${file}: ${JSON.stringify(line)}`);
		}
		const localEnd = parseEnd(local, family, byteOrder, addresses);
		const remoteEnd = parseEnd(remote, family, byteOrder, addresses);
		if (localEnd === undefined || remoteEnd === undefined) {
			throw new Error(`unexpected address in ${file}: ${JSON.stringify(line)}`);
		}
		rows.push({local: localEnd, remote: remoteEnd, state, inode: Number(inode)});
	}
	return rows;
}

/** The addresses of one table by their hex: most rows share a few (127.0.0.1, ::1, 0.0.0.0), each is spelled once. */
type AddressCache = Map<string, string | undefined>;

function parseEnd(text: string, family: 4 | 6, byteOrder: 'LE' | 'BE', addresses: AddressCache): {address: string; port: number} | undefined {
	const [hexAddress, hexPort] = text.split(':');
	if (hexAddress === undefined || hexPort === undefined || !/^[0-9A-Fa-f]{4}$/.test(hexPort)) return undefined;
	if (!addresses.has(hexAddress)) {
		const words = hexWords(hexAddress, family, byteOrder);
		addresses.set(hexAddress, words === undefined ? undefined : family === 4 ? ipv4Of(words[0] ?? 0) : formatIpv6(words.flatMap(word => [word >>> 16, word & 0xffff])));
	}

	const address = addresses.get(hexAddress);
	return address === undefined ? undefined : {address, port: Number.parseInt(hexPort, 16)};
}

/** Splits 8 (IPv4) or 32 (IPv6) hex digits into 32-bit words in network order. */
function hexWords(hex: string, family: 4 | 6, byteOrder: 'LE' | 'BE'): number[] | undefined {
	if (hex.length !== (family === 4 ? 8 : 32) || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
	const words: number[] = [];
	for (let index = 0; index < hex.length; index += 8) {
		const word = Number.parseInt(hex.slice(index, index + 8), 16);
		words.push(byteOrder === 'LE' ? swap32(word) : word);
	}
	return words;
}

function swap32(word: number): number {
	return (((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24)) >>> 0;
}

/** A 32-bit word in network order as a dotted quad. */
function ipv4Of(word: number): string {
	return formatIpv4([word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff]);
}

/**
 * Listening TCP sockets from /proc/net/tcp and /proc/net/tcp6 (state 0A), and listening Unix sockets
 * bound to a path from /proc/net/unix, with the PIDs that hold them.
 * Owners are found by scanning /proc/PID/fd for `socket:[inode]` links: only among `ownersAmong` when
 * given (cheap), else among all processes. With the portable backend (no /proc, or
 * TUNNELS_OBSERVE=portable): one lsof instead (lsof.ts).
 */
export async function listListeners(options: ListListenersOptions = {}): Promise<Listener[]> {
	if (observeBackend().kind === 'portable') {
		return listListenersWithLsof(options);
	}

	const byteOrder = endianness();
	const [tcp4, tcp6, unix] = [readListenSection('/proc/net/tcp'), readListenSection('/proc/net/tcp6'), readProcNet('/proc/net/unix')];
	const sockets: Array<ListeningSocket | ListeningUnixSocket> = [...parseProcNetTcp(tcp4, 4, byteOrder), ...parseProcNetTcp(tcp6, 6, byteOrder), ...parseProcNetUnix(unix)];
	const pids = options.ownersAmong ?? allPids();
	const owners = await findOwners(new Set(sockets.map(socket => socket.inode)), pids);
	return sockets.map(socket => ({...socket, pids: owners.get(socket.inode) ?? []}));
}

// include/net/tcp_states.h: TCP_ESTABLISHED = 1
const ESTABLISHED_STATE = '01';

/**
 * The far end of an ssh client's connection to its server: the established TCP socket of `pid`
 * created first (smallest inode: the kernel numbers socket inodes as it creates them, and ssh
 * connects before it accepts or opens anything for a forward). Undefined when none is visible.
 */
export async function serverPeerOf(pid: number): Promise<{readonly address: string; readonly port: number} | undefined> {
	if (observeBackend().kind === 'portable') {
		return serverPeerWithLsof(pid);
	}

	const byteOrder = endianness();
	const [tcp4, tcp6] = [readProcNet('/proc/net/tcp'), readProcNet('/proc/net/tcp6')];
	const established = [...parseRows(tcp4, 4, byteOrder, ESTABLISHED_STATE), ...parseRows(tcp6, 6, byteOrder, ESTABLISHED_STATE)];
	const owned = await findOwners(new Set(established.map(row => row.inode)), [pid]);
	const first = established.filter(row => owned.has(row.inode)).sort((a, b) => a.inode - b.inode)[0];
	return first?.remote;
}

function readProcNet(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch (error) {
		// tcp6 is absent when the kernel has no IPv6 (ipv6.disable=1).
		if (errorCode(error) === 'ENOENT') return '';
		throw error;
	}
}

function allPids(): number[] {
	const entries = readdirSync('/proc');
	return entries.filter(entry => /^\d+$/.test(entry)).map(Number);
}

/** Maps each wanted socket inode to the sorted PIDs among `pids` that have it open. */
async function findOwners(inodes: ReadonlySet<number>, pids: readonly number[]): Promise<Map<number, number[]>> {
	const owners = new Map<number, number[]>();
	if (inodes.size === 0) return owners;
	const breathe = breather();
	for (const pid of new Set(pids)) {
		if (!Number.isSafeInteger(pid) || pid <= 0) continue;
		const pause = breathe();
		if (pause !== undefined) await pause;
		for (const inode of socketInodesOf(pid)) {
			if (!inodes.has(inode)) continue;
			const list = owners.get(inode) ?? [];
			if (!list.includes(pid)) list.push(pid);
			owners.set(inode, list);
		}
	}
	for (const list of owners.values()) list.sort((a, b) => a - b);
	return owners;
}

// Another user's process (EACCES), a process or fd that went away between readdir and readlink
// (ENOENT, ESRCH): races with the process table are normal, so such entries are skipped silently.
const SKIPPABLE = new Set(['EACCES', 'EPERM', 'ENOENT', 'ESRCH', 'ENOTDIR']);

// Synchronous, as in proc/procfs.ts: /proc answers from memory, and a callback per link cost more
// than the readlink itself.
function socketInodesOf(pid: number): number[] {
	const directory = `/proc/${pid}/fd`;
	let fds: string[];
	try {
		fds = readdirSync(directory);
	} catch (error) {
		if (SKIPPABLE.has(errorCode(error))) return [];
		throw error;
	}
	const links = fds.map(fd => {
		try {
			return readlinkSync(`${directory}/${fd}`);
		} catch (error) {
			if (SKIPPABLE.has(errorCode(error))) return '';
			throw error;
		}
	});
	const inodes: number[] = [];
	for (const link of links) {
		const match = /^socket:\[(\d+)\]$/.exec(link);
		if (match?.[1] !== undefined) inodes.push(Number(match[1]));
	}
	return inodes;
}

function errorCode(error: unknown): string {
	return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
}
