// Which way this process observes the system: Linux's /proc, or the portable backend (ps and lsof)
// that macOS and the BSDs need. Chosen once per process; TUNNELS_OBSERVE forces one (the tests run
// the portable one on Linux this way).
import {UserError} from '../errors.js';

export type ObserveBackend = {
	readonly kind: 'proc' | 'portable';
	/** 'forced': by TUNNELS_OBSERVE; 'platform': /proc where it exists (Linux), else portable */
	readonly chosenBy: 'forced' | 'platform';
	readonly platform: NodeJS.Platform;
};

export const OBSERVE_VARIABLE = 'TUNNELS_OBSERVE';

/** What `doctor` says about observation: the backend in use and whether lsof can be run. */
export type ObserverFacts =
	| {readonly kind: 'chosen'; readonly backend: ObserveBackend; readonly lsof: boolean}
	| {readonly kind: 'invalid'; readonly message: string; readonly hint: string | undefined};

/** The backend for an environment and platform; an error naming the variable for a value it does not know. */
export function chooseBackend(value: string | undefined, platform: NodeJS.Platform): ObserveBackend {
	if (value === 'proc' || value === 'portable') {
		if (value === 'proc' && platform !== 'linux') {
			throw new UserError(`${OBSERVE_VARIABLE}=proc needs Linux's /proc; this is ${platform}`, `set ${OBSERVE_VARIABLE}=portable or leave it unset`);
		}

		return {kind: value, chosenBy: 'forced', platform};
	}

	if (value !== undefined && value !== '') {
		throw new UserError(`${OBSERVE_VARIABLE} must be proc or portable (or unset), not ${JSON.stringify(value)}`, `unset ${OBSERVE_VARIABLE} to let tunnels choose (/proc on Linux, ps and lsof elsewhere)`);
	}

	return {kind: platform === 'linux' ? 'proc' : 'portable', chosenBy: 'platform', platform};
}

let chosen: ObserveBackend | undefined;

/** This process's backend, from its environment (read once). */
export function observeBackend(): ObserveBackend {
	chosen ??= chooseBackend(process.env[OBSERVE_VARIABLE], process.platform);
	return chosen;
}
