// What finding the ssh config's tunnels adds to `tunnels ls --json`, with an empty profile whose
// `sshConfig` is: a missing file (nothing to do); 50 Host blocks without forward lines (read, no ssh
// runs); 50 Host blocks of which one has a LocalForward (one `ssh -G`); 1, 10 and 50 Host blocks with a
// LocalForward each (one `ssh -G` per host, timeouts.configConcurrency at once). `node -e 0` and one
// `ssh -G` alternate with them for reference. Nothing connects and nothing starts: all tunnels are down.
// Run: npm run build && node dist/bench/config-discovery.js [runs per case]    (default 15)
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {median, ms, percentile, printTable, timeMs} from './stats.js';
import {countArgument, createBench} from './support.js';

const runs = countArgument('runs', 15, 200);

/** `forwards` of the `hosts` Host blocks have a LocalForward: one `ssh -G` each. No hosts: no file. */
type Case = {readonly label: string; readonly hosts: number; readonly forwards: number};
const cases: Case[] = [
	{label: 'no ssh config file', hosts: 0, forwards: 0},
	{label: '50 hosts, no forward lines', hosts: 50, forwards: 0},
	{label: '50 hosts, 1 with a LocalForward', hosts: 50, forwards: 1},
	{label: '1 host with a LocalForward', hosts: 1, forwards: 1},
	{label: '10 hosts with a LocalForward', hosts: 10, forwards: 10},
	{label: '50 hosts with a LocalForward', hosts: 50, forwards: 50},
];

const bench = await createBench('/unused');
try {
	const configFor = (each: Case) => path.join(bench.dir, `ssh_config_${each.hosts}_${each.forwards}`);
	const oneForward = configFor(cases[3]!);
	for (const each of cases.filter(candidate => candidate.hosts > 0)) {
		const blocks = Array.from({length: each.hosts}, (_, index) => [
			`Host h${index}`,
			'  HostName 127.0.0.1',
			...(index < each.forwards ? [`  LocalForward ${20_000 + index} 127.0.0.1:${30_000 + index}`] : []),
		].join('\n'));
		await writeFile(configFor(each), `${blocks.join('\n')}\n`, {mode: 0o600});
	}

	const node: number[] = [];
	const sshG: number[] = [];
	const times = new Map<Case, number[]>(cases.map(each => [each, []]));
	for (let run = 0; run < runs; run++) {
		node.push(await timeMs(async () => execa(process.execPath, ['-e', '0'])));
		sshG.push(await timeMs(async () => execa('ssh', ['-F', oneForward, '-T', '-G', '--', 'h0'], {stdin: 'ignore'})));
		for (const each of cases) {
			await writeFile(bench.profile, `allowCommands: true\nsshConfig: ${JSON.stringify(configFor(each))}\ntunnels:\n`, {mode: 0o600});
			const {stdout} = await bench.tunnels(['ls', '--json']);
			const listed = (JSON.parse(stdout) as {tunnels: unknown[]}).tunnels.length;
			if (listed !== each.forwards) {
				throw new Error(`${each.label}: ls listed ${listed} tunnels`);
			}

			times.get(each)!.push(await timeMs(async () => bench.tunnels(['ls', '--json'])));
		}
	}

	const base = median(times.get(cases[0]!)!);
	printTable(`tunnels ls --json with an ssh config, ${runs} runs each (median, p90; added: median above no file; per ssh -G: added / hosts with a forward)`, [
		['case', 'median', 'p90', 'added', 'per ssh -G'],
		['node -e 0', ms(median(node)), ms(percentile(node, 0.9)), '', ''],
		['one ssh -T -G', ms(median(sshG)), ms(percentile(sshG, 0.9)), '', ''],
		...cases.map(each => {
			const values = times.get(each)!;
			const added = median(values) - base;
			return [each.label, ms(median(values)), ms(percentile(values, 0.9)), each === cases[0] ? '' : ms(added), each.forwards === 0 ? '' : ms(added / each.forwards)];
		}),
	]);
} finally {
	await bench.dispose();
}
