// Golden: each expected text is what `tunnels watch --json` printed before its declared mapper (the internal
// values spread into JSON.stringify). A public output: change it only on purpose.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {watchEventJson} from '../../../src/present/json/watch.js';
import {watchEvents} from './inputs.js';

test('one line per event: every kind of event and of failure, dates as ISO strings', () => {
	assert.equal(watchEvents.map(event => JSON.stringify(watchEventJson(event))).join('\n'), `{"kind":"watching","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","policy":"always"}
{"kind":"watching","at":"2026-11-24T22:40:01.456Z","name":"web","policy":"on-failure"}
{"kind":"adopted","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","pid":123}
{"kind":"started","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","pid":123,"attempt":1}
{"kind":"restarted","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","pid":124,"attempt":2,"after":{"kind":"process-gone","pid":123}}
{"kind":"lost","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","failure":{"kind":"unresponsive","pid":124,"silentMs":20000}}
{"kind":"lost","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","failure":{"kind":"stale","reason":"master-unresponsive"}}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":1,"failure":{"kind":"ssh-failed","failure":{"kind":"port-in-use","address":"127.0.0.1","port":9906,"line":"bind [127.0.0.1]:9906: Address already in use"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":2,"failure":{"kind":"ssh-failed","failure":{"kind":"remote-forward-refused","port":2222,"line":"Error: remote port forwarding failed for listen port 2222"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":3,"failure":{"kind":"ssh-failed","failure":{"kind":"forwarding-prohibited","line":"channel 2: open failed: administratively prohibited: open failed"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":4,"failure":{"kind":"ssh-failed","failure":{"kind":"connection-refused","line":"ssh: connect to host 10.1.0.2 port 22: Connection refused"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":5,"failure":{"kind":"ssh-failed","failure":{"kind":"connect-timeout","line":"ssh: connect to host 10.1.0.2 port 22: Connection timed out"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":6,"failure":{"kind":"ssh-failed","failure":{"kind":"unreachable","line":"ssh: connect to host 10.1.0.2 port 22: No route to host"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":7,"failure":{"kind":"ssh-failed","failure":{"kind":"name-not-resolved","host":"nowhere","line":"ssh: Could not resolve hostname nowhere: Name or service not known"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":8,"failure":{"kind":"ssh-failed","failure":{"kind":"auth-failed","line":"root@10.1.0.2: Permission denied (publickey)."}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":9,"failure":{"kind":"ssh-failed","failure":{"kind":"host-key-unknown","line":"Host key verification failed."}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":10,"failure":{"kind":"ssh-failed","failure":{"kind":"host-key-changed","line":"Host key verification failed."}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":11,"failure":{"kind":"ssh-failed","failure":{"kind":"control-path-too-long","line":"unix_listener: path \\"/run/user/1000/tunnels/x\\" too long for Unix domain socket"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":12,"failure":{"kind":"ssh-failed","failure":{"kind":"timeout","seconds":15}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":13,"failure":{"kind":"ssh-failed","failure":{"kind":"other","exitCode":255,"line":"ssh exited with status 255 and said nothing"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":14,"failure":{"kind":"ssh-failed","failure":{"kind":"socket-in-use","path":"/tmp/docker.sock","line":"unix_listener: cannot bind to path /tmp/docker.sock: Address already in use"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":15,"failure":{"kind":"ssh-failed","failure":{"kind":"socket-bind-failed","path":"/tmp/x/docker.sock","reason":"No such file or directory","line":"unix_listener: cannot bind to path /tmp/x/docker.sock: No such file or directory"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":16,"failure":{"kind":"ssh-failed","failure":{"kind":"remote-socket-refused","path":"/run/app.sock","line":"Error: remote port forwarding failed for listen path /run/app.sock"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"from-nat","attempt":17,"failure":{"kind":"ssh-failed","failure":{"kind":"jump-failed","said":"connect failed: Connection refused","line":"channel 0: open failed: connect failed: Connection refused"}},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","attempt":2,"failure":{"kind":"port-taken","taken":[{"port":9906,"address":"127.0.0.1","holder":"pid 77 (nc)"},{"port":9906,"address":"::1","holder":"tunnel 'other' (pid 78)"}]},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","attempt":3,"failure":{"kind":"unverified","state":"runs but does not hold its listeners"},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","attempt":4,"failure":{"kind":"busy","pid":4299},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"docker","attempt":1,"failure":{"kind":"port-taken","taken":[{"path":"/tmp/docker.sock","holder":"pid 77 (socat)"}]},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"docker","attempt":2,"failure":{"kind":"socket-file","refusals":[{"path":"/tmp/x/docker.sock","why":"socket /tmp/x/docker.sock: its directory /tmp/x does not exist"},{"path":"/tmp/socks","why":"socket /tmp/socks: a file is there, and ssh would delete it to listen"}]},"nextAt":"2026-11-24T22:40:09.456Z"}
{"kind":"stopped","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","stop":{"at":"2026-11-24T22:39:00.000Z","by":"down"}}
{"kind":"stopped","at":"2026-11-24T22:40:01.456Z","name":"web","stop":{"at":"2026-11-24T22:39:30.500Z","by":"kill"}}
{"kind":"idle","at":"2026-11-24T22:40:01.456Z","name":"web"}
{"kind":"elsewhere","at":"2026-11-24T22:40:01.456Z","name":"web","pid":8123}
{"kind":"woke","at":"2026-11-24T22:40:01.456Z","sleptMs":3600000}
{"kind":"network","at":"2026-11-24T22:40:01.456Z","ready":true,"waitedMs":1250}
{"kind":"network","at":"2026-11-24T22:40:01.456Z","ready":false,"waitedMs":30000}
{"kind":"taken-down","at":"2026-11-24T22:40:01.456Z","name":"mysql-b","stopped":[124],"failed":[]}
{"kind":"taken-down","at":"2026-11-24T22:40:01.456Z","name":"web","stopped":[],"failed":[125,126]}
{"kind":"reloaded","at":"2026-11-24T22:40:01.456Z","added":["new"],"removed":["gone"],"released":["never"],"changed":["mysql-b"]}
{"kind":"profile-refused","at":"2026-11-24T22:40:01.456Z","file":"/home/u/.config/tunnels/tunnels.yaml","message":"1 error in /home/u/.config/tunnels/tunnels.yaml; nothing was run","detail":"/home/u/.config/tunnels/tunnels.yaml:3: unknown key \`hots\`"}
{"kind":"profile-refused","at":"2026-11-24T22:40:01.456Z","file":"/p.yaml","message":"cannot read /p.yaml: permission denied"}
{"kind":"unwatched","at":"2026-11-24T22:40:01.456Z","name":"gone","why":"removed","stopped":[127]}
{"kind":"unwatched","at":"2026-11-24T22:40:01.456Z","name":"never","why":"not-kept","stopped":[]}`);
});
