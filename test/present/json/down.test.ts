// Golden: each expected text is what `tunnels down --json` printed before its declared mapper (the internal
// values spread into JSON.stringify). A public output: change it only on purpose.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {downJson} from '../../../src/present/json/down.js';
import {downResults} from './inputs.js';

test('stopped (each kill outcome) and not-running, socket removed or not', () => {
	assert.equal(JSON.stringify(downJson(downResults), undefined, 2), `[
  {
    "name": "mysql-b",
    "kind": "stopped",
    "stopped": [
      {
        "pid": 4242,
        "outcome": {
          "kind": "stopped",
          "by": "ssh -O exit"
        }
      },
      {
        "pid": 4243,
        "outcome": {
          "kind": "stopped",
          "by": "SIGTERM"
        }
      },
      {
        "pid": 4244,
        "outcome": {
          "kind": "stopped",
          "by": "SIGKILL"
        }
      },
      {
        "pid": 4245,
        "outcome": {
          "kind": "stopped",
          "by": "already gone"
        }
      },
      {
        "pid": 4246,
        "outcome": {
          "kind": "refused",
          "reason": "not-found"
        }
      },
      {
        "pid": 4247,
        "outcome": {
          "kind": "refused",
          "reason": "zombie"
        }
      },
      {
        "pid": 4248,
        "outcome": {
          "kind": "refused",
          "reason": "identity-changed"
        }
      },
      {
        "pid": 4249,
        "outcome": {
          "kind": "refused",
          "reason": "other-user"
        }
      },
      {
        "pid": 4250,
        "outcome": {
          "kind": "refused",
          "reason": "not-ssh"
        }
      },
      {
        "pid": 4251,
        "outcome": {
          "kind": "refused",
          "reason": "not-a-tunnel"
        }
      },
      {
        "pid": 4252,
        "outcome": {
          "kind": "failed",
          "reason": "not-permitted"
        }
      },
      {
        "pid": 4253,
        "outcome": {
          "kind": "failed",
          "reason": "survived"
        }
      }
    ],
    "socketRemoved": true
  },
  {
    "name": "web",
    "kind": "stopped",
    "stopped": [
      {
        "pid": 4300,
        "outcome": {
          "kind": "stopped",
          "by": "ssh -O exit"
        }
      }
    ],
    "socketRemoved": false
  },
  {
    "name": "idle",
    "kind": "not-running",
    "socketRemoved": false
  },
  {
    "name": "dead-socket",
    "kind": "not-running",
    "socketRemoved": true
  }
]`);
});

test('nothing named: an empty array', () => {
	assert.equal(JSON.stringify(downJson([]), undefined, 2), `[]`);
});

test('released: a shared tunnel\'s forwards closed on its master, and the master ended with its last tunnel', () => {
	assert.equal(JSON.stringify(downJson([
		{name: 'one', result: {kind: 'released', pid: 4300, ended: []}},
		{name: 'three', result: {kind: 'released', pid: 4300, ended: [{pid: 4300, outcome: {kind: 'stopped', by: 'ssh -O exit'}}]}},
	])), '[{"name":"one","kind":"released","pid":4300,"ended":[]},{"name":"three","kind":"released","pid":4300,"ended":[{"pid":4300,"outcome":{"kind":"stopped","by":"ssh -O exit"}}]}]');
});
