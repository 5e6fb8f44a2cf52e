/** Runs `run` over `items` with at most `limit` at once, keeping the order of results. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = [];
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await run(items[index]!);
		}
	};

	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}

/**
 * A gate for tasks that come one by one: at most `limit` run at once, the others wait their turn in
 * the order they came. A finishing task hands its place straight to the next, so none slips past.
 */
export function limitConcurrency(limit: number): <R>(task: () => Promise<R>) => Promise<R> {
	let active = 0;
	const waiting: Array<() => void> = [];
	return async task => {
		if (active < limit) {
			active++;
		} else {
			await new Promise<void>(resolve => {
				waiting.push(resolve);
			});
		}

		try {
			return await task();
		} finally {
			const next = waiting.shift();
			if (next === undefined) {
				active--;
			} else {
				next();
			}
		}
	};
}
