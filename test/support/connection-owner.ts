// Who holds the far end of a TCP connection a test server accepted: read from /proc/net/tcp and
// /proc/PID/fd directly (never src/net), so that a test can prove a connection came through a
// tunnel (an sshd session or an ssh master) and not straight from the client. IPv4 loopback.
import {readFileSync, readdirSync, readlinkSync} from 'node:fs';

/**
 * PIDs among `candidates` holding the TCP socket whose local end is `clientPort` and remote end
 * `serverPort` on 127.0.0.1: the client side of a connection to a test server on that port.
 */
export function connectionOwners(clientPort: number, serverPort: number, candidates: readonly number[]): number[] {
	const inode = socketInode(clientPort, serverPort);
	if (inode === undefined) return [];
	return candidates.filter(pid => {
		try {
			return readdirSync(`/proc/${pid}/fd`).some(fd => {
				try {
					return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
				} catch {
					return false;
				}
			});
		} catch {
			return false;
		}
	});
}

function socketInode(clientPort: number, serverPort: number): string | undefined {
	const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
	// 0100007F is 127.0.0.1 as a little-endian word.
	const local = `0100007F:${hex(clientPort)}`;
	const remote = `0100007F:${hex(serverPort)}`;
	for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
		const fields = line.trim().split(/\s+/);
		if (fields[1] === local && fields[2] === remote) return fields[9];
	}

	return undefined;
}
