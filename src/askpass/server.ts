import {rm} from 'node:fs/promises';
import net from 'node:net';
import {parseRequest, promptKind, type AskpassReply, type Prompt} from './protocol.js';

export type AskpassServer = {
	/** the environment that makes ssh ask through this server, for one tunnel's start */
	readonly envFor: (tunnel: string) => Record<string, string>;
	readonly onPrompts: (listener: (prompts: readonly Prompt[]) => void) => () => void;
	readonly answer: (id: number, answer: string | undefined) => void;
	readonly close: () => Promise<void>;
};

export type AskpassServerOptions = {
	/** where the socket goes: inside the user's own 0700 runtime directory */
	readonly socketPath: string;
	/** the helper program ssh runs (bin/tunnels-askpass.js) */
	readonly helper: string;
};

/** A request line longer than this is not from our helper. */
const maxRequestBytes = 64 * 1024;

/**
 * Serves ssh's questions to the UI. Each question is a connection from the helper that ssh ran;
 * when that connection goes away (ssh gave up or was killed), so does the question.
 */
export async function startAskpassServer(options: AskpassServerOptions): Promise<AskpassServer> {
	const pending = new Map<number, {readonly prompt: Prompt; readonly socket: net.Socket}>();
	const listeners = new Set<(prompts: readonly Prompt[]) => void>();
	let nextId = 1;
	const publish = () => {
		const prompts = [...pending.values()].map(({prompt}) => prompt);
		for (const listener of listeners) {
			listener(prompts);
		}
	};

	const server = net.createServer(socket => {
		let buffer = '';
		let id: number | undefined;
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => {
			buffer += chunk;
			const end = buffer.indexOf('\n');
			if (id !== undefined || (end === -1 && buffer.length < maxRequestBytes)) {
				return;
			}

			const request = end === -1 ? undefined : parseRequest(buffer.slice(0, end));
			if (request === undefined) {
				socket.destroy();
				return;
			}

			id = nextId++;
			pending.set(id, {prompt: {id, tunnel: request.tunnel, text: request.text, kind: promptKind(request)}, socket});
			publish();
		});
		socket.on('close', () => {
			if (id !== undefined && pending.delete(id)) {
				publish();
			}
		});
		socket.on('error', () => {
			// The helper went away; 'close' follows and removes its question.
		});
	});

	await rm(options.socketPath, {force: true});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.socketPath, () => {
			server.off('error', reject);
			resolve();
		});
	});

	return {
		envFor: tunnel => ({
			SSH_ASKPASS: options.helper,
			// ssh(1): `force` uses the helper even with a terminal and without DISPLAY.
			SSH_ASKPASS_REQUIRE: 'force',
			TUNNELS_ASKPASS_SOCKET: options.socketPath,
			TUNNELS_ASKPASS_TUNNEL: tunnel,
		}),
		onPrompts(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		answer(id, answer) {
			const entry = pending.get(id);
			if (entry === undefined) {
				return;
			}

			pending.delete(id);
			const reply: AskpassReply = answer === undefined ? {kind: 'cancel'} : {kind: 'answer', text: answer};
			entry.socket.end(`${JSON.stringify(reply)}\n`);
			publish();
		},
		async close() {
			for (const {socket} of pending.values()) {
				socket.destroy();
			}

			pending.clear();
			await new Promise<void>(resolve => {
				server.close(() => resolve());
			});
			await rm(options.socketPath, {force: true});
		},
	};
}
