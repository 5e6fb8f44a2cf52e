// What `tunnels up` and the raw ssh line it stands for take, side by side: the samples one round
// adds and the two tables every up benchmark prints (bench/up.ts on loopback, bench/jump.ts through
// network namespaces).
import {median, ms, percentile, printTable} from './stats.js';

export type UpRaceSamples = {
	readonly node: number[];
	readonly tunnelsReturn: number[];
	readonly tunnelsUp: number[];
	readonly tunnelsSsh: number[];
	readonly tunnelsDown: number[];
	readonly rawReturn: number[];
	readonly rawUp: number[];
	/** another build's `tunnels up` (BENCH_BEFORE_BIN), when given: before and after in one run */
	readonly beforeUp: number[];
};

export function upRaceSamples(): UpRaceSamples {
	return {node: [], tunnelsReturn: [], tunnelsUp: [], tunnelsSsh: [], tunnelsDown: [], rawReturn: [], rawUp: [], beforeUp: []};
}

/** One start and stop of each side: what each took, in ms. */
export type UpRaceRunners = {
	readonly node: () => Promise<number>;
	readonly tunnels: () => Promise<{readonly returned: number; readonly accepting: number; readonly ssh: number; readonly down: number}>;
	readonly raw: () => Promise<{readonly returned: number; readonly accepting: number}>;
	/** another build's start, timed as `tunnels` is */
	readonly before?: () => Promise<{readonly accepting: number}>;
	/** asked before each round: a signal ends the run between rounds */
	readonly interrupted?: () => boolean;
};

/**
 * One untimed round first (page cache, sshd's first connections, known_hosts), then `rounds` rounds
 * of `node -e 0` and both sides, which of the two goes first alternating round by round.
 */
export async function runUpRace(rounds: number, run: UpRaceRunners, samples: UpRaceSamples): Promise<void> {
	await run.node();
	await run.tunnels();
	await run.raw();
	await run.before?.();
	const sides = run.before === undefined ? ['tunnels', 'raw'] as const : ['tunnels', 'raw', 'before'] as const;
	for (let round = 0; round < rounds; round++) {
		if (run.interrupted?.()) throw new Error('interrupted');
		samples.node.push(await run.node());
		// Each round starts with another side.
		for (let index = 0; index < sides.length; index++) {
			const which = sides[(round + index) % sides.length]!;
			if (which === 'tunnels') {
				const t = await run.tunnels();
				samples.tunnelsReturn.push(t.returned);
				samples.tunnelsUp.push(t.accepting);
				samples.tunnelsSsh.push(t.ssh);
				samples.tunnelsDown.push(t.down);
			} else if (which === 'raw') {
				const r = await run.raw();
				samples.rawReturn.push(r.returned);
				samples.rawUp.push(r.accepting);
			} else {
				samples.beforeUp.push((await run.before!()).accepting);
			}
		}
	}
}

/** The timings table, then the ratios against `aim` (tunnels / raw, medians, until the port accepts). */
export function printUpRace(title: string, samples: UpRaceSamples, rawLabel: string, aim: string): void {
	const node = median(samples.node);
	const tunnels = median(samples.tunnelsUp);
	const raw = median(samples.rawUp);
	const paired = median(samples.tunnelsUp.map((value, index) => value / (samples.rawUp[index] ?? Number.NaN)));
	const row = (label: string, values: readonly number[]): string[] => [label, ms(median(values)), ms(percentile(values, 0.9))];
	printTable(title, [
		['command', 'median', 'p90'],
		row('node -e 0', samples.node),
		row(`${rawLabel}: returned`, samples.rawReturn),
		row(`${rawLabel}: port accepts`, samples.rawUp),
		row('tunnels up: returned', samples.tunnelsReturn),
		row('tunnels up: port accepts', samples.tunnelsUp),
		row('  of which ssh (as tunnels reports)', samples.tunnelsSsh),
		row('tunnels down (not in the ratio)', samples.tunnelsDown),
		...(samples.beforeUp.length === 0 ? [] : [row('before (BENCH_BEFORE_BIN): port accepts', samples.beforeUp)]),
	]);
	printTable('ratios (medians; port accepts)', [
		['ratio', 'value', 'aim'],
		['tunnels / raw', (tunnels / raw).toFixed(2), aim],
		['(tunnels - node -e 0) / raw', ((tunnels - node) / raw).toFixed(2), ''],
		['median of per-round tunnels/raw', paired.toFixed(2), ''],
		['tunnels - raw', ms(tunnels - raw), ''],
		...(samples.beforeUp.length === 0 ? [] : [['before (BENCH_BEFORE_BIN) / raw', (median(samples.beforeUp) / raw).toFixed(2), '']]),
	]);
}
