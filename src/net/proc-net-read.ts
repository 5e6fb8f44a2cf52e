// Reading /proc/net/tcp{,6} only as far as its listening sockets go.
import {closeSync, openSync, readSync} from 'node:fs';

/**
 * The kernel prints /proc/net/tcp{,6} in two passes (net/ipv4/tcp_ipv4.c tcp_get_idx): first the
 * listening hash (LISTEN rows, and before Linux 4.4 the SYN_RECV requests of each listener among
 * them), then the established hash, where no socket is ever in LISTEN. So once a row of any other
 * state shows, no listener follows, and the rest of the file (every connection on a busy host,
 * and a walk of the whole established hash per read) is not worth reading. Rows are `sl: local
 * remote st ...`, `st` in hex: 0A is LISTEN, 03 SYN_RECV (include/net/tcp_states.h).
 */
const PAST_LISTENERS = /^ *\d+: [\dA-Fa-f]+:[\dA-Fa-f]+ [\dA-Fa-f]+:[\dA-Fa-f]+ (?!0A |03 )[\dA-Fa-f]{2} /m;

/** Where in this text the first row that the listening pass cannot print begins (the listeners are all before it), or -1. */
export function pastListeners(text: string): number {
	return PAST_LISTENERS.exec(text)?.index ?? -1;
}

/**
 * The start of /proc/net/tcp{,6} that holds every listening row: read by chunks (seq_file gives
 * about a page per read) until a row past the listeners shows, and cut where it begins; or to the
 * end (a 0-byte read: a short read is not the end). '' when the file is absent (a kernel without
 * IPv6 has no tcp6).
 */
export function readListenSection(path: string): string {
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
		throw error;
	}

	let buffer = Buffer.allocUnsafe(64 * 1024);
	let length = 0;
	// Where the line being read began: a read may end inside a row when the buffer is nearly full.
	let lineStart = 0;
	let end: number | undefined;
	try {
		while (end === undefined) {
			if (length === buffer.length) {
				const larger = Buffer.allocUnsafe(buffer.length * 2);
				buffer.copy(larger, 0, 0, length);
				buffer = larger;
			}

			const read = readSync(fd, buffer, length, buffer.length - length, null);
			if (read === 0) break;
			length += read;
			// The rows are ASCII: latin1 decodes them byte for byte, and fastest.
			const past = pastListeners(buffer.toString('latin1', lineStart, length));
			end = past < 0 ? undefined : lineStart + past;
			lineStart = buffer.lastIndexOf(0x0A, length - 1) + 1;
		}
	} finally {
		closeSync(fd);
	}

	return buffer.toString('latin1', 0, end ?? length);
}
