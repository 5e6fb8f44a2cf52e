// Golden: each expected text is what `tunnels kill --json` printed before its declared mapper (the internal
// values spread into JSON.stringify). A public output: change it only on purpose.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {killJson} from '../../../src/present/json/kill.js';
import {killResults} from './inputs.js';

test('each kill outcome by name and by PID; a tunnel not running has no pid', () => {
	assert.equal(JSON.stringify(killJson(killResults), undefined, 2), `[
  {
    "target": "mysql-b",
    "pid": 5000,
    "outcome": {
      "kind": "stopped",
      "by": "ssh -O exit"
    }
  },
  {
    "target": "5001",
    "pid": 5001,
    "outcome": {
      "kind": "stopped",
      "by": "SIGTERM"
    }
  },
  {
    "target": "mysql-b",
    "pid": 5002,
    "outcome": {
      "kind": "stopped",
      "by": "SIGKILL"
    }
  },
  {
    "target": "5003",
    "pid": 5003,
    "outcome": {
      "kind": "stopped",
      "by": "already gone"
    }
  },
  {
    "target": "mysql-b",
    "pid": 5004,
    "outcome": {
      "kind": "refused",
      "reason": "not-found"
    }
  },
  {
    "target": "5005",
    "pid": 5005,
    "outcome": {
      "kind": "refused",
      "reason": "zombie"
    }
  },
  {
    "target": "mysql-b",
    "pid": 5006,
    "outcome": {
      "kind": "refused",
      "reason": "identity-changed"
    }
  },
  {
    "target": "5007",
    "pid": 5007,
    "outcome": {
      "kind": "refused",
      "reason": "other-user"
    }
  },
  {
    "target": "mysql-b",
    "pid": 5008,
    "outcome": {
      "kind": "refused",
      "reason": "not-ssh"
    }
  },
  {
    "target": "5009",
    "pid": 5009,
    "outcome": {
      "kind": "refused",
      "reason": "not-a-tunnel"
    }
  },
  {
    "target": "mysql-b",
    "pid": 5010,
    "outcome": {
      "kind": "failed",
      "reason": "not-permitted"
    }
  },
  {
    "target": "5011",
    "pid": 5011,
    "outcome": {
      "kind": "failed",
      "reason": "survived"
    }
  },
  {
    "target": "idle",
    "outcome": {
      "kind": "not-running"
    }
  }
]`);
});
