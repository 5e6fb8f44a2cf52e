import {parseDynamicForward, parseForward, parseRemoteForward} from '../profile/forward.js';
import {formatForward, formatListen} from '../profile/forward-text.js';

/** A pasted -L, -R or -D value as the profile writes it, or why it cannot be one. */
export type ForwardArgument =
	| {readonly kind: 'ok'; readonly spec: string}
	| {readonly kind: 'error'; readonly message: string};

/**
 * Reads a forward of a pasted command as ssh would, and writes it the profile's way. ssh reads `%%`
 * in a socket path as `%` (ssh_config TOKENS): the profile holds the path itself.
 */
export function forwardArgument(kind: 'L' | 'R' | 'D', value: string): ForwardArgument {
	const text = value.includes('/') ? value.replaceAll('%%', '%') : value;
	switch (kind) {
		case 'L': {
			const parsed = parseForward(text);
			return parsed.kind === 'ok' ? {kind: 'ok', spec: formatForward(parsed.forward)} : {kind: 'error', message: parsed.error.message};
		}

		case 'R': {
			const parsed = parseRemoteForward(text);
			return parsed.kind === 'ok' ? {kind: 'ok', spec: formatForward(parsed.forward)} : {kind: 'error', message: parsed.error.message};
		}

		case 'D': {
			const parsed = parseDynamicForward(text);
			return parsed.kind === 'ok' ? {kind: 'ok', spec: formatListen(parsed.forward.listen)} : {kind: 'error', message: parsed.error.message};
		}
	}
}
