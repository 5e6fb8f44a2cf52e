import net from 'node:net';
import {parseReply, type AskpassReply} from './protocol.js';

/** As long as a start may wait for a person (core/deps.ts interactiveStartMs). */
const replyTimeoutMs = 300_000;

export type AskpassIo = {
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
	/** the parent pid now: ssh, until ssh dies and the helper is reparented */
	readonly parentPid: () => number;
};

/**
 * The program ssh runs as SSH_ASKPASS: passes ssh's prompt to the running UI and prints the answer
 * for ssh to read. Exit 1 (no answer) when cancelled, when the UI is gone, or when ssh is gone.
 */
export async function askpassMain(prompt: string, io: AskpassIo): Promise<number> {
	const socketPath = io.env.TUNNELS_ASKPASS_SOCKET;
	if (socketPath === undefined || socketPath === '') {
		io.stderr('tunnels-askpass: run by ssh from the tunnels UI only (TUNNELS_ASKPASS_SOCKET is not set)\n');
		return 1;
	}

	const reply = await ask(socketPath, {tunnel: io.env.TUNNELS_ASKPASS_TUNNEL ?? '', text: prompt, hint: io.env.SSH_ASKPASS_PROMPT ?? ''}, io.parentPid);
	if (reply?.kind !== 'answer') {
		return 1;
	}

	io.stdout(`${reply.text}\n`);
	return 0;
}

async function ask(socketPath: string, request: object, parentPid: () => number): Promise<AskpassReply | undefined> {
	const parent = parentPid();
	return new Promise(resolve => {
		const socket = net.connect(socketPath);
		let buffer = '';
		const finish = (reply: AskpassReply | undefined) => {
			clearTimeout(timeout);
			clearInterval(orphaned);
			socket.destroy();
			resolve(reply);
		};

		const timeout = setTimeout(() => finish(undefined), replyTimeoutMs);
		// ssh killed (its start timed out, or the UI quit): nobody would read the answer.
		const orphaned = setInterval(() => {
			if (parentPid() !== parent) {
				finish(undefined);
			}
		}, 1000);
		socket.setEncoding('utf8');
		socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
		socket.on('data', (chunk: string) => {
			buffer += chunk;
			const end = buffer.indexOf('\n');
			if (end !== -1) {
				finish(parseReply(buffer.slice(0, end)));
			}
		});
		socket.on('error', () => finish(undefined));
		socket.on('close', () => finish(undefined));
	});
}
