import {render} from 'ink';
import {App} from './app.js';
import {paletteFor} from './look.js';
import type {UiServices} from './services.js';

export type RunUiOptions = {
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly refreshMs: number;
};

/** the alternate screen, with the cursor at its top left: 1049 keeps the row the shell's cursor was on */
const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';

/**
 * Draws the UI on the process's terminal until the person quits. It draws on the alternate screen,
 * as less and vim do: the shell's screen and scrollback are left as they were, on quit, on Ctrl-Z
 * and on a crash alike.
 */
export async function runUi(services: UiServices, options: RunUiOptions): Promise<void> {
	const {stdout, stdin} = process;
	const alternate = stdout.isTTY;
	const leave = () => {
		if (alternate) stdout.write(leaveAlternateScreen);
	};

	if (alternate) stdout.write(enterAlternateScreen);
	process.on('exit', leave);
	// Ctrl-Z is a key in raw mode (keys.ts): the app blanks its frame, then the shell gets its screen back.
	const suspend = async (): Promise<void> => {
		const continued = new Promise<void>(resolve => {
			process.once('SIGCONT', () => resolve());
		});
		leave();
		if (stdin.isTTY) stdin.setRawMode(false);
		process.kill(process.pid, 'SIGTSTP');
		await continued;
		if (stdin.isTTY) stdin.setRawMode(true);
		if (alternate) stdout.write(enterAlternateScreen);
	};

	// e: the editor gets the terminal as a shell would give it. Ink stops reading keys while the app
	// steps aside (its useInput is inactive), but Node's tty stream would keep reading the terminal
	// into its buffer and take the editor's keys: the read is stopped until the UI comes back.
	const stepAside = async <T,>(work: () => Promise<T>): Promise<T> => {
		leave();
		const handle = (stdin as unknown as {_handle?: {reading?: boolean; readStop?: () => number; readStart?: () => number}})._handle;
		const stopped = handle?.reading === true && handle.readStop !== undefined && handle.readStart !== undefined;
		if (stopped) {
			handle.readStop!();
			handle.reading = false;
		}

		try {
			return await work();
		} finally {
			// The stream still waits for the read it asked for: it goes on where it was.
			if (stopped) {
				handle.reading = true;
				handle.readStart!();
			}

			if (alternate) stdout.write(enterAlternateScreen);
		}
	};

	// Ctrl-C is a key like q (keys.ts), so that quitting always goes through the same path.
	const instance = render(<App services={services} palette={paletteFor(options.env)} refreshMs={options.refreshMs} suspend={suspend} stepAside={stepAside} />, {exitOnCtrlC: false, patchConsole: false});
	try {
		await instance.waitUntilExit();
	} finally {
		leave();
		process.off('exit', leave);
	}
}
