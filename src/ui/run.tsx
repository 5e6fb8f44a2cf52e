import {render} from 'ink';
import {App} from './app.js';
import {paletteFor} from './look.js';
import type {UiServices} from './services.js';

export type RunUiOptions = {
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly refreshMs: number;
};

/** Draws the UI on the process's terminal until the person quits. */
export async function runUi(services: UiServices, options: RunUiOptions): Promise<void> {
	// Ctrl-C is a key like q (keys.ts), so that quitting always goes through the same path.
	const instance = render(<App services={services} palette={paletteFor(options.env)} refreshMs={options.refreshMs} />, {exitOnCtrlC: false});
	await instance.waitUntilExit();
}
