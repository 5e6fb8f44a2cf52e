import {randomInt} from 'node:crypto';
import type {TunnelForward} from '../profile/types.js';
import {exchange} from './client.js';
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

/** Asks the master behind socketPath to open or close one forward, bounded by timeoutMs; never throws. */
export async function requestForward(socketPath: string, request: ForwardRequest, entry: TunnelForward, timeoutMs: number): Promise<ForwardOutcome> {
	const requestId = randomInt(0x1_0000_0000);
	const outcome = await exchange(socketPath, timeoutMs, {
		name: request === 'open' ? 'the open forward request' : 'the close forward request',
		request: request === 'open' ? encodeOpenForward(requestId, entry) : encodeCloseForward(requestId, entry),
		answer: body => {
			const answer = decodeForwardAnswer(body, requestId);
			return answer.kind === 'malformed' ? {kind: 'not-a-master', detail: answer.detail} : answer;
		},
	});
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
