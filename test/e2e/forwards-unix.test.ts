// Unix-socket forwards end to end: the real binary against a real sshd on 127.0.0.1. The "remote"
// socket is an echo server the test serves on a path (the server is this machine); it is reached
// through -L as a local socket and as a local TCP port, and -R publishes a socket here on a server
// port and a TCP target on a server socket.
import assert from 'node:assert/strict';
import {chmod, lstat, mkdir, readFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {after, afterEach, before, describe, test} from 'node:test';
import {freePort, roundTrip, startEchoServer, type EchoServer} from '../support/echo-server.js';
import {startSshd, type TestSshd} from '../support/sshd.js';
import {createWorld, upPid, type World} from '../support/tunnels.js';

const T = {timeout: 60_000};

/** An echo server on a Unix socket. */
async function echoOnSocket(socketPath: string): Promise<net.Server> {
	const server = net.createServer(socket => {
		socket.on('error', () => {});
		socket.pipe(socket);
	});
	await new Promise<void>(resolve => server.listen(socketPath, resolve));
	return server;
}

/** Writes `payload` to a Unix socket and resolves with as many bytes as came back (bounded). */
async function roundTripSocket(socketPath: string, payload: string, timeoutMs = 3000): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		const socket = net.connect({path: socketPath});
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`roundTripSocket ${socketPath}: timed out`));
		}, timeoutMs);
		const finish = () => {
			clearTimeout(timer);
			socket.destroy();
			resolve(Buffer.concat(chunks).toString('utf8'));
		};
		socket.on('connect', () => socket.write(payload));
		socket.on('data', chunk => {
			chunks.push(chunk);
			if (Buffer.concat(chunks).length >= Buffer.byteLength(payload)) finish();
		});
		socket.on('end', finish);
		socket.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

describe('Unix-socket forwards against a real sshd', () => {
	let sshd: TestSshd | undefined;
	let world: World | undefined;
	let echo: EchoServer | undefined;
	let remote: net.Server | undefined;
	let remoteSocket = '';

	before(async () => {
		[sshd, echo] = await Promise.all([startSshd(), startEchoServer('127.0.0.2')]);
		world = await createWorld(sshd);
		remoteSocket = path.join(world.sandbox.dir, 'remote.sock');
		remote = await echoOnSocket(remoteSocket);
	});
	afterEach(async () => world?.cleanup());
	after(async () => {
		remote?.close();
		await world?.dispose();
		await Promise.allSettled([sshd?.dispose(), echo?.close()]);
	});

	test('-L to a socket on the server, as a local socket and as a local port; -R from a local socket and to a server socket', T, async () => {
		assert.ok(world && echo);
		const dir = world.sandbox.dir;
		const [localPort, serverPort] = await Promise.all([freePort(), freePort()]);
		const localSocket = path.join(dir, 'l.sock');
		const serverSocket = path.join(dir, 'r.sock');
		await world.setTunnels({
			docker: {host: 'testhost', local: [`${localSocket}:${remoteSocket}`, `${localPort}:${remoteSocket}`]},
			publish: {host: 'testhost', remote: [`${serverPort}:${remoteSocket}`, {path: serverSocket, host: '127.0.0.2', hostPort: echo.port}]},
		});

		const print = await world.run(['print', 'docker']);
		assert.match(print.stdout, new RegExp(` -o StreamLocalBindUnlink=yes .* -L ${localSocket}:${remoteSocket} -L ${localPort}:${remoteSocket} -- testhost\\n$`));

		const up = await world.run(['up', 'docker', 'publish']);
		assert.equal(up.exitCode, 0, up.stderr);
		assert.match(up.stdout, new RegExp(`^docker up · pid \\d+ · L ${localSocket} → ${remoteSocket}, L 127\\.0\\.0\\.1:${localPort}.* → ${remoteSocket} via testhost`, 'm'));
		assert.match(up.stdout, new RegExp(`^publish up · pid \\d+ · R server:${serverPort} → ${remoteSocket}, R server:${serverSocket} → 127\\.0\\.0\\.2:${echo.port} via testhost`, 'm'));
		const pid = upPid(up.stdout, 'docker');

		assert.equal(await roundTripSocket(localSocket, 'socket to socket'), 'socket to socket');
		assert.equal(await roundTrip('127.0.0.1', localPort, 'port to socket'), 'port to socket');
		assert.equal(await roundTrip('127.0.0.1', serverPort, 'server port to a socket here'), 'server port to a socket here');
		assert.equal(await roundTripSocket(serverSocket, 'server socket to a port here'), 'server socket to a port here');

		const docker = await world.status('docker');
		assert.equal(docker.state, 'up');
		assert.deepEqual(docker.forwards?.map(forward => forward.bound), [[localSocket], ['127.0.0.1', '::1']]);
		// ssh makes its listening socket for the owner alone.
		assert.equal((await lstat(localSocket)).mode & 0o777, 0o600);

		const check = await world.run(['check', 'docker']);
		assert.equal(check.exitCode, 0, check.stdout);
		assert.match(check.stdout, new RegExp(`^pass  listener ${localSocket}: bound on ${localSocket} by pid ${pid}$`, 'm'));
		assert.match(check.stdout, new RegExp(`^skip  target ${remoteSocket} \\(on the server\\): not tested: ssh opens test channels to a host and port only$`, 'm'));
		const publish = await world.run(['check', 'publish']);
		assert.equal(publish.exitCode, 0, publish.stdout);
		assert.match(publish.stdout, new RegExp(`^pass  target ${remoteSocket} \\(here\\): answers here, where the server sends its connections$`, 'm'));

		const ls = await world.run(['ls']);
		assert.match(ls.stdout, new RegExp(`^docker +up +${pid} .* L ${localSocket} → ${remoteSocket} +testhost$`, 'm'));
	});

	test('a socket file someone listens on is theirs: nothing starts, the holder is named, their socket is untouched', T, async () => {
		assert.ok(world);
		const localSocket = path.join(world.sandbox.dir, 'held.sock');
		await world.setTunnels({docker: {host: 'testhost', local: [`${localSocket}:${remoteSocket}`]}});
		const theirs = await echoOnSocket(localSocket);
		try {
			const up = await world.run(['up', 'docker']);
			assert.equal(up.exitCode, 1);
			assert.match(up.stderr, new RegExp(`^error: docker: socket ${localSocket} is taken by pid ${process.pid} \\(.*\\); nothing was started$`, 'm'));
			assert.deepEqual(world.masters('docker'), []);
			assert.equal(await roundTripSocket(localSocket, 'still theirs'), 'still theirs', 'their socket is untouched');
		} finally {
			// close() unlinks the file; a stale socket left by a dead process stays, like ssh's.
			await new Promise<void>(resolve => theirs.close(() => resolve()));
		}
	});

	test('a directory that is missing, or that others may write to, refuses the start before ssh runs', T, async () => {
		assert.ok(world);
		const open = path.join(world.sandbox.dir, 'open');
		await mkdir(open, {recursive: true});
		await chmod(open, 0o777);
		await world.setTunnels({
			missing: {host: 'testhost', local: [`${world.sandbox.dir}/none/l.sock:${remoteSocket}`]},
			shared: {host: 'testhost', local: [`${open}/l.sock:${remoteSocket}`]},
		});
		const missing = await world.run(['up', 'missing']);
		assert.equal(missing.exitCode, 1);
		assert.equal(missing.stderr, `error: missing: socket ${world.sandbox.dir}/none/l.sock: its directory ${world.sandbox.dir}/none does not exist; nothing was started\n  hint: create it (mkdir -p ${world.sandbox.dir}/none), or pick a path in a directory that exists\n`);
		const shared = await world.run(['up', 'shared']);
		assert.equal(shared.exitCode, 1);
		assert.match(shared.stderr, new RegExp(`^error: shared: socket ${open}/l\\.sock: its directory ${open} is writable by others and not sticky`, 'm'));
		assert.deepEqual([...world.masters('missing'), ...world.masters('shared')], []);
	});

	test('a bad socket path is refused at load: file, line, tunnel, field; exit 2; nothing runs', T, async () => {
		assert.ok(world);
		await world.setTunnels({bad: {host: 'testhost', local: ['/tmp/a b.sock:/var/run/docker.sock'], dynamic: ['run/socks.sock']}});
		const text = await readFile(world.sandbox.profile, 'utf8');
		const line = (needle: string) => text.split('\n').findIndex(candidate => candidate.includes(needle)) + 1;
		const up = await world.run(['up', 'bad']);
		assert.equal(up.exitCode, 2);
		const file = world.sandbox.profile;
		assert.equal(up.stderr, [
			`${file}:${line('/tmp/a b.sock')}: error: tunnel \`bad\`, local[0]: listen socket path \`/tmp/a b.sock\` contains \` \``,
			'  hint: a socket path here is letters, digits and / . _ - + @ = , % ~',
			`${file}:${line('run/socks.sock')}: error: tunnel \`bad\`, dynamic[0]: listen socket path \`run/socks.sock\` is not absolute`,
			'  hint: write the whole path from `/`, e.g. /run/app.sock (ssh does not expand `~` here)',
			`error: 2 errors in ${file}; nothing was run`,
			'',
		].join('\n'));
		assert.deepEqual(world.masters('bad'), []);
	});
});
