import {randomBytes, randomInt} from 'node:crypto';
import {exchange} from './client.js';
import {encodeOpenForward} from './forward-wire.js';
import {MUX_S_PERMISSION_DENIED, readString} from './wire.js';

export type ServerProbe =
	/** the server answered through the master: it is alive */
	| {readonly kind: 'answered'}
	/** no answer within the bound: the server (or the master) does not respond */
	| {readonly kind: 'timeout'}
	/** the master answered by itself, or could not be asked: says nothing about the server */
	| {readonly kind: 'inconclusive'; readonly detail: string};

/**
 * Asks the server, through a tunnel's own master, for something it must answer and can never
 * grant: a remote Unix-socket forward under /dev/null, which is not a directory. The master only
 * replies once the server has (mux.c mux_confirm_remote_forward), so any reply proves the server
 * alive, and since binding always fails nothing is left listening. No ssh process is spawned: a
 * spawned `ssh -W` probe costs ~40 ms of CPU, too much for 50 tunnels on 2 cores. The path is new
 * each time because a forward the master already has is answered at once, without the server.
 */
export async function probeServer(socketPath: string, timeoutMs: number): Promise<ServerProbe> {
	const requestId = randomInt(0x1_0000_0000);
	const path = `/dev/null/tunnels-probe-${randomBytes(6).toString('hex')}`;
	const outcome = await exchange(socketPath, timeoutMs, {
		name: 'the forward request',
		request: encodeOpenRemoteSocketForward(requestId, path),
		answer: (body): ServerProbe => {
			const type = body.length >= 8 ? body.readUInt32BE(0) : undefined;
			if (type === undefined || body.readUInt32BE(4) !== requestId) {
				return {kind: 'inconclusive', detail: 'the master answered another request'};
			}

			// The expected answer is MUX_S_FAILURE, relayed from the server. MUX_S_PERMISSION_DENIED is
			// the master's own refusal (ControlMaster=ask): no round trip.
			return type === MUX_S_PERMISSION_DENIED
				? {kind: 'inconclusive', detail: readString(body, 8)?.bytes.toString('utf8') ?? 'permission denied'}
				: {kind: 'answered'};
		},
	});
	switch (outcome.kind) {
		case 'answered':
		case 'timeout':
		case 'inconclusive': {
			return outcome;
		}

		case 'not-a-master': {
			return {kind: 'inconclusive', detail: outcome.detail};
		}

		case 'connect-error': {
			return {kind: 'inconclusive', detail: `cannot connect to ${socketPath}: ${outcome.code}`};
		}
	}
}

/** MUX_C_OPEN_FWD of a remote forward from a socket path (PROTOCOL.mux section 6). */
export function encodeOpenRemoteSocketForward(requestId: number, listenPath: string): Buffer {
	return encodeOpenForward(requestId, {kind: 'remote', forward: {listen: {kind: 'unix', path: listenPath}, target: {kind: 'tcp', host: '127.0.0.1', port: 1}}});
}
