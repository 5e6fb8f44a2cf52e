import assert from 'node:assert/strict';
import {test} from 'node:test';
import {backoffMs, defaultBackoff, sleptMs} from '../../src/watch/backoff.js';

test('backoff doubles from 1 s up to 30 s; random 0.5 is the wait without jitter', () => {
	const waits = [1, 2, 3, 4, 5, 6, 7, 50, 2000].map(failures => backoffMs(failures, defaultBackoff, () => 0.5));
	assert.deepEqual(waits, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
});

test('jitter spreads each wait by ± 20 %, exactly', () => {
	assert.equal(backoffMs(1, defaultBackoff, () => 0), 800);
	assert.equal(backoffMs(1, defaultBackoff, () => 0.25), 900);
	assert.equal(backoffMs(3, defaultBackoff, () => 0.75), 4400);
	assert.equal(backoffMs(3, defaultBackoff, () => 0.999_999), 4800);
	assert.equal(backoffMs(9, defaultBackoff, () => 0), 24_000);
	assert.equal(backoffMs(9, defaultBackoff, () => 0.999_999), 36_000);
	assert.equal(backoffMs(2, {baseMs: 500, capMs: 700, jitter: 0}, () => 0.9), 700);
});

test('a sleep shows as wall time that ran ahead of monotonic time', () => {
	const before = {wallMs: 1_000_000, monotonicMs: 5000};
	// Two seconds of both: awake.
	assert.equal(sleptMs(before, {wallMs: 1_002_000, monotonicMs: 7000}, 5000), undefined);
	// An hour of wall time, two seconds of monotonic time: asleep for 3598 s.
	assert.equal(sleptMs(before, {wallMs: 1_000_000 + 3_600_000, monotonicMs: 7000}, 5000), 3_598_000);
	// A small correction of the wall clock (NTP) is below the threshold; so is a step back.
	assert.equal(sleptMs(before, {wallMs: 1_004_900, monotonicMs: 5000}, 5000), undefined);
	assert.equal(sleptMs(before, {wallMs: 990_000, monotonicMs: 7000}, 5000), undefined);
});
