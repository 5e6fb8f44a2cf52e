import {canConnectSocket} from '../net/probe.js';
import {listAskpassSockets, removeSocketFile} from '../store/runtime.js';

/** How long a live UI has to accept a connection on its askpass socket. */
const probeMs = 1000;

/**
 * Removes the askpass sockets that UIs killed with SIGKILL left behind (they cannot clean up): those
 * whose UI process is dead, or that refuse connections (the PID now another process's). A socket
 * that accepts belongs to a UI still open and stays.
 */
export async function removeAbandonedAskpassSockets(directory: string, uid: number, pidAlive: (pid: number) => Promise<boolean>): Promise<void> {
	const sockets = await listAskpassSockets(directory, uid);
	await Promise.all(sockets.filter(({pid}) => pid !== process.pid).map(async socket => {
		if (!await pidAlive(socket.pid) || await refuses(socket.path)) {
			await removeSocketFile(socket.path);
		}
	}));
}

/** Whether nothing listens on this socket: connect refused (or the file went). A timeout is not a refusal. */
async function refuses(socketPath: string): Promise<boolean> {
	const answer = await canConnectSocket(socketPath, probeMs);
	return answer.kind === 'refused' || (answer.kind === 'error' && answer.code === 'ENOENT');
}
