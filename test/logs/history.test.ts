import assert from 'node:assert/strict';
import {test} from 'node:test';
import {lastEntries, readHistory, sshLinesOf} from '../../src/logs/history.js';
import {formatRecord, parseRecord, type HistoryRecord} from '../../src/logs/record.js';

const at = new Date('2026-11-29T20:00:00.000Z');
const restarted: HistoryRecord = {kind: 'watch', pid: 300, event: {kind: 'restarted', at, name: 'db', pid: 4200, attempt: 2, after: {kind: 'process-gone', pid: 4100}}};
const failed: HistoryRecord = {kind: 'watch', pid: 300, event: {kind: 'start-failed', at, name: 'db', attempt: 3, failure: {kind: 'busy', pid: 7}, nextAt: new Date('2026-11-29T20:00:08.000Z')}};
const stopped: HistoryRecord = {kind: 'watch', pid: 300, event: {kind: 'stopped', at, name: 'db', stop: {at: '2026-11-29T19:59:00.000Z', by: 'down'}}};

test('a record reads back as written, its times as Dates (a stop\'s own time stays the string it is)', () => {
	for (const record of [restarted, failed, stopped, {kind: 'start', at, pid: 12} as const]) {
		const line = formatRecord(record);
		assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
		assert.deepEqual(parseRecord(line.trimEnd()), record);
	}
});

test('a line of ssh, or a damaged record, is not taken for a record', () => {
	assert.equal(parseRecord('Timeout, server 127.0.0.1 not responding.'), undefined);
	assert.equal(parseRecord('@tunnels {"kind":"watch"'), undefined);
	assert.equal(parseRecord('@tunnels {"kind":"start","at":5,"pid":1}'), undefined);
	assert.equal(parseRecord('@tunnels {"kind":"watch","pid":1,"event":{"kind":"from-a-newer-version","at":"2026-11-29T20:00:00.000Z"}}'), undefined);
	assert.equal(parseRecord('@tunnels {"kind":"watch","pid":1,"event":{"kind":"toString","at":"2026-11-29T20:00:00.000Z"}}'), undefined);
});

test('the rotated file comes before the current one, and each file keeps its own order: ssh\'s lines stay where they were written', () => {
	const older = `${formatRecord({kind: 'start', at, pid: 1})}bind [127.0.0.1]:9906: Address already in use\n`;
	const current = `${formatRecord(restarted)}Timeout, server 127.0.0.1 not responding.\n\n`;
	assert.deepEqual(readHistory([older, current]), [
		{kind: 'record', record: {kind: 'start', at, pid: 1}},
		{kind: 'ssh', line: 'bind [127.0.0.1]:9906: Address already in use'},
		{kind: 'record', record: restarted},
		{kind: 'ssh', line: 'Timeout, server 127.0.0.1 not responding.'},
	]);
});

test('the line a master writes for each server probe of a keeper is left out; a real refused remote socket forward is kept', () => {
	const probe = 'mux_confirm_remote_forward: remote port forwarding failed for listen path /dev/null/tunnels-probe-ed4fc0678af4\r';
	const real = 'Error: remote port forwarding failed for listen path /run/app.sock\r';
	assert.deepEqual(readHistory([`${probe}\n${real}\n`]), [{kind: 'ssh', line: real}]);
});

test('the last N entries', () => {
	const entries = readHistory(['a\nb\nc\n']);
	assert.deepEqual(lastEntries(entries, 2).map(entry => entry.kind === 'ssh' && entry.line), ['b', 'c']);
	assert.equal(lastEntries(entries, 10).length, 3);
	assert.deepEqual(lastEntries(entries, 0), []);
});

test('what ssh said in a stretch of the log leaves the tool\'s records out', () => {
	assert.equal(sshLinesOf(`${formatRecord(restarted)}Host key verification failed.\r\n`), 'Host key verification failed.\n');
});
