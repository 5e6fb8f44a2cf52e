import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {PruneItem} from '../../../src/core/prune.js';
import type {ProcessInfo} from '../../../src/proc/types.js';
import {pruneJson} from '../../../src/present/json/prune.js';

const process = (pid: number, argv: string[]): ProcessInfo => ({pid, ppid: 1, uid: 1000, name: 'ssh', argv, startTicks: String(pid), startedAt: undefined, state: 'sleeping'});

// `tunnels prune --json` is a public shape: the process as pid and argv, forwards as ssh wrote them, the
// taken ports as the note the text prints, and `no-control-socket` for a socket something else answers.
test('prune --json: each item in its fixed order of fields, outcomes with their result', () => {
	const kill: PruneItem = {
		action: 'kill', process: process(101, ['ssh', '-L', '9001:10.1.0.2:3306', 'db']), subject: {kind: 'profile', name: 'taken'},
		forwards: [{flag: 'L', spec: '9001:10.1.0.2:3306'}], why: 'no-listener', taken: [{port: 9001, holder: {kind: 'process', pid: 77, command: 'nc -l 9001'}}],
	};
	const remove: PruneItem = {action: 'remove-socket', path: '/run/t/dead', subject: {kind: 'profile', name: 'dead'}, why: 'socket-refused'};
	const plan: PruneItem[] = [
		kill,
		remove,
		{action: 'skip', process: process(106, ['ssh', '-M', '-L', '9006:a:1', 'db']), subject: {kind: 'profile', name: 'unver'}, forwards: [{flag: 'L', spec: '9006:a:1'}], why: 'unverified-master', because: 'socket-not-ours'},
		{action: 'skip', process: process(109, ['ssh', '-R', '9109:a:1', '-D', '1080', 'x']), subject: {kind: 'foreign'}, forwards: [{flag: 'R', spec: '9109:a:1'}, {flag: 'D', spec: '1080'}], why: 'no-listener', because: 'foreign'},
		{action: 'kill', process: process(108, ['ssh', '-L', '9108:a:1', 'x']), subject: {kind: 'orphan'}, forwards: [{flag: 'L', spec: '9108:a:1'}], why: 'orphan'},
	];
	const outcomes = [{item: kill, result: {kind: 'stopped', by: 'SIGTERM'} as const}, {item: remove, result: {kind: 'removed'} as const}];
	assert.equal(JSON.stringify(pruneJson(plan, true, outcomes)), '{"plan":['
		+ '{"action":"kill","subject":{"kind":"profile","name":"taken"},"forwards":["L 9001:10.1.0.2:3306"],"why":"no-listener","note":"port 9001 is now held by pid 77 (nc -l 9001); it is left alone","pid":101,"argv":["ssh","-L","9001:10.1.0.2:3306","db"]},'
		+ '{"action":"remove-socket","path":"/run/t/dead","subject":{"kind":"profile","name":"dead"},"why":"socket-refused"},'
		+ '{"action":"skip","subject":{"kind":"profile","name":"unver"},"forwards":["L 9006:a:1"],"why":"no-control-socket","because":"socket-not-ours","pid":106,"argv":["ssh","-M","-L","9006:a:1","db"]},'
		+ '{"action":"skip","subject":{"kind":"foreign"},"forwards":["R 9109:a:1","D 1080"],"why":"no-listener","because":"foreign","pid":109,"argv":["ssh","-R","9109:a:1","-D","1080","x"]},'
		+ '{"action":"kill","subject":{"kind":"orphan"},"forwards":["L 9108:a:1"],"why":"orphan","pid":108,"argv":["ssh","-L","9108:a:1","x"]}'
		+ '],"executed":true,"outcomes":['
		+ '{"action":"kill","subject":{"kind":"profile","name":"taken"},"forwards":["L 9001:10.1.0.2:3306"],"why":"no-listener","note":"port 9001 is now held by pid 77 (nc -l 9001); it is left alone","pid":101,"argv":["ssh","-L","9001:10.1.0.2:3306","db"],"result":{"kind":"stopped","by":"SIGTERM"}},'
		+ '{"action":"remove-socket","path":"/run/t/dead","subject":{"kind":"profile","name":"dead"},"why":"socket-refused","result":{"kind":"removed"}}'
		+ ']}');
});
