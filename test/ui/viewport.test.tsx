// The UI at real sizes: title and selection on screen, no line wider than the terminal, ports whole.
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {render} from 'ink';
import type {StrayTunnel} from '../../src/core/observe.js';
import {App} from '../../src/ui/app.js';
import {noColours} from '../../src/ui/look.js';
import type {Snapshot, TunnelView, UiServices} from '../../src/ui/services.js';
import {forward} from '../support/builders.js';
import {until} from '../support/wait.js';
import {at, loaded, upStatus, view} from './views.js';

/** A terminal of a given size that keeps the last frame Ink drew (debug mode: every write is a whole frame). */
class Screen extends EventEmitter {
	frame = '';
	constructor(public columns: number, public rows: number) {
		super();
	}

	write = (frame: string) => {
		this.frame = frame;
		return true;
	};
}

class Keyboard extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	write(data: string) {
		this.data = data;
		this.emit('readable');
	}

	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};

	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

/** `db-007` with its own port; every fifth is up; names of different lengths, one very long. */
function tunnels(count: number): TunnelView[] {
	return Array.from({length: count}, (_, index) => {
		const port = 10_000 + index;
		const name = index === 3 ? 'a-very-long-tunnel-name-that-needs-cutting' : `db-${String(index).padStart(3, '0')}`;
		const status = index % 5 === 0 ? {...upStatus, forwards: [{kind: 'local' as const, forward: forward({port, hostPort: 5432}), bound: ['127.0.0.1']}]} : {kind: 'down' as const};
		return view(status, {name, local: [forward({port, hostPort: 5432})], host: `host-${index}.example.internal`});
	});
}

function stray(pid: number): StrayTunnel {
	return {
		origin: 'foreign',
		process: {pid, ppid: 1, uid: 1000, name: 'ssh', argv: ['ssh', '-N', '-L', `${pid}:db:5432`, 'jump'], startTicks: '1', startedAt: at, state: 'running', program: 'ssh'} as unknown as StrayTunnel['process'],
		view: {forwards: [{flag: 'L', spec: `${pid}:db:5432`}], controlPath: undefined, master: false, controlClient: false, destination: 'jump'} as unknown as StrayTunnel['view'],
		listeners: [],
	};
}

function withStrays(tunnelViews: readonly TunnelView[], strays: readonly StrayTunnel[]): Snapshot {
	return {kind: 'loaded', path: '/home/u/.config/tunnels/tunnels.yaml', tunnels: tunnelViews, strays, warnings: [], at};
}

function services(snapshot: Snapshot): UiServices {
	const report = async () => ({ok: true, lines: []});
	return {
		load: async () => snapshot,
		start: report,
		stop: report,
		check: async () => [],
		planPrune: async () => [],
		executePrune: async () => [],
		createExample: report,
		importCommand: report,
		onPrompts: () => () => undefined,
		answerPrompt() {},
		setWatching: async () => undefined,
		onWatch: () => () => undefined,
		followLog: () => () => undefined,
		change: async () => ({ok: true, lines: []}),
		edit: async () => ({kind: 'done', report: {ok: true, lines: []}}),
		discardEdit: async () => undefined,
	};
}

async function open(snapshot: Snapshot, columns: number, rows: number) {
	const screen = new Screen(columns, rows);
	const keyboard = new Keyboard();
	const instance = render(<App services={services(snapshot)} palette={noColours} refreshMs={60_000} />, {
		stdout: screen as unknown as NodeJS.WriteStream, stdin: keyboard as unknown as NodeJS.ReadStream, stderr: new Screen(columns, rows) as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false,
	});
	await until(async () => (screen.frame.includes('NAME') || screen.frame.includes('No tunnels') ? true : undefined), 2000, () => `no list drawn:\n${screen.frame}`);
	return {screen, keyboard, instance};
}

/** What must hold of every frame: shorter than the terminal, no line wider, the title and the selected row on it. */
function assertFits(frame: string, columns: number, rows: number, label: string) {
	const lines = frame.split('\n');
	assert.ok(lines.length < rows, `${label}: ${lines.length} lines on ${rows} rows (Ink clears the screen at ${rows})\n${frame}`);
	for (const line of lines) assert.ok([...line].length <= columns, `${label}: ${JSON.stringify(line)} is wider than ${columns}`);
	assert.match(lines[0]!, /^tunnels · /, `${label}: the title is the first line`);
	assert.equal(lines.filter(line => line.startsWith('› ')).length, 1, `${label}: the selected row shows\n${frame}`);
}

for (const [columns, rows] of [[80, 24], [60, 20], [120, 40]] as const) {
	for (const count of [3, 40, 200]) {
		test(`${columns}x${rows} with ${count} tunnels: title and selection always visible, no line too wide, ports whole`, async () => {
			const all = tunnels(count);
			const {screen, keyboard, instance} = await open(withStrays(all, [stray(40_001), stray(9000), stray(120)]), columns, rows);
			try {
				const keys = [['', 'launch'], ['G', 'G'], ['g', 'g'], ['\u001B[6~', 'PgDn'], ['j'.repeat(7), 'jjjjjjj'], ['\u001B[F', 'End'], ['k', 'k'], ['v', 'full detail'], ['v', 'compact detail']] as const;
				for (const [input, label] of keys) {
					if (input !== '') keyboard.write(input);
					await delay(60);
					assertFits(screen.frame, columns, rows, `${label}`);
				}

				// Every tunnel row on screen shows its forward's both ports whole.
				keyboard.write('g');
				await delay(60);
				for (const line of screen.frame.split('\n').filter(line => /^(› | {2})\S.*db-\d{3}/.test(line))) {
					assert.match(line, /:1\d{4} → host-\d+\.example\.internal:5432|1\d{4} → [^ ]*:5432/, `a port was cut: ${JSON.stringify(line)}`);
				}
			} finally {
				instance.unmount();
			}
		});
	}
}

test('G selects the last row and shows it; g the first; a batch of keys moves exactly that many rows', async () => {
	const {screen, keyboard, instance} = await open(loaded(tunnels(40)), 80, 24);
	try {
		keyboard.write('G');
		await until(async () => (/^› .*db-039/m.test(screen.frame) ? true : undefined), 2000, () => screen.frame);
		keyboard.write('g');
		await until(async () => (/^› .*db-000/m.test(screen.frame) ? true : undefined), 2000, () => screen.frame);
		keyboard.write('jjjjjjjjjjjj');
		await until(async () => (/^› .*db-012/m.test(screen.frame) ? true : undefined), 2000, () => screen.frame);
		assert.match(screen.frame.split('\n')[0]!, /^tunnels · /);
	} finally {
		instance.unmount();
	}
});

test('the group outside the profile: collapsed when long with its count, selectable, opened by enter, PIDs as numbers, filtered', async () => {
	const strays = [stray(40_001), stray(9000), stray(120), stray(77), stray(5000), stray(6000)];
	const {screen, keyboard, instance} = await open(withStrays(tunnels(3), strays), 120, 40);
	try {
		assert.match(screen.frame, /▸ Running outside the profile \(6\)/);
		assert.doesNotMatch(screen.frame, /pid 40001/);
		keyboard.write('G');
		await until(async () => (/^› ▸ Running outside/m.test(screen.frame) ? true : undefined), 2000, () => screen.frame);
		keyboard.write('\r');
		await until(async () => (/▾ Running outside the profile \(6\)/.test(screen.frame) ? true : undefined), 2000, () => screen.frame);
		const pids = [...screen.frame.matchAll(/pid (\d+) /g)].map(match => Number(match[1]));
		assert.deepEqual(pids.slice(0, 6), [77, 120, 5000, 6000, 9000, 40_001]);
		keyboard.write('/9000\r');
		await until(async () => (/Running outside the profile \(1\)/.test(screen.frame) ? true : undefined), 2000, () => screen.frame);
		assert.doesNotMatch(screen.frame, /db-000/);
	} finally {
		instance.unmount();
	}
});

test('a group opened at the bottom of a long list scrolls its members into view, its header still shown', async () => {
	const strays = [stray(40_001), stray(9000), stray(120), stray(77), stray(5000), stray(6000)];
	const {screen, keyboard, instance} = await open(withStrays(tunnels(40), strays), 80, 24);
	try {
		keyboard.write('G');
		await until(async () => (/^› ▸ Running outside/m.test(screen.frame) ? true : undefined), 2000, () => screen.frame);
		keyboard.write('\r');
		await until(async () => (/^› ▾ Running outside the profile \(6\)/m.test(screen.frame) ? true : undefined), 2000, () => screen.frame);
		for (const pid of [77, 120, 5000, 6000, 9000, 40_001]) {
			assert.match(screen.frame, new RegExp(`pid ${pid} `), `pid ${pid} is out of view after opening the group:\n${screen.frame}`);
		}

		assertFits(screen.frame, 80, 24, 'opened');
	} finally {
		instance.unmount();
	}
});

test('a resize redraws to the new size at once: 120x40 to 60x20 and back, every frame fits', async () => {
	const {screen, keyboard, instance} = await open(loaded(tunnels(40)), 120, 40);
	try {
		keyboard.write('G');
		await until(async () => (/^› .*db-039/m.test(screen.frame) ? true : undefined), 2000, () => screen.frame);
		for (const [columns, rows] of [[60, 20], [120, 40], [80, 24]] as const) {
			screen.columns = columns;
			screen.rows = rows;
			screen.emit('resize');
			await until(async () => (screen.frame.split('\n').length < rows && screen.frame.split('\n').every(line => [...line].length <= columns) ? true : undefined), 2000, () => `${columns}x${rows}:\n${screen.frame}`);
			assertFits(screen.frame, columns, rows, `${columns}x${rows} after a resize`);
			assert.match(screen.frame, /^› .*db-039/m, 'the selection stays on screen');
		}
	} finally {
		instance.unmount();
	}
});
