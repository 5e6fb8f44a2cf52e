import {connect} from 'node:net';

/**
 * Holds a connection to a master's control socket without asking anything, and calls `onExit` once
 * when the connection ends: a master keeps its mux clients until it exits, so this notices a dead
 * tunnel (its keep-alive gave up, it was killed) at once, at no cost while it lives. A master that
 * is already gone ends it at once too. Returns how to let go without `onExit` being called.
 */
export function onMasterExit(socketPath: string, onExit: () => void): () => void {
	let cancelled = false;
	const socket = connect(socketPath);
	socket.on('data', () => undefined); // its HELLO, unanswered: the master waits for ours without a bound
	socket.on('error', () => undefined); // a close follows
	socket.once('close', () => {
		if (!cancelled) {
			onExit();
		}
	});
	return () => {
		cancelled = true;
		socket.destroy();
	};
}
