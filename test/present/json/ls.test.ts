// Golden: each expected text is what `tunnels ls --json` printed before its declared mapper (the internal
// values spread into JSON.stringify). A public output: change it only on purpose.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {lsJson} from '../../../src/present/json/ls.js';
import {lsConfigWarnings, lsStrays, lsTunnels, lsWarnings} from './inputs.js';

const file = '/home/ana/.config/tunnels/tunnels.yaml';

test('every state, a tunnel of the ssh config, an orphan and an ssh tunnel outside the profile, warnings with and without their optional fields', () => {
	assert.equal(JSON.stringify(lsJson({file, tunnels: lsTunnels, strays: lsStrays, warnings: lsWarnings, sshConfigWarnings: lsConfigWarnings}), undefined, 2), `{
  "file": "/home/ana/.config/tunnels/tunnels.yaml",
  "tunnels": [
    {
      "name": "t0",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t0.sock",
      "state": "down"
    },
    {
      "name": "t1",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t1.sock",
      "state": "starting",
      "pid": 4242
    },
    {
      "name": "t2",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t2.sock",
      "state": "up",
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
    },
    {
      "name": "t3",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t3.sock",
      "state": "up",
      "pid": 4243,
      "forwards": []
    },
    {
      "name": "t4",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t4.sock",
      "state": "failed",
      "at": "2026-11-24T22:39:58.001Z",
      "failure": {
        "kind": "auth-failed",
        "line": "root@10.1.0.2: Permission denied (publickey)."
      }
    },
    {
      "name": "t5",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t5.sock",
      "state": "stale",
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
    },
    {
      "name": "t6",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t6.sock",
      "state": "stale",
      "reason": "socket-refused",
      "pids": [],
      "forwards": []
    },
    {
      "name": "t7",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t7.sock",
      "state": "stale",
      "reason": "no-control-socket",
      "pids": [
        4242
      ],
      "forwards": []
    },
    {
      "name": "t8",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t8.sock",
      "state": "stale",
      "reason": "master-unresponsive",
      "pids": [
        4242
      ],
      "forwards": []
    },
    {
      "name": "t9",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t9.sock",
      "state": "stale",
      "reason": "unverified-master",
      "pids": [
        4242,
        4243
      ],
      "forwards": []
    },
    {
      "name": "t10",
      "source": {
        "kind": "profile"
      },
      "controlPath": "/run/user/1000/tunnels/t10.sock",
      "state": "stale",
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
    },
    {
      "name": "ssh:fwd",
      "source": {
        "kind": "ssh-config",
        "file": "/home/ana/.ssh/config",
        "line": 12,
        "route": "ana@bastion:22"
      },
      "controlPath": "/run/user/1000/tunnels/ssh_fwd.sock",
      "state": "down"
    }
  ],
  "outside": [
    {
      "origin": "orphan",
      "pid": 6001,
      "startedAt": "2026-11-24T22:40:01.456Z",
      "argv": [
        "ssh",
        "-f",
        "-N",
        "-M",
        "-S",
        "/run/user/1000/tunnels/gone.sock",
        "-L",
        "9906:10.1.0.2:3306",
        "--",
        "root@10.1.0.2"
      ],
      "forwards": [
        {
          "flag": "L",
          "spec": "9906:10.1.0.2:3306"
        }
      ],
      "destination": "root@10.1.0.2",
      "listeners": [
        {
          "address": "127.0.0.1",
          "port": 9906
        },
        {
          "address": "::1",
          "port": 9906
        }
      ]
    },
    {
      "origin": "outside",
      "pid": 6002,
      "argv": [
        "ssh",
        "-N",
        "-R",
        "2222:localhost:22",
        "-D",
        "1080"
      ],
      "forwards": [
        {
          "flag": "R",
          "spec": "2222:localhost:22"
        },
        {
          "flag": "D",
          "spec": "1080"
        }
      ],
      "listeners": []
    }
  ],
  "warnings": [
    {
      "severity": "warning",
      "file": "/home/ana/.config/tunnels/tunnels.yaml",
      "line": 7,
      "tunnel": "db",
      "field": "local[0]",
      "message": "listens on every address",
      "hint": "bind 127.0.0.1 unless others must reach it"
    },
    {
      "severity": "warning",
      "file": "/home/ana/.config/tunnels/tunnels.yaml",
      "message": "unknown key \`tunels\`"
    }
  ],
  "sshConfigWarnings": [
    "/home/ana/.ssh/config:30: Host wild* is not listed: a pattern"
  ]
}`);
});

test('an empty profile', () => {
	assert.equal(JSON.stringify(lsJson({file, tunnels: [], strays: [], warnings: [], sshConfigWarnings: []}), undefined, 2), `{
  "file": "/home/ana/.config/tunnels/tunnels.yaml",
  "tunnels": [],
  "outside": [],
  "warnings": [],
  "sshConfigWarnings": []
}`);
});

test('a tunnel with tags lists them after its name; one without has no `tags`', () => {
	const tunnels = [{target: {tunnel: {name: 'db', source: {kind: 'profile'}, tags: ['db', 'prod']}, controlPath: '/run/user/1000/tunnels/db.sock'}, status: {kind: 'down'}}] as const;
	assert.equal(JSON.stringify(lsJson({file, tunnels, strays: [], warnings: [], sshConfigWarnings: []}).tunnels), '[{"name":"db","tags":["db","prod"],"source":{"kind":"profile"},"controlPath":"/run/user/1000/tunnels/db.sock","state":"down"}]');
});

test('a failure a keeper gave up on carries the keeper\'s pid; without one there is no such field', () => {
	const failure = {kind: 'auth-failed', line: 'root@10.1.0.2: Permission denied (publickey).'} as const;
	const tunnel = {name: 'db', source: {kind: 'profile'} as const, tags: []};
	const [gaveUp, failed] = lsJson({file, strays: [], warnings: [], sshConfigWarnings: [], tunnels: [
		{target: {tunnel, controlPath: '/run/t/db'}, status: {kind: 'failed', at: '2026-11-24T22:39:58.001Z', failure, gaveUp: {pid: 777}}},
		{target: {tunnel, controlPath: '/run/t/db'}, status: {kind: 'failed', at: '2026-11-24T22:39:58.001Z', failure}},
	]}).tunnels;
	assert.equal(JSON.stringify(gaveUp), '{"name":"db","source":{"kind":"profile"},"controlPath":"/run/t/db","state":"failed","at":"2026-11-24T22:39:58.001Z","failure":{"kind":"auth-failed","line":"root@10.1.0.2: Permission denied (publickey)."},"gaveUp":{"pid":777}}');
	assert.ok(failed !== undefined && !('gaveUp' in failed));
});

test('who keeps a tunnel, after its state: the kind of keeper and its pid', () => {
	const tunnel = {name: 'db', source: {kind: 'profile'} as const, tags: []};
	const [entry] = lsJson({file, strays: [], warnings: [], sshConfigWarnings: [], tunnels: [
		{target: {tunnel, controlPath: '/run/t/db'}, status: {kind: 'down'}, keeper: {kind: 'service', pid: 321}},
	]}).tunnels;
	assert.equal(JSON.stringify(entry), '{"name":"db","source":{"kind":"profile"},"controlPath":"/run/t/db","state":"down","keeper":{"kind":"service","pid":321}}');
});
