// Golden: each expected text is what `tunnels up --json` printed before its declared mapper (the internal
// values spread into JSON.stringify). A public output: change it only on purpose.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {upJson} from '../../../src/present/json/up.js';
import {upResults} from './inputs.js';

const of = (...kinds: string[]) => upResults.filter(({result}) => kinds.includes(result.kind));

test('started (with and without remote bindings, each kind of binding) and already-up', () => {
	assert.equal(JSON.stringify(upJson(of('started', 'already-up')), undefined, 2), `[
  {
    "name": "mysql-b",
    "kind": "started",
    "pid": 4242,
    "forwards": [
      {
        "kind": "local",
        "forward": {
          "port": 9906,
          "host": "10.1.0.2",
          "hostPort": 3306
        },
        "bound": [
          "127.0.0.1",
          "::1"
        ]
      },
      {
        "kind": "local",
        "forward": {
          "bind": "127.0.0.1",
          "port": 8080,
          "host": "web",
          "hostPort": 80
        },
        "bound": []
      },
      {
        "kind": "remote",
        "forward": {
          "bind": "*",
          "port": 2222,
          "host": "localhost",
          "hostPort": 22
        },
        "bound": []
      }
    ],
    "elapsedMs": 412.730125,
    "remoteBindings": [
      {
        "forward": {
          "bind": "*",
          "port": 2222,
          "host": "localhost",
          "hostPort": 22
        },
        "binding": {
          "kind": "beyond-loopback",
          "address": "10.1.0.2"
        }
      },
      {
        "forward": {
          "bind": "*",
          "port": 2222,
          "host": "localhost",
          "hostPort": 22
        },
        "binding": {
          "kind": "loopback-only",
          "address": "fe80::2"
        }
      },
      {
        "forward": {
          "bind": "*",
          "port": 2222,
          "host": "localhost",
          "hostPort": 22
        },
        "binding": {
          "kind": "unknown",
          "why": "the connection to the server is not visible"
        }
      }
    ]
  },
  {
    "name": "plain",
    "kind": "started",
    "pid": 4250,
    "forwards": [],
    "elapsedMs": 87,
    "remoteBindings": []
  },
  {
    "name": "web",
    "kind": "already-up",
    "pid": 4243,
    "forwards": [
      {
        "kind": "local",
        "forward": {
          "port": 9906,
          "host": "10.1.0.2",
          "hostPort": 3306
        },
        "bound": [
          "127.0.0.1",
          "::1"
        ]
      },
      {
        "kind": "local",
        "forward": {
          "bind": "127.0.0.1",
          "port": 8080,
          "host": "web",
          "hostPort": 80
        },
        "bound": []
      },
      {
        "kind": "remote",
        "forward": {
          "bind": "*",
          "port": 2222,
          "host": "localhost",
          "hostPort": 22
        },
        "bound": []
      }
    ]
  }
]`);
});

test('port-taken: each kind of holder', () => {
	assert.equal(JSON.stringify(upJson(of('port-taken')), undefined, 2), `[
  {
    "name": "taken",
    "kind": "port-taken",
    "taken": [
      {
        "forward": {
          "port": 9906,
          "host": "10.1.0.2",
          "hostPort": 3306
        },
        "address": "127.0.0.1",
        "holder": {
          "kind": "tunnel",
          "name": "other",
          "pid": 77
        }
      },
      {
        "forward": {
          "port": 9906,
          "host": "10.1.0.2",
          "hostPort": 3306
        },
        "address": "::1",
        "holder": {
          "kind": "process",
          "pid": 78,
          "command": "nc -l 9906"
        }
      },
      {
        "forward": {
          "bind": "127.0.0.1",
          "port": 8080,
          "host": "web",
          "hostPort": 80
        },
        "address": "0.0.0.0",
        "holder": {
          "kind": "unknown"
        }
      }
    ]
  }
]`);
});

test('failed: the ssh failure and its stderr', () => {
	assert.equal(JSON.stringify(upJson(of('failed')), undefined, 2), `[
  {
    "name": "failed-port-in-use",
    "kind": "failed",
    "failure": {
      "kind": "port-in-use",
      "address": "127.0.0.1",
      "port": 9906,
      "line": "bind [127.0.0.1]:9906: Address already in use"
    },
    "stderr": "line one\\nline two\\n"
  },
  {
    "name": "failed-name-not-resolved",
    "kind": "failed",
    "failure": {
      "kind": "name-not-resolved",
      "host": "nowhere",
      "line": "ssh: Could not resolve hostname nowhere: Name or service not known"
    },
    "stderr": "line one\\nline two\\n"
  },
  {
    "name": "failed-timeout",
    "kind": "failed",
    "failure": {
      "kind": "timeout",
      "seconds": 15
    },
    "stderr": "line one\\nline two\\n"
  },
  {
    "name": "failed-other",
    "kind": "failed",
    "failure": {
      "kind": "other",
      "exitCode": 255,
      "line": "ssh exited with status 255 and said nothing"
    },
    "stderr": "line one\\nline two\\n"
  }
]`);
});

test('stale, unverified with each kind of status, busy', () => {
	assert.equal(JSON.stringify(upJson(of('stale', 'unverified', 'busy')), undefined, 2), `[
  {
    "name": "stale",
    "kind": "stale",
    "status": {
      "kind": "stale",
      "reason": "duplicate",
      "pids": [
        4242,
        4243
      ],
      "forwards": [
        {
          "kind": "local",
          "forward": {
            "port": 9906,
            "host": "10.1.0.2",
            "hostPort": 3306
          },
          "bound": [
            "127.0.0.1",
            "::1"
          ]
        },
        {
          "kind": "local",
          "forward": {
            "bind": "127.0.0.1",
            "port": 8080,
            "host": "web",
            "hostPort": 80
          },
          "bound": []
        },
        {
          "kind": "remote",
          "forward": {
            "bind": "*",
            "port": 2222,
            "host": "localhost",
            "hostPort": 22
          },
          "bound": []
        }
      ]
    }
  },
  {
    "name": "unverified-0",
    "kind": "unverified",
    "status": {
      "kind": "down"
    }
  },
  {
    "name": "unverified-1",
    "kind": "unverified",
    "status": {
      "kind": "starting",
      "pid": 4242
    }
  },
  {
    "name": "unverified-2",
    "kind": "unverified",
    "status": {
      "kind": "up",
      "pid": 4242,
      "startedAt": "2026-11-24T22:40:01.456Z",
      "forwards": [
        {
          "kind": "local",
          "forward": {
            "port": 9906,
            "host": "10.1.0.2",
            "hostPort": 3306
          },
          "bound": [
            "127.0.0.1",
            "::1"
          ]
        },
        {
          "kind": "local",
          "forward": {
            "bind": "127.0.0.1",
            "port": 8080,
            "host": "web",
            "hostPort": 80
          },
          "bound": []
        },
        {
          "kind": "remote",
          "forward": {
            "bind": "*",
            "port": 2222,
            "host": "localhost",
            "hostPort": 22
          },
          "bound": []
        }
      ]
    }
  },
  {
    "name": "unverified-3",
    "kind": "unverified",
    "status": {
      "kind": "up",
      "pid": 4243,
      "forwards": []
    }
  },
  {
    "name": "unverified-4",
    "kind": "unverified",
    "status": {
      "kind": "failed",
      "at": "2026-11-24T22:39:58.001Z",
      "failure": {
        "kind": "auth-failed",
        "line": "root@10.1.0.2: Permission denied (publickey)."
      }
    }
  },
  {
    "name": "unverified-5",
    "kind": "unverified",
    "status": {
      "kind": "stale",
      "reason": "no-listener",
      "pids": [
        4242
      ],
      "forwards": [
        {
          "kind": "local",
          "forward": {
            "port": 9906,
            "host": "10.1.0.2",
            "hostPort": 3306
          },
          "bound": [
            "127.0.0.1",
            "::1"
          ]
        },
        {
          "kind": "local",
          "forward": {
            "bind": "127.0.0.1",
            "port": 8080,
            "host": "web",
            "hostPort": 80
          },
          "bound": []
        },
        {
          "kind": "remote",
          "forward": {
            "bind": "*",
            "port": 2222,
            "host": "localhost",
            "hostPort": 22
          },
          "bound": []
        }
      ]
    }
  },
  {
    "name": "busy",
    "kind": "busy",
    "pid": 4299
  }
]`);
});

test('nothing started: an empty array', () => {
	assert.equal(JSON.stringify(upJson([]), undefined, 2), `[]`);
});
