import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {DoctorLine} from '../../../src/core/doctor.js';
import {doctorJson} from '../../../src/present/json/doctor.js';

// `tunnels doctor --json` is a public shape: these are its exact bytes for each kind of line.
test('doctor --json: [{label, verdict: {kind, detail, fix?}}], a fix on every warning and failure', () => {
	const lines: DoctorLine[] = [
		{subject: {kind: 'ssh', binary: 'ssh'}, verdict: {kind: 'pass', cause: {kind: 'ssh-version', version: 'OpenSSH_9.2p1 Debian-2'}}},
		{subject: {kind: 'profile-file', path: '/home/a/.config/tunnels/tunnels.yaml'}, verdict: {kind: 'pass', cause: {kind: 'profile-valid', tunnels: 1}}},
		{subject: {kind: 'profile-file', path: '/home/a/.config/tunnels/tunnels.yaml'}, verdict: {kind: 'warn', cause: {kind: 'profile-warning', issue: {severity: 'warning', file: 'tunnels.yaml', line: 7, tunnel: 'db', field: 'local[0]', message: 'listening on port 80 needs root', hint: 'pick a port from 1024 up'}}}},
		{subject: {kind: 'file', role: 'ssh-config', name: undefined, path: '/home/a/.config/tunnels/ssh_config'}, verdict: {kind: 'pass', cause: {kind: 'file-readable'}}},
		{subject: {kind: 'file', role: 'identity-file', name: 'db', path: '/home/a/keys/db'}, verdict: {kind: 'warn', cause: {kind: 'file-unusable', role: 'identity-file', access: 'unreadable'}}},
		{subject: {kind: 'socket-directory'}, verdict: {kind: 'fail', cause: {kind: 'socket-directory-unusable', message: '/run/t is a symlink', hint: undefined}}},
		{subject: {kind: 'ssh-config', name: 'db', host: 'dbhost'}, verdict: {kind: 'pass', cause: {kind: 'connects-to', destination: 'root@10.1.0.2:2222 via j@b', controlMaster: 'auto'}}},
		{subject: {kind: 'forwarding', name: 'db', target: '10.1.0.2:3306'}, verdict: {kind: 'warn', cause: {kind: 'target-refused', target: '10.1.0.2:3306', said: 'Connection refused'}}},
		{subject: {kind: 'forwarding', name: 'db', target: '10.1.0.2:3306'}, verdict: {kind: 'fail', cause: {kind: 'ssh-failed', failure: {kind: 'other', exitCode: 255, line: 'Connection closed'}}}},
	];
	assert.equal(JSON.stringify(doctorJson(lines)), '['
		+ '{"label":"ssh (ssh)","verdict":{"kind":"pass","detail":"OpenSSH_9.2p1 Debian-2"}},'
		+ '{"label":"profile file /home/a/.config/tunnels/tunnels.yaml","verdict":{"kind":"pass","detail":"valid, only you can write it, 1 tunnel"}},'
		+ '{"label":"profile file /home/a/.config/tunnels/tunnels.yaml","verdict":{"kind":"warn","detail":"tunnels.yaml:7: warning: tunnel `db`, local[0]: listening on port 80 needs root","fix":"pick a port from 1024 up"}},'
		+ '{"label":"ssh config file /home/a/.config/tunnels/ssh_config","verdict":{"kind":"pass","detail":"exists and can be read"}},'
		+ '{"label":"identity file of db (/home/a/keys/db)","verdict":{"kind":"warn","detail":"cannot be read by you: ssh will warn and try the agent\'s and its default keys","fix":"make it readable by you (chmod u+r), or point the profile at another file"}},'
		+ '{"label":"control socket directory","verdict":{"kind":"fail","detail":"/run/t is a symlink","fix":"set TUNNELS_RUNTIME_DIR to a directory of your own"}},'
		+ '{"label":"ssh config for db (dbhost)","verdict":{"kind":"pass","detail":"connects to root@10.1.0.2:2222 via j@b; ControlMaster auto there is overridden by the tool\'s own ControlMaster and ControlPath"}},'
		+ '{"label":"forwarding on db (test channel to 10.1.0.2:3306)","verdict":{"kind":"warn","detail":"the server allows forwarding, but 10.1.0.2:3306 refuses from its side: Connection refused","fix":"start the target service, or fix the forward\'s host and port"}},'
		+ '{"label":"forwarding on db (test channel to 10.1.0.2:3306)","verdict":{"kind":"fail","detail":"ssh failed (exit 255): Connection closed","fix":"run the test by hand with ssh -v"}}'
		+ ']');
});
