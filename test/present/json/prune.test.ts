// Golden: each expected text is what `tunnels prune --json` printed before its declared mapper (the internal
// values spread into JSON.stringify). A public output: change it only on purpose.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {pruneJson} from '../../../src/present/json/prune.js';
import {pruneOutcomes, prunePlan} from './inputs.js';

test('carried out: every action, subject and reason; each kind of result', () => {
	assert.equal(JSON.stringify(pruneJson({plan: prunePlan, executed: true, outcomes: pruneOutcomes}), undefined, 2), `{
  "plan": [
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "mysql-b"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "no-listener",
      "note": "port 9906 is now held by pid 77 (nc); it is left alone",
      "pid": 7001,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "mysql-b"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "socket-refused",
      "pid": 7002,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "remove-socket",
      "path": "/run/user/1000/tunnels/mysql-b.sock",
      "subject": {
        "kind": "profile",
        "name": "mysql-b"
      },
      "why": "socket-refused"
    },
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "web"
      },
      "forwards": [],
      "why": "no-control-socket",
      "pid": 7003,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "web"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306",
        "R 2222:localhost:22"
      ],
      "why": "master-unresponsive",
      "pid": 7004,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "web"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "duplicate",
      "pid": 7005,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "kill",
      "subject": {
        "kind": "orphan"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "orphan",
      "pid": 7006,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "kill",
      "subject": {
        "kind": "outside"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "unresponsive",
      "pid": 7007,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "remove-socket",
      "path": "/run/user/1000/tunnels/gone.sock",
      "subject": {
        "kind": "orphan"
      },
      "why": "socket-refused"
    },
    {
      "action": "skip",
      "subject": {
        "kind": "outside"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "no-listener",
      "because": "outside",
      "pid": 7008,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "skip",
      "subject": {
        "kind": "profile",
        "name": "db"
      },
      "forwards": [],
      "why": "no-control-socket",
      "because": "socket-not-ours",
      "pid": 7009,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    }
  ],
  "executed": true,
  "outcomes": [
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "mysql-b"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "no-listener",
      "note": "port 9906 is now held by pid 77 (nc); it is left alone",
      "pid": 7001,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ],
      "result": {
        "kind": "stopped",
        "by": "SIGTERM"
      }
    },
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "mysql-b"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "socket-refused",
      "pid": 7002,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ],
      "result": {
        "kind": "refused",
        "reason": "identity-changed"
      }
    },
    {
      "action": "remove-socket",
      "path": "/run/user/1000/tunnels/mysql-b.sock",
      "subject": {
        "kind": "profile",
        "name": "mysql-b"
      },
      "why": "socket-refused",
      "result": {
        "kind": "removed"
      }
    },
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "web"
      },
      "forwards": [],
      "why": "no-control-socket",
      "pid": 7003,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ],
      "result": {
        "kind": "failed",
        "reason": "survived"
      }
    },
    {
      "action": "remove-socket",
      "path": "/run/user/1000/tunnels/gone.sock",
      "subject": {
        "kind": "orphan"
      },
      "why": "socket-refused",
      "result": {
        "kind": "kept"
      }
    }
  ]
}`);
});

test('a dry run: the plan, no outcomes', () => {
	assert.equal(JSON.stringify(pruneJson({plan: prunePlan.slice(0, 3), executed: false, outcomes: []}), undefined, 2), `{
  "plan": [
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "mysql-b"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "no-listener",
      "note": "port 9906 is now held by pid 77 (nc); it is left alone",
      "pid": 7001,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "kill",
      "subject": {
        "kind": "profile",
        "name": "mysql-b"
      },
      "forwards": [
        "L 9906:10.1.0.2:3306"
      ],
      "why": "socket-refused",
      "pid": 7002,
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ]
    },
    {
      "action": "remove-socket",
      "path": "/run/user/1000/tunnels/mysql-b.sock",
      "subject": {
        "kind": "profile",
        "name": "mysql-b"
      },
      "why": "socket-refused"
    }
  ],
  "executed": false,
  "outcomes": []
}`);
});

test('nothing is stale', () => {
	assert.equal(JSON.stringify(pruneJson({plan: [], executed: false, outcomes: []}), undefined, 2), `{
  "plan": [],
  "executed": false,
  "outcomes": []
}`);
});
