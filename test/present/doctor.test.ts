import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {DoctorLine} from '../../src/core/doctor.js';
import {doctorLineText} from '../../src/present/doctor.js';

test('doctor lines: mark, label, detail (further lines indented), and a fix under every warning and failure', () => {
	const path = '/home/a/.config/tunnels/tunnels.yaml';
	const cases: Array<[DoctorLine, string]> = [
		[{subject: {kind: 'ssh', binary: 'ssh'}, verdict: {kind: 'pass', cause: {kind: 'ssh-version', version: 'OpenSSH_9.2p1'}}}, 'pass  ssh (ssh): OpenSSH_9.2p1'],
		[{subject: {kind: 'ssh', binary: '/opt/ssh'}, verdict: {kind: 'fail', cause: {kind: 'ssh-not-run', stderr: '', exitCode: 127}}}, 'FAIL  ssh (/opt/ssh): exited with status 127\n      fix: install OpenSSH\'s client, or point --ssh / TUNNELS_SSH at it'],
		[{subject: {kind: 'ssh', binary: 'ssh'}, verdict: {kind: 'fail', cause: {kind: 'ssh-too-old', version: ''}}}, 'FAIL  ssh (ssh): unknown version: OpenSSH 6.7 or newer is needed (control sockets, -W, Unix-socket forwards)\n      fix: install a recent OpenSSH client'],
		[{subject: {kind: 'profile-file', path}, verdict: {kind: 'warn', cause: {kind: 'profile-missing'}}}, `WARN  profile file ${path}: does not exist yet\n      fix: run: tunnels init, or tunnels import -- ssh …`],
		[{subject: {kind: 'profile-file', path}, verdict: {kind: 'fail', cause: {kind: 'profile-invalid', problem: 'two\nlines', fix: 'fix it'}}}, `FAIL  profile file ${path}: two\n      lines\n      fix: fix it`],
		[{subject: {kind: 'profile-file', path}, verdict: {kind: 'pass', cause: {kind: 'profile-valid', tunnels: 2}}}, `pass  profile file ${path}: valid, only you can write it, 2 tunnels`],
		[
			{subject: {kind: 'profile-file', path}, verdict: {kind: 'warn', cause: {kind: 'profile-warning', issue: {severity: 'warning', file: 't.yaml', line: undefined, tunnel: undefined, field: undefined, message: 'odd', hint: undefined}}}},
			`WARN  profile file ${path}: t.yaml: warning: odd\n      fix: see the message`,
		],
		[{subject: {kind: 'socket-directory'}, verdict: {kind: 'pass', cause: {kind: 'socket-directory-ok'}}}, 'pass  control socket directory: yours alone (0700, not a symlink)'],
		[{subject: {kind: 'socket-directory'}, verdict: {kind: 'fail', cause: {kind: 'socket-directory-unusable', message: 'not yours', hint: 'remove it'}}}, 'FAIL  control socket directory: not yours\n      fix: remove it'],
		[{subject: {kind: 'observation'}, verdict: {kind: 'pass', cause: {kind: 'observation-backend', backend: {kind: 'proc', chosenBy: 'platform', platform: 'linux'}, lsof: false}}}, 'pass  processes and sockets: read from /proc, the default on linux; lsof not found'],
		[{subject: {kind: 'observation'}, verdict: {kind: 'pass', cause: {kind: 'observation-backend', backend: {kind: 'portable', chosenBy: 'forced', platform: 'linux'}, lsof: true}}}, 'pass  processes and sockets: read with ps and lsof (portable), as TUNNELS_OBSERVE says; lsof found'],
		[{subject: {kind: 'observation'}, verdict: {kind: 'fail', cause: {kind: 'lsof-missing', backend: {kind: 'portable', chosenBy: 'platform', platform: 'darwin'}}}}, 'FAIL  processes and sockets: read with ps and lsof (portable), the default on darwin, but lsof cannot be run: no listener can be seen, so no tunnel can be verified\n      fix: install lsof (macOS ships it; Debian: apt-get install lsof)'],
		[{subject: {kind: 'observation'}, verdict: {kind: 'fail', cause: {kind: 'observation-invalid', message: 'TUNNELS_OBSERVE must be proc or portable (or unset), not "x"', hint: 'unset it'}}}, 'FAIL  processes and sockets: TUNNELS_OBSERVE must be proc or portable (or unset), not "x"\n      fix: unset it'],
		[{subject: {kind: 'ssh-config', name: 'db', host: 'dbhost'}, verdict: {kind: 'fail', cause: {kind: 'config-unreadable', stderr: 'line 3: bad\n'}}}, 'FAIL  ssh config for db (dbhost): ssh -G failed: line 3: bad\n      fix: fix the ssh config file it names'],
		[{subject: {kind: 'ssh-config', name: 'db', host: 'dbhost'}, verdict: {kind: 'warn', cause: {kind: 'config-adds-forwards', forwards: ['LocalForward 1 [x]:2']}}}, 'WARN  ssh config for db (dbhost): your ssh config adds LocalForward 1 [x]:2 for this host: ssh sets them up in the tunnel too\n      fix: move them into the profile, or give the tunnel a host alias without them'],
		[{subject: {kind: 'ssh-config', name: 'db', host: 'dbhost'}, verdict: {kind: 'pass', cause: {kind: 'connects-to', destination: 'root@10.1.0.2:22', controlMaster: 'false'}}}, 'pass  ssh config for db (dbhost): connects to root@10.1.0.2:22'],
		[{subject: {kind: 'forwarding', name: 'db', target: undefined}, verdict: {kind: 'warn', cause: {kind: 'only-remote-forwards'}}}, 'WARN  forwarding on db: only remote forwards: no test channel is made for those\n      fix: run tunnels up, then tunnels check'],
		[{subject: {kind: 'forwarding', name: 'db', target: '10.1.0.2:3306'}, verdict: {kind: 'pass', cause: {kind: 'forwarding-allowed'}}}, 'pass  forwarding on db (test channel to 10.1.0.2:3306): the server allows forwarding and the target answers'],
		[{subject: {kind: 'forwarding', name: 'db', target: '10.1.0.2:3306'}, verdict: {kind: 'fail', cause: {kind: 'no-answer', withinMs: 30_000}}}, 'FAIL  forwarding on db (test channel to 10.1.0.2:3306): no answer within 30 s\n      fix: check the network path to the server'],
		[{subject: {kind: 'forwarding', name: 'db', target: '10.1.0.2:3306'}, verdict: {kind: 'fail', cause: {kind: 'forwarding-prohibited'}}}, 'FAIL  forwarding on db (test channel to 10.1.0.2:3306): the server does not allow port forwarding (administratively prohibited)\n      fix: ask for AllowTcpForwarding yes in the server\'s sshd_config'],
		[{subject: {kind: 'forwarding', name: 'db', target: '10.1.0.2:3306'}, verdict: {kind: 'fail', cause: {kind: 'ssh-failed', failure: {kind: 'connection-refused', line: 'x'}}}}, 'FAIL  forwarding on db (test channel to 10.1.0.2:3306): the server refused the connection: no sshd listens there\n      fix: check host and port, and that sshd runs'],
	];
	for (const [line, text] of cases) {
		assert.equal(doctorLineText(line), text);
	}
});
