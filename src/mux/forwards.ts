import {randomInt} from 'node:crypto';
import type {TunnelForward} from '../profile/types.js';
import {exchange} from './client.js';
import {openSession, type Conversation, type Exchange} from './session.js';
import {decodeForwardAnswer, encodeCloseForward, encodeOpenForward, type ForwardAnswer} from './forward-wire.js';

// Forwards added to and removed from a running master natively (forward-wire.ts's packets): what
// `ssh -S SOCK -O forward|cancel` does after forking a whole ssh, in well under a millisecond.

export type ForwardRequest = 'open' | 'close';

export type ForwardOutcome =
	| Exclude<ForwardAnswer, {readonly kind: 'malformed'}>
	/** no answer within the bound (a remote forward waits for the server's answer) */
	| {readonly kind: 'timeout'}
	/** nothing answers at the socket, or not in the mux protocol */
	| {readonly kind: 'unreachable'; readonly detail: string};

/** One request on a connection to the master (`withForwardRequests`). */
export type AskForward = (request: ForwardRequest, entry: TunnelForward) => Promise<ForwardOutcome>;

/** Asks the master behind socketPath to open or close one forward, bounded by timeoutMs; never throws. */
export async function requestForward(socketPath: string, request: ForwardRequest, entry: TunnelForward, timeoutMs: number): Promise<ForwardOutcome> {
	return outcomeOf(await exchange(socketPath, timeoutMs, conversationOf(request, entry)), socketPath);
}

/**
 * Forward requests to the master behind socketPath on one connection, asked one after another
 * inside `use` (each bounded by timeoutMs), the connection closed after it: fifty tunnels of one
 * shared master added on fifty connections cost most of their start (issue 17). Never throws for
 * the master's sake: a connection that failed answers every request with why.
 */
export async function withForwardRequests<T>(socketPath: string, timeoutMs: number, use: (ask: AskForward) => Promise<T>): Promise<T> {
	const session = await openSession(socketPath, timeoutMs);
	if (!('ask' in session)) {
		return use(async () => outcomeOf(session, socketPath));
	}

	try {
		return await use(async (request, entry) => outcomeOf(await session.ask(conversationOf(request, entry), timeoutMs), socketPath));
	} finally {
		session.close();
	}
}

function conversationOf(request: ForwardRequest, entry: TunnelForward): Conversation<Exclude<ForwardAnswer, {readonly kind: 'malformed'}>> {
	const requestId = randomInt(0x1_0000_0000);
	return {
		name: request === 'open' ? 'the open forward request' : 'the close forward request',
		request: request === 'open' ? encodeOpenForward(requestId, entry) : encodeCloseForward(requestId, entry),
		answer: body => {
			const answer = decodeForwardAnswer(body, requestId);
			return answer.kind === 'malformed' ? {kind: 'not-a-master', detail: answer.detail} : answer;
		},
	};
}

function outcomeOf(outcome: Exchange<Exclude<ForwardAnswer, {readonly kind: 'malformed'}>>, socketPath: string): ForwardOutcome {
	switch (outcome.kind) {
		case 'not-a-master': {
			return {kind: 'unreachable', detail: outcome.detail};
		}

		case 'connect-error': {
			return {kind: 'unreachable', detail: `cannot connect to ${socketPath}: ${outcome.code}`};
		}

		default: {
			return outcome;
		}
	}
}
