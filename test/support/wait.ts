import assert from 'node:assert/strict';
import {setTimeout as delay} from 'node:timers/promises';

/** Polls `read` until it gives a value; fails the test after `timeoutMs`, saying `failure()` when given. */
export async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 3000, failure: () => string = () => 'condition not met in time'): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (value !== undefined) {
			return value;
		}

		assert.ok(Date.now() < deadline, failure());
		await delay(10);
	}
}
