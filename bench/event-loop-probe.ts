// Preloaded into the UI process by bench/ui.ts (node --import): how long the event loop was ever
// blocked, i.e. how long a key could wait, from TUNNELS_BENCH_SETTLE_MS after start until exit.
// With TUNNELS_BENCH_CPU_PROFILE=FILE it also writes a CPU profile of that span (for Chrome DevTools).
import {writeFileSync} from 'node:fs';
import {Session} from 'node:inspector';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import process from 'node:process';

const out = process.env.TUNNELS_BENCH_PROBE_OUT;
if (out !== undefined) {
	const histogram = monitorEventLoopDelay({resolution: 5});
	const settleMs = Number(process.env.TUNNELS_BENCH_SETTLE_MS ?? 5000);
	const profileFile = process.env.TUNNELS_BENCH_CPU_PROFILE;
	const session = profileFile === undefined ? undefined : new Session();
	session?.connect();
	setTimeout(() => {
		histogram.reset();
		histogram.enable();
		session?.post('Profiler.enable', () => session.post('Profiler.start'));
	}, settleMs).unref();
	process.on('exit', () => {
		// A same-thread inspector session answers synchronously, so this works in an exit handler.
		session?.post('Profiler.stop', (error, result) => {
			if (error === null && profileFile !== undefined) writeFileSync(profileFile, JSON.stringify(result.profile));
		});
		writeFileSync(out, JSON.stringify({
			maxMs: histogram.max / 1e6,
			p99Ms: histogram.percentile(99) / 1e6,
			meanMs: histogram.mean / 1e6,
			samples: histogram.count,
			rssBytes: process.memoryUsage().rss,
		}));
	});
}
