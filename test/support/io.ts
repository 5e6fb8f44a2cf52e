import type {Io} from '../../src/commands/context.js';

/** An Io that touches nothing of this machine (no terminal, no prompts, paths that do not exist), with `overrides`. */
export function fakeIo(overrides: Partial<Io> = {}): Io {
	return {
		stdout: () => undefined,
		stderr: () => undefined,
		env: {},
		cwd: '/',
		home: '/nonexistent',
		uid: 1000,
		tmpdir: '/tmp',
		interactive: false,
		askpassHelper: '/nonexistent',
		program: '/nonexistent',
		passwordHome: '/nonexistent',
		confirm: async () => false,
		onStopSignal: () => () => undefined,
		...overrides,
	};
}
