// Preloaded into the UI process by bench/ui.ts (node --import): how long the event loop was ever
// blocked, i.e. how long a key could wait, from TUNNELS_BENCH_SETTLE_MS after start until exit.
import {writeFileSync} from 'node:fs';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import process from 'node:process';

const out = process.env.TUNNELS_BENCH_PROBE_OUT;
if (out !== undefined) {
	const histogram = monitorEventLoopDelay({resolution: 5});
	const settleMs = Number(process.env.TUNNELS_BENCH_SETTLE_MS ?? 5000);
	setTimeout(() => {
		histogram.reset();
		histogram.enable();
	}, settleMs).unref();
	process.on('exit', () => {
		writeFileSync(out, JSON.stringify({
			maxMs: histogram.max / 1e6,
			p99Ms: histogram.percentile(99) / 1e6,
			meanMs: histogram.mean / 1e6,
			samples: histogram.count,
			rssBytes: process.memoryUsage().rss,
		}));
	});
}
