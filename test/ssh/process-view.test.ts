import assert from 'node:assert/strict';
import {test} from 'node:test';
import {forward, tunnel} from '../support/builders.js';
import {buildSshArgv, channelProbeArgv, controlCommandArgv, type ManagedContext} from '../../src/ssh/argv.js';
import {holdsTunnels, viewSshProcess, type SshProcessView} from '../../src/ssh/process-view.js';


function context(spec: Partial<ManagedContext> = {}): ManagedContext {
	return {sshBinary: 'ssh', sshConfigFile: undefined, controlPath: '/run/user/1000/tunnels/mysql-b', logFile: '/run/user/1000/tunnels/.state/mysql-b.log', batch: true, ...spec};
}

function view(spec: Partial<SshProcessView>): SshProcessView {
	return {forwards: [], controlPath: undefined, master: false, controlClient: false, destination: undefined, ...spec};
}

test('reads back a managed tunnel\'s own argv', () => {
	const full = tunnel({
		gateway: true, port: 2222, identityFile: '/home/me/.ssh/id_ed25519', jump: ['bastion'],
		keepAlive: {interval: 10, countMax: 3}, options: [{keyword: 'Compression', value: 'yes'}],
		local: [forward(), forward({bind: '::1', port: 9907, host: 'fe80::2', hostPort: 5432})],
		remote: [forward({port: 9908})],
	});
	const cases: Array<[string, readonly string[], SshProcessView]> = [
		['scenario 1, as `up` spawns it',
			buildSshArgv(tunnel(), {kind: 'managed', context: context()}),
			view({forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], controlPath: '/run/user/1000/tunnels/mysql-b', master: true, destination: 'root@10.1.0.2'})],
		['every setting, with -F and a full ssh path',
			buildSshArgv(full, {kind: 'managed', context: context({sshBinary: '/usr/bin/ssh', sshConfigFile: '/tmp/t/ssh_config', batch: false})}),
			view({
				forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}, {flag: 'L', spec: '[::1]:9907:[fe80::2]:5432'}, {flag: 'R', spec: '9908:10.1.0.2:3306'}],
				controlPath: '/run/user/1000/tunnels/mysql-b', master: true, destination: 'root@10.1.0.2',
			})],
		['a `%` in the socket directory is escaped as `%%` on the command line and read back as `%`',
			buildSshArgv(tunnel({user: undefined, host: 'db'}), {kind: 'managed', context: context({controlPath: '/tmp/100%/tunnels/%h'})}),
			view({forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], controlPath: '/tmp/100%/tunnels/%h', master: true, destination: 'db'})],
	];
	for (const [name, argv, expected] of cases) {
		assert.deepEqual(viewSshProcess(argv), expected, name);
	}
});

test('the managed argv carries the escaped ControlPath that the view unescapes', () => {
	const argv = buildSshArgv(tunnel(), {kind: 'managed', context: context({controlPath: '/tmp/100%/x'})});
	assert.ok(argv.includes('ControlPath=/tmp/100%%/x'), argv.join(' '));
});

test('the tool\'s own control commands and channel probes are control clients, never tunnels', () => {
	const cases: Array<[string, readonly string[]]> = [
		['-O check', controlCommandArgv('root@10.1.0.2', context(), 'check')],
		['-O exit', controlCommandArgv('root@10.1.0.2', context(), 'exit')],
		['-W probe', channelProbeArgv('root@10.1.0.2', context(), '127.0.0.1', 9908)],
	];
	for (const [name, argv] of cases) {
		assert.deepEqual(viewSshProcess(argv), view({controlPath: '/run/user/1000/tunnels/mysql-b', controlClient: true, destination: 'root@10.1.0.2'}), name);
	}
});

test('reads hand-started ssh command lines the way ssh reads them', () => {
	const cases: Array<[string, readonly string[], SshProcessView]> = [
		['ssh -f -N -L',
			['ssh', '-f', '-N', '-L', '9906:10.1.0.2:3306', 'root@10.1.0.2'],
			view({forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}], destination: 'root@10.1.0.2'})],
		['bundled -gfNL with an attached value',
			['ssh', '-gfNL9906:a:1', 'h'],
			view({forwards: [{flag: 'L', spec: '9906:a:1'}], destination: 'h'})],
		['combined forms of the design\'s example',
			['ssh', '-g', '-f', '-NL', '0.0.0.0:23306:192.168.4.94:3306', 'user@host'],
			view({forwards: [{flag: 'L', spec: '0.0.0.0:23306:192.168.4.94:3306'}], destination: 'user@host'})],
		['-o LocalForward="1 a:2" (the shell removed the quotes)',
			['ssh', '-N', '-o', 'LocalForward=1 a:2', 'h'],
			view({forwards: [{flag: 'L', spec: '1:a:2'}], destination: 'h'})],
		['-o with a space instead of =, keyword in any case',
			['ssh', '-N', '-o', 'remoteforward 9908 10.1.0.2:3306', '-oDynamicForward=1081', 'h'],
			view({forwards: [{flag: 'R', spec: '9908:10.1.0.2:3306'}, {flag: 'D', spec: '1081'}], destination: 'h'})],
		['-D 1080',
			['ssh', '-f', '-N', '-D', '1080', 'proxy.example.com'],
			view({forwards: [{flag: 'D', spec: '1080'}], destination: 'proxy.example.com'})],
		['an interactive session forwards nothing',
			['ssh', 'host'],
			view({destination: 'host'})],
		['a remote command',
			['ssh', 'host', 'uptime'],
			view({destination: 'host'})],
		['options after the destination still count',
			['ssh', 'host', '-N', '-L', '9906:a:1'],
			view({forwards: [{flag: 'L', spec: '9906:a:1'}], destination: 'host'})],
		['-M and -S: a master of its own',
			['ssh', '-M', '-S', '/tmp/ctl-sock', '-f', '-N', '-L', '9906:a:1', 'host'],
			view({forwards: [{flag: 'L', spec: '9906:a:1'}], controlPath: '/tmp/ctl-sock', master: true, destination: 'host'})],
		['ControlMaster=auto with -N makes a master; the first ControlPath wins, %% unescaped',
			['ssh', '-N', '-o', 'ControlMaster=auto', '-o', 'ControlPath=~/.ssh/cm-%%-%r@%h:%p', '-o', 'ControlPath=/ignored', 'host'],
			view({controlPath: '~/.ssh/cm-%-%r@%h:%p', master: true, destination: 'host'})],
		['a session on a shared socket (ControlMaster=auto, a shell or a command) is no master (issue 13, item 3)',
			['ssh', '-o', 'ControlMaster=auto', '-o', 'ControlPath=/run/user/1000/tunnels/db', 'host', 'sleep', '600'],
			view({controlPath: '/run/user/1000/tunnels/db', destination: 'host'})],
		['-M without -N or forwards: an interactive master, never a tunnel',
			['ssh', '-M', '-S', '/run/user/1000/tunnels/db', 'host'],
			view({controlPath: '/run/user/1000/tunnels/db', destination: 'host'})],
		['ControlMaster=no is not a master',
			['ssh', '-o', 'ControlMaster=no', '-o', 'ControlPath=/tmp/s', 'host'],
			view({controlPath: '/tmp/s', destination: 'host'})],
		['ssh -S sock -O exit host: a control client',
			['ssh', '-S', 'sock', '-O', 'exit', 'host'],
			view({controlPath: 'sock', controlClient: true, destination: 'host'})],
		['ssh -W h:1 host: a control client',
			['ssh', '-W', 'h:1', 'host'],
			view({controlClient: true, destination: 'host'})],
		['/usr/bin/ssh by full path',
			['/usr/bin/ssh', '-f', '-N', '-R', '9908:10.1.0.2:3306', 'root@10.1.0.1'],
			view({forwards: [{flag: 'R', spec: '9908:10.1.0.2:3306'}], destination: 'root@10.1.0.1'})],
		['no destination',
			['ssh', '-V'],
			view({})],
	];
	for (const [name, argv, expected] of cases) {
		assert.deepEqual(viewSshProcess(argv), expected, name);
	}
});

test('anything that is not ssh, or not ssh\'s arguments, has no view', () => {
	const cases: Array<[string, readonly string[]]> = [
		['no argv (a zombie)', []],
		['another program', ['/usr/bin/python3', '-m', 'http.server', '9906']],
		['autossh', ['/usr/bin/autossh', '-M', '0', '-f', '-N', '-L', '9906:a:1', 'host']],
		['sshd after setproctitle', ['sshd: root@notty']],
		['a program whose name only ends in ssh', ['/usr/local/bin/myssh', '-L', '9906:a:1', 'host']],
		['an option ssh does not have', ['ssh', '-Z', 'host']],
		['a flag missing its value', ['ssh', 'host', '-L']],
	];
	for (const [name, argv] of cases) {
		assert.equal(viewSshProcess(argv), undefined, name);
	}
});

test('holdsTunnels: forwards on the command line, or a master of ours (a config tunnel\'s forwards are in the ssh config)', () => {
	const runtime = '/run/user/1000/tunnels';
	const cases: Array<[SshProcessView, boolean]> = [
		[view({forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}]}), true],
		[view({master: true, controlPath: `${runtime}/ssh:db`, destination: 'db'}), true],
		[view({master: true, controlPath: '/home/me/.ssh/cm-db', destination: 'db'}), false],
		[view({master: false, controlPath: `${runtime}/ssh:db`}), false],
		[view({master: true, controlPath: `${runtime}/sub/ssh:db`}), false],
		[view({controlClient: true, forwards: [{flag: 'L', spec: '9906:10.1.0.2:3306'}]}), false],
		[view({}), false],
	];
	for (const [seen, expected] of cases) {
		assert.equal(holdsTunnels(seen, runtime), expected, JSON.stringify(seen));
	}
});
