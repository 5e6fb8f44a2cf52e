// The app's hooks over time and the terminal: its size, Ctrl-Z, messages that expire, the spinner.
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {UiEvent, UiState} from './model.js';

/** The terminal's size, following resizes. */
export function useTerminalSize(): {readonly columns: number; readonly rows: number} {
	const {stdout} = useStdout();
	const read = () => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const resized = () => setSize(read());
		stdout.on('resize', resized);
		return () => {
			stdout.off('resize', resized);
		};
	}, [stdout]);
	return size;
}

/** What runs while the UI has given the terminal away: Ctrl-Z's suspend, or the editor (e). */
export type Aside = {readonly run: () => Promise<void>};

/** Gives the terminal away once the blank frame is out (Ink draws at most every 33 ms), and draws again after. */
export function useAside(aside: Aside | undefined, resumed: () => void): void {
	useEffect(() => {
		if (aside === undefined) {
			return undefined;
		}

		const timer = setTimeout(() => void aside.run().finally(resumed), 50);
		return () => clearTimeout(timer);
	}, [aside]);
}

/** A message goes by itself: a note after 4 s, an error after 15 s (Esc clears either at once). */
export function useExpiry(state: UiState, dispatch: (event: UiEvent) => void): void {
	const {message} = state;
	useEffect(() => {
		if (message === undefined) {
			return undefined;
		}

		const timer = setTimeout(() => dispatch({kind: 'message-expired', message}), message.ok ? 4000 : 15_000);
		return () => clearTimeout(timer);
	}, [message, dispatch]);
}

/** Ticks the spinner only while something is in flight, so an idle UI redraws only on refresh. */
export function useSpinner(state: UiState, tick: () => void): void {
	const spinning = Object.keys(state.busy).length > 0 || (state.overlay.kind === 'prune' && state.overlay.plan === 'loading');
	useEffect(() => {
		if (!spinning) {
			return undefined;
		}

		const timer = setInterval(tick, 100);
		return () => clearInterval(timer);
	}, [spinning]);
}
