// Whether ssh could bind a local forward's address and port now, asked of the kernel itself: a bind
// and a listen, closed at once. Reading who listens (/proc/net/tcp{,6}) costs ~6 ms on Linux however
// few sockets there are (the kernel walks its whole established hash to end the file), and an lsof
// on other systems; a probe costs a fraction of a millisecond (issue 17).
import {createServer, isIPv6} from 'node:net';

/**
 * `free`: the bind succeeded; `taken`: EADDRINUSE; `unknown`: anything else (no such address here,
 * a privileged port), which the caller decides as before. Bound as ssh binds a forward
 * (channels.c): SO_REUSEADDR (libuv sets it), and IPV6_V6ONLY for an IPv6 address, so that `::`
 * does not clash with a listener on 0.0.0.0.
 */
export type BindProbe = 'free' | 'taken' | 'unknown';

export async function probeBind(address: string, port: number): Promise<BindProbe> {
	return new Promise(resolve => {
		const server = createServer();
		server.once('error', (error: NodeJS.ErrnoException) => {
			server.close();
			resolve(error.code === 'EADDRINUSE' ? 'taken' : 'unknown');
		});
		server.listen({host: address, port, ipv6Only: isIPv6(address), exclusive: true}, () => {
			server.close(() => resolve('free'));
		});
	});
}
