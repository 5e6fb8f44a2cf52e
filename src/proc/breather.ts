/**
 * For a loop of synchronous reads (/proc): returns a pause to await between pieces of work, which
 * lets the event loop run once `everyMs` have passed since it last did. A look at every process
 * once held the UI's keys for tens of milliseconds (issue 14: a key never waits on a refresh); a
 * command with nothing else to do loses next to nothing.
 */
export function breather(everyMs = 4): () => Promise<void> {
	let last = performance.now();
	return async () => {
		if (performance.now() - last < everyMs) return;
		await new Promise<void>(resolve => {
			setImmediate(resolve);
		});
		last = performance.now();
	};
}
