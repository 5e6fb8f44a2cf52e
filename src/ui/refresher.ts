/**
 * Loads on a timer and on demand, never two loads at once; a demand during a load runs one more after
 * it. `load` must not reject: a failed load is a value for `deliver` like any other.
 */
export type Refresher = {
	readonly now: () => void;
	readonly stop: () => void;
};

export function startRefresher<T>(load: () => Promise<T>, deliver: (value: T) => void, intervalMs: number): Refresher {
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let again = false;
	let stopped = false;
	const run = async (): Promise<void> => {
		clearTimeout(timer);
		if (running) {
			again = true;
			return;
		}

		running = true;
		try {
			const value = await load();
			if (!stopped) {
				deliver(value);
			}
		} finally {
			running = false;
		}

		if (stopped) {
			return;
		}

		if (again) {
			again = false;
			void run();
		} else {
			timer = setTimeout(() => void run(), intervalMs);
		}
	};

	void run();
	return {
		now: () => void run(),
		stop() {
			stopped = true;
			clearTimeout(timer);
		},
	};
}
