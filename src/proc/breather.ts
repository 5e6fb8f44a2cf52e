/**
 * For a loop of synchronous reads (/proc): returns a check to make between pieces of work, which
 * gives a pause to await once `everyMs` have passed since the event loop last ran, and nothing
 * otherwise (an await per piece of work cost more than the check). A look at every process once
 * held the UI's keys for tens of milliseconds (issue 14: a key never waits on a refresh); a command
 * with nothing else to do loses next to nothing.
 */
export function breather(everyMs = 4): () => Promise<void> | undefined {
	let last = performance.now();
	return () => {
		if (performance.now() - last < everyMs) return undefined;
		return new Promise<void>(resolve => {
			setImmediate(() => {
				last = performance.now();
				resolve();
			});
		});
	};
}
