import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import type {CheckStep} from '../../src/core/check-step.js';
import {Detail, tunnelDetail} from '../../src/ui/components/detail.js';
import {FirstRun, InvalidProfile} from '../../src/ui/components/first-run.js';
import {PromptDialog} from '../../src/ui/components/overlays.js';
import {TunnelList, watchLine} from '../../src/ui/components/tunnel-list.js';
import {noColours} from '../../src/ui/look.js';
import {listRows} from '../../src/ui/rows.js';
import type {TunnelView} from '../../src/ui/services.js';
import {at, views} from './views.js';

const rowsOf = (tunnels: readonly TunnelView[]) => listRows({tunnels, strays: [], filter: '', groupOpen: undefined});
const list = (width: number) => render(
	<TunnelList
		rows={rowsOf([views.up, views.down, views.failed, views.stale])}
		top={0}
		height={10}
		selected='pg-a'
		busy={{}}
		frame={0}
		width={width}
		now={at}
		palette={noColours}
		watch={undefined}
	/>,
);

test('the list: state, name, forward, route, PID and uptime; a failure is said in the detail, not again under its row', () => {
	const frame = list(110).lastFrame() ?? '';
	const lines = frame.split('\n');
	assert.match(lines[0]!, /^ {2}STATE +NAME +FORWARD +VIA +PID +UP$/);
	assert.match(frame, /^ {2}● up +mysql-b +L 127\.0\.0\.1:9906 → 10\.1\.0\.2:3306 +root@10\.1\.0\.2 +4893 +2m$/m);
	assert.match(frame, /^› ○ down +pg-a +L 127\.0\.0\.1:15432 → 10\.1\.0\.2:5432/m);
	assert.match(frame, /^ {2}✗ failed +nat +R server:9906 → 10\.1\.0\.2:3306/m);
	assert.equal(frame.split('\n').length, 5, 'the header and one line per tunnel');
	assert.match(frame, /^ {2}! stale +gone +L 127\.0\.0\.1:9907 → 10\.1\.0\.2:3306 +root@10\.1\.0\.2 +777/m);
});

test('narrow terminals drop columns instead of wrapping: every line fits', () => {
	for (const width of [80, 60, 40]) {
		const frame = list(width).lastFrame() ?? '';
		for (const line of frame.split('\n')) {
			assert.ok([...line].length <= width, `${width} columns: ${JSON.stringify(line)} is ${[...line].length} wide`);
		}

		assert.equal(frame.split('\n').length, 5, `${width} columns: one line per tunnel and the header`);
		assert.doesNotMatch(frame, /PID/, `${width} columns: the PID column is the first to go`);
	}

	assert.match(list(80).lastFrame() ?? '', /VIA/, 'at 80 columns the route still shows');
});

test('the detail pane: both command lines, each forward with its listener, ssh\'s own last error', () => {
	const up = render(<Detail lines={tunnelDetail({view: views.up, report: undefined, check: undefined, watch: undefined, now: at})} height={30} width={200} full={false} palette={noColours} />).lastFrame() ?? '';
	assert.match(up, /mysql-b · up/);
	assert.match(up, /C {2}ssh -f -N -o ControlPath=\/run\/t\/mysql-b -L 9906:10\.1\.0\.2:3306 -- root@10\.1\.0\.2/);
	assert.match(up, /c {2}ssh -f -N -L 9906:10\.1\.0\.2:3306 root@10\.1\.0\.2/);
	assert.match(up, /L 127\.0\.0\.1:9906 → 10\.1\.0\.2:3306 {2}listening on 127\.0\.0\.1:9906, \[::1\]:9906 \(pid 4893\)/);

	const failed = render(<Detail lines={tunnelDetail({view: views.failed, report: undefined, check: undefined, watch: undefined, now: at})} height={30} width={200} full={false} palette={noColours} />).lastFrame() ?? '';
	assert.match(failed, /last error: root@10\.1\.0\.1: Permission denied \(publickey\)\./);

	const check: CheckStep[] = [
		{subject: {kind: 'control-socket', path: '/run/t/gone'}, result: {kind: 'pass', cause: {kind: 'master-answers', pid: 777}}},
		{subject: {kind: 'listener', addresses: ['127.0.0.1'], port: 9907}, result: {kind: 'fail', cause: {kind: 'not-bound', holdsOnly: []}}},
		{subject: {kind: 'process'}, result: {kind: 'fail', cause: {kind: 'process-stopped', pid: 777}}},
	];
	const stale = render(<Detail lines={tunnelDetail({view: views.stale, report: undefined, check: check, watch: undefined, now: at})} height={30} width={200} full={false} palette={noColours} />).lastFrame() ?? '';
	assert.match(stale, /NOT listening/);
	assert.match(stale, /pass {2}control socket \/run\/t\/gone: master pid 777 answers/);
	assert.match(stale, /FAIL {2}listener 127\.0\.0\.1:9907: not bound/);
	assert.match(stale, /FAIL {2}process: pid 777 is stopped \(SIGSTOP\) \(run: kill -CONT 777\)/);
});

test('prompts: a secret is never shown, only its length; a host key question shows ssh\'s words and y/n', () => {
	const secret = render(<PromptDialog prompt={{id: 1, tunnel: 'pg-a', text: 'root@10.1.0.2\'s password:', kind: 'secret'}} answer='hunter2' palette={noColours} />).lastFrame() ?? '';
	assert.doesNotMatch(secret, /hunter2/);
	assert.match(secret, /> •••••••█/);
	assert.match(secret, /ssh asks, starting pg-a: root@10\.1\.0\.2's password:/);

	const text = 'The authenticity of host \'[127.0.0.1]:2222\' can\'t be established.\nED25519 key fingerprint is SHA256:abc.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? ';
	const confirm = render(<PromptDialog prompt={{id: 2, tunnel: 'pg-a', text, kind: 'confirm'}} answer='' palette={noColours} />).lastFrame() ?? '';
	assert.match(confirm, /ED25519 key fingerprint is SHA256:abc\./);
	assert.match(confirm, /y yes · n no · esc cancel the start/);
});

test('first run: where the file would be, and the keys that create one', () => {
	const frame = render(<FirstRun path='/home/u/.config/tunnels/tunnels.yaml' />).lastFrame() ?? '';
	assert.match(frame, /The profile file \/home\/u\/\.config\/tunnels\/tunnels\.yaml does not exist\./);
	assert.match(frame, /^ e {3}write the example file there/m);
	assert.match(frame, /^ a {3}add a tunnel from an ssh command/m);
});

test('a broken profile: every error where it is, and that nothing runs until it is fixed', () => {
	const details = '/p.yaml:4: error: tunnel `db`, local[0]: port must be 1-65535, got `70000`';
	const frame = render(<InvalidProfile message='1 error in /p.yaml; nothing was run' details={details} palette={noColours} />).lastFrame() ?? '';
	assert.match(frame, /1 error in \/p\.yaml; nothing was run/);
	assert.match(frame, /\/p\.yaml:4: error: tunnel `db`, local\[0\]: port must be 1-65535, got `70000`/);
	assert.match(frame, /e: fix it in your editor \(or fix the file, then r\); running tunnels keep running\./);
});

test('the watcher\'s work shows: reconnecting with its attempt, next try, restarts and the last failure', () => {
	const state = {kind: 'reconnecting' as const, attempt: 3, nextAt: new Date(at.getTime() + 8000), name: 'pg-a', policy: 'always' as const, restarts: 2, lastFailure: {kind: 'process-gone' as const, pid: 4711}};
	assert.equal(watchLine(state, at), 'reconnecting (attempt 3, next in 8.0 s) · 2 restarts · last: process gone (pid 4711)');
	const frame = render(<TunnelList rows={rowsOf([views.down])} top={0} height={5} selected='pg-a' busy={{}} frame={0} width={110} now={at} palette={noColours} watch={[state]} />).lastFrame() ?? '';
	assert.match(frame, /^› ↻ reconnecting +pg-a/m);
	const detail = render(<Detail lines={tunnelDetail({view: views.down, report: undefined, check: undefined, watch: state, now: at})} height={30} width={200} full={false} palette={noColours} />).lastFrame() ?? '';
	assert.match(detail, /^kept up by this UI \(restart always\): reconnecting \(attempt 3, next in 8\.0 s\) · 2 restarts · last: p/m);
});
