import assert from 'node:assert/strict';
import {test} from 'node:test';
import {testPaths} from '../support/builders.js';
import {parseProfile} from '../../src/profile/parse.js';
import {addTunnelToText} from '../../src/profile/edit.js';
import {buildSshArgv} from '../../src/ssh/argv.js';
import {parseSshArgv} from '../../src/ssh/parse-argv.js';
import {quoteCommand, splitCommandLine} from '../../src/ssh/quote.js';
import {invocationToSpec} from '../../src/import/from-ssh-command.js';

/** The whole import path: pasted line -> argv -> profile entry -> validated tunnel -> minimal line. */
function importLine(line: string, allowCommands = false): string {
	const split = splitCommandLine(line);
	assert.equal(split.kind, 'ok');
	const parsed = parseSshArgv(split.kind === 'ok' ? split.words.slice(1) : []);
	assert.equal(parsed.kind, 'ok', JSON.stringify(parsed));
	const spec = invocationToSpec(parsed.kind === 'ok' ? parsed.invocation : assert.fail(), {allowCommands});
	if (spec.kind === 'error') {
		return `error: ${spec.message}`;
	}

	const profile = parseProfile(addTunnelToText(undefined, 't', spec.spec as Record<string, unknown>), 'p', {isRoot: true, paths: testPaths});
	assert.equal(profile.kind, 'ok', JSON.stringify(profile));
	return quoteCommand(buildSshArgv(profile.kind === 'ok' ? profile.profile.tunnels[0]! : assert.fail(), {kind: 'minimal', sshConfigFile: undefined}));
}

test('pasted commands come back from print --minimal, normalized', () => {
	const cases: Array<[string, string]> = [
		['ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2', 'ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2'],
		['ssh -f -N -R 9906:10.1.0.2:3306 root@10.1.0.1', 'ssh -f -N -R 9906:10.1.0.2:3306 root@10.1.0.1'],
		['ssh -g -f -N -L 9906:10.1.0.3:3306 root@10.1.0.2', 'ssh -g -f -N -L 9906:10.1.0.3:3306 root@10.1.0.2'],
		['ssh -g -f -NL 0.0.0.0:23306:192.168.4.94:3306 user@host', 'ssh -g -f -N -L 0.0.0.0:23306:192.168.4.94:3306 user@host'],
		['ssh -L9906:db:5432 -p2222 -i ~/.ssh/k -J a,b -l me host', 'ssh -f -N -p 2222 -i /home/me/.ssh/k -J a,b -L 9906:db:5432 me@host'],
		['ssh -N ssh://me@example.com:2200 -L 1:a:2', 'ssh -f -N -p 2200 -L 1:a:2 me@example.com'],
		['ssh -o ServerAliveInterval=15 -o "ServerAliveCountMax 4" -C -R 8080:localhost:80 h', 'ssh -f -N -o ServerAliveInterval=15 -o ServerAliveCountMax=4 -o Compression=yes -R 8080:localhost:80 h'],
		['ssh -o ExitOnForwardFailure=yes -o LocalForward="1 a:2" -oGatewayPorts=yes h', 'ssh -g -f -N -L 1:a:2 h'],
		['ssh -o ProxyCommand="nc %h %p" -L 1:a:2 h', 'error: -o ProxyCommand makes ssh run a program'],
		// SOCKS: -D as ssh takes it (attached, bundled, with a bind, as -o), and -R without a target.
		['ssh -D 1080 h', 'ssh -f -N -D 1080 h'],
		['ssh -D127.0.0.1:1080 h', 'ssh -f -N -D 127.0.0.1:1080 h'],
		['ssh -fND 1080 me@h', 'ssh -f -N -D 1080 me@h'],
		['ssh -fND [::1]:1080 me@h', 'ssh -f -N -D \'[::1]:1080\' me@h'],
		['ssh -o DynamicForward=1081 -g -D 1080 h', 'ssh -g -f -N -D 1081 -D 1080 h'],
		['ssh -R 1080 -R 127.0.0.1:1081 h', 'ssh -f -N -R 1080 -R 127.0.0.1:1081 h'],
		['ssh -o "RemoteForward 1080" h', 'ssh -f -N -R 1080 h'],
		['ssh -D 1080:x:2 h', 'error: -D 1080:x:2: `1080:x:2` is not a SOCKS listener: a dynamic forward has no target'],
		['ssh -R /tmp/socks.sock h', 'error: -R /tmp/socks.sock: `/tmp/socks.sock`: ssh cannot serve a SOCKS proxy on a socket path on the server'],
		// Unix sockets on either end; `%%` is ssh's `%`.
		['ssh -NL /tmp/docker.sock:/var/run/docker.sock h', 'ssh -f -N -L /tmp/docker.sock:/var/run/docker.sock h'],
		['ssh -L 2375:/var/run/docker.sock h', 'ssh -f -N -L 2375:/var/run/docker.sock h'],
		['ssh -L 127.0.0.1:2375:/var/run/docker.sock h', 'ssh -f -N -L 127.0.0.1:2375:/var/run/docker.sock h'],
		['ssh -L /tmp/pg.sock:db:5432 h', 'ssh -f -N -L /tmp/pg.sock:db:5432 h'],
		['ssh -R /run/app.sock:localhost:8080 h', 'ssh -f -N -R /run/app.sock:localhost:8080 h'],
		['ssh -R 8080:/run/app.sock h', 'ssh -f -N -R 8080:/run/app.sock h'],
		['ssh -L "/tmp/a%%b.sock:/x.sock" h', 'ssh -f -N -L /tmp/a%%b.sock:/x.sock h'],
		['ssh -o "LocalForward /tmp/l.sock /r.sock" h', 'ssh -f -N -L /tmp/l.sock:/r.sock h'],
		['ssh -L tmp/a.sock:/r.sock h', 'error: -L tmp/a.sock:/r.sock: listen socket path `tmp/a.sock` is not absolute'],
		['ssh -L \'/tmp/${HOME}.sock:/r.sock\' h', 'error: -L /tmp/${HOME}.sock:/r.sock: listen socket path `/tmp/${HOME}.sock` contains `$` (ssh would expand it)'],
		['ssh -L 1:a:2 h uptime', 'error: `uptime` is a remote command; a tunnel runs none'],
		['ssh -N h', 'error: the command forwards nothing'],
		['ssh -L 1:a h', 'error: -L 1:a: `1:a` has no listen port'],
		['ssh -o Bogus=1 -L 1:a:2 h', 'error: -o Bogus: not an OpenSSH option'],
	];
	for (const [line, expected] of cases) {
		assert.equal(importLine(line), expected, line);
	}

	assert.equal(importLine('ssh -o ProxyCommand="nc %h %p" -L 1:a:2 h', true), 'ssh -f -N -o \'ProxyCommand=nc %h %p\' -L 1:a:2 h');
});
