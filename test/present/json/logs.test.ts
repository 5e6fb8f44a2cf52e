// Golden: `tunnels logs --json`. A public output: change it only on purpose.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {logsJson} from '../../../src/present/json/logs.js';
import {readHistory} from '../../../src/logs/history.js';
import {formatRecord} from '../../../src/logs/record.js';
import {describeHistoryEntry} from '../../../src/present/logs.js';

const at = new Date('2026-11-24T22:40:01.456Z');
const log = [
	formatRecord({kind: 'start', at, pid: 4790}),
	'root@10.1.0.2: Permission denied (publickey).\r\n',
	formatRecord({kind: 'watch', pid: 4780, event: {kind: 'start-failed', at, name: 'mysql-b', attempt: 1, failure: {kind: 'ssh-failed', failure: {kind: 'auth-failed', line: 'root@10.1.0.2: Permission denied (publickey).'}}, nextAt: new Date('2026-11-24T22:40:03.456Z')}}),
	'Timeout, server 10.1.0.2 not responding.\r\n',
	formatRecord({kind: 'watch', pid: 4780, event: {kind: 'restarted', at, name: 'mysql-b', pid: 4801, attempt: 2, after: {kind: 'process-gone', pid: 4800}}}),
].join('');

test('logs --json: the tunnel, its file, and each entry as written', () => {
	assert.equal(JSON.stringify(logsJson('mysql-b', '/run/user/1000/tunnels/ab12cd34/.state/mysql-b.log', readHistory([log])), undefined, 2), `{
  "name": "mysql-b",
  "file": "/run/user/1000/tunnels/ab12cd34/.state/mysql-b.log",
  "entries": [
    {
      "kind": "start",
      "at": "2026-11-24T22:40:01.456Z",
      "pid": 4790
    },
    {
      "kind": "ssh",
      "line": "root@10.1.0.2: Permission denied (publickey)."
    },
    {
      "kind": "event",
      "keeperPid": 4780,
      "event": {
        "kind": "start-failed",
        "at": "2026-11-24T22:40:01.456Z",
        "name": "mysql-b",
        "attempt": 1,
        "failure": {
          "kind": "ssh-failed",
          "failure": {
            "kind": "auth-failed",
            "line": "root@10.1.0.2: Permission denied (publickey)."
          }
        },
        "nextAt": "2026-11-24T22:40:03.456Z"
      }
    },
    {
      "kind": "ssh",
      "line": "Timeout, server 10.1.0.2 not responding."
    },
    {
      "kind": "event",
      "keeperPid": 4780,
      "event": {
        "kind": "restarted",
        "at": "2026-11-24T22:40:01.456Z",
        "name": "mysql-b",
        "pid": 4801,
        "attempt": 2,
        "after": {
          "kind": "process-gone",
          "pid": 4800
        }
      }
    }
  ]
}`);
});

test('logs in words: records with their times, ssh\'s lines indented under them', () => {
	assert.equal(readHistory([log]).map(entry => describeHistoryEntry(entry)).join('\n'), `2026-11-24T22:40:01Z starting ssh · by pid 4790
  root@10.1.0.2: Permission denied (publickey).
2026-11-24T22:40:01Z mysql-b start failed · attempt 1 · authentication failed · next in 2.0 s · keeper pid 4780
  Timeout, server 10.1.0.2 not responding.
2026-11-24T22:40:01Z mysql-b restarted · pid 4801 · after: process gone (pid 4800) · attempt 2 · keeper pid 4780`);
});
