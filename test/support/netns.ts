// Real routes for jump-host tests: four network namespaces made for one test run, in a line,
//
//   A ──10.231.1.0/24── B ──10.231.2.0/24── C ──10.231.3.0/24── D
//
// with an sshd in B, C and D (each on its address toward A, port 22) and an echo server on the
// loopback of C and of D. A reaches only B: A has no route beyond its own link and no namespace
// forwards packets (ip_forward is 0 in a new namespace), so the tool in A reaches C only by jumping
// through B, and D only through B and C. The addresses exist only inside these namespaces: both ends
// of each veth pair are made inside them, nothing is added to the machine's own network.
// Root only (`ip netns`); netnsUnavailable() says why not, for a skip.
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {cliEnvironment, type CliResult, type Sandbox} from './cli.js';
import {binPath} from './paths.js';
import {isAlive, signal, until} from './processes.js';
import {startSshd, type TestSshd} from './sshd.js';

export type Hop = 'A' | 'B' | 'C' | 'D';
export type Server = Exclude<Hop, 'A'>;

/** Each namespace's address on its link toward A (A's own: on its link to B). */
export const address: Readonly<Record<Hop, string>> = {A: '10.231.1.1', B: '10.231.1.2', C: '10.231.2.2', D: '10.231.3.2'};

export type Route = {
	/** the namespace names of this run (`ip netns exec NAME …`) */
	readonly names: Readonly<Record<Hop, string>>;
	readonly sshd: Readonly<Record<Server, TestSshd>>;
	/** a client config (for `ssh -F`) that reaches B, C and D by address, with each one's key */
	readonly sshConfigFile: string;
	/** the port of the echo server on 127.0.0.1 inside C and inside D */
	readonly echoPort: Readonly<Record<'C' | 'D', number>>;
	/** runs argv inside a namespace, bounded; never throws for an exit status */
	exec(hop: Hop, argv: readonly string[], options?: {readonly env?: Record<string, string | undefined>; readonly timeoutMs?: number}): Promise<CliResult>;
	/** `node bin/tunnels.js ARGS` inside A, with the sandbox's environment (as cli.ts runCli) */
	tunnels(sandbox: Sandbox, args: readonly string[]): Promise<CliResult>;
	/** echo-server.ts's roundTrip, run inside a namespace: what came back */
	roundTrip(hop: Hop, host: string, port: number, payload: string): Promise<string>;
	/** the PIDs of the processes inside a namespace */
	pids(hop: Hop): Promise<number[]>;
	/** ends every process inside the namespaces (by PID), the sshds with their sessions, then the namespaces */
	dispose(): Promise<void>;
};

const hops: readonly Hop[] = ['A', 'B', 'C', 'D'];
const links: ReadonlyArray<readonly [Hop, Hop, string]> = [['A', 'B', '10.231.1'], ['B', 'C', '10.231.2'], ['C', 'D', '10.231.3']];

/** Why namespaces cannot be made here (not root, no `ip`, no permission), or undefined when they can. */
export async function netnsUnavailable(): Promise<string | undefined> {
	if (process.platform !== 'linux') return 'network namespaces are Linux only';
	if (process.getuid?.() !== 0) return 'network namespaces need root (CI runs as root)';
	const probe = `tjprobe${process.pid}`;
	const added = await execa('ip', ['netns', 'add', probe], {reject: false, timeout: 10_000});
	if (added.exitCode !== 0) {
		return `\`ip netns add\` failed (${added.failed && added.exitCode === undefined ? 'ip not found: install iproute2' : added.stderr.trim() || `exit ${added.exitCode}`})`;
	}

	await execa('ip', ['netns', 'del', probe], {reject: false, timeout: 10_000});
	return undefined;
}

/** Makes the namespaces, links, sshds and echo servers; undoes what it made when a step fails. */
export async function createRoute(): Promise<Route> {
	const names = Object.fromEntries(hops.map(hop => [hop, `tj${process.pid}${hop.toLowerCase()}`])) as Record<Hop, string>;
	const made: Hop[] = [];
	const sshds: TestSshd[] = [];
	const echoes: number[] = [];
	const ip = async (...args: string[]): Promise<void> => {
		await execa('ip', args, {timeout: 10_000});
	};

	const exec: Route['exec'] = async (hop, argv, options = {}) => {
		const result = await execa('ip', ['netns', 'exec', names[hop], ...argv], {
			reject: false,
			stdin: 'ignore',
			stripFinalNewline: false,
			timeout: options.timeoutMs ?? 60_000,
			...(options.env === undefined ? {} : {env: options.env, extendEnv: false}),
		});
		return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)};
	};

	const pids = async (hop: Hop): Promise<number[]> => {
		const listed = await execa('ip', ['netns', 'pids', names[hop]], {reject: false, timeout: 10_000});
		return String(listed.stdout).split('\n').filter(Boolean).map(Number);
	};

	const dispose = async (): Promise<void> => {
		for (const pid of echoes) signal(pid, 'SIGKILL');
		await Promise.allSettled(sshds.map(async sshd => sshd.dispose()));
		for (const hop of made) {
			const left = await pids(hop);
			for (const pid of left) {
				signal(pid, 'SIGCONT');
				signal(pid, 'SIGKILL');
			}

			await until(() => left.every(pid => !isAlive(pid)), 5000);
			await execa('ip', ['netns', 'del', names[hop]], {reject: false, timeout: 10_000});
		}
	};

	try {
		for (const hop of hops) {
			await ip('netns', 'add', names[hop]);
			made.push(hop);
			await ip('-n', names[hop], 'link', 'set', 'lo', 'up');
		}

		// Both ends made inside the namespaces: `to-b` in A is A's end of the A–B link, and so on.
		for (const [near, far, net] of links) {
			const nearEnd = `to-${far.toLowerCase()}`;
			const farEnd = `to-${near.toLowerCase()}`;
			await ip('-n', names[near], 'link', 'add', nearEnd, 'type', 'veth', 'peer', 'name', farEnd, 'netns', names[far]);
			await ip('-n', names[near], 'addr', 'add', `${net}.1/24`, 'dev', nearEnd);
			await ip('-n', names[far], 'addr', 'add', `${net}.2/24`, 'dev', farEnd);
			await ip('-n', names[near], 'link', 'set', nearEnd, 'up');
			await ip('-n', names[far], 'link', 'set', farEnd, 'up');
		}

		const servers: Server[] = ['B', 'C', 'D'];
		const started = await Promise.all(servers.map(async hop => {
			const sshd = await startSshd({netns: names[hop], listenAddress: address[hop], port: 22});
			sshds.push(sshd);
			return sshd;
		}));
		const sshd = {B: started[0]!, C: started[1]!, D: started[2]!};
		const [echoC, echoD] = await Promise.all([startEcho(names.C), startEcho(names.D)]);
		echoes.push(echoC.pid, echoD.pid);
		const sshConfigFile = path.join(sshd.B.dir, 'route_ssh_config');
		await writeFile(sshConfigFile, clientConfig(sshd));
		const route: Route = {
			names,
			sshd,
			sshConfigFile,
			echoPort: {C: echoC.port, D: echoD.port},
			exec,
			tunnels: async (sandbox, args) => exec('A', [process.execPath, binPath, ...args], {env: cliEnvironment(sandbox.env)}),
			async roundTrip(hop, host, port, payload) {
				const script = `import {roundTrip} from ${JSON.stringify(new URL('echo-server.js', import.meta.url).href)};\n`
					+ `process.stdout.write(await roundTrip(${JSON.stringify(host)}, ${port}, ${JSON.stringify(payload)}));`;
				const result = await exec(hop, [process.execPath, '--input-type=module', '-e', script], {timeoutMs: 10_000});
				if (result.exitCode !== 0) throw new Error(`roundTrip in ${hop} to ${host}:${port}: ${result.stderr}`);
				return result.stdout;
			},
			pids,
			dispose,
		};
		return route;
	} catch (error) {
		await dispose();
		throw error;
	}
}

/** `Host ADDRESS` for each server, with its own key and known_hosts; ssh passes -F on to its jump children. */
function clientConfig(sshd: Readonly<Record<Server, TestSshd>>): string {
	return [
		'# written by test/support/netns.ts; use with ssh -F',
		...(['B', 'C', 'D'] as const).flatMap(hop => [
			`Host ${address[hop]}`,
			'\tPort 22',
			`\tUser ${sshd[hop].user}`,
			`\tIdentityFile "${sshd[hop].identityFile}"`,
			'\tIdentitiesOnly yes',
			`\tUserKnownHostsFile "${sshd[hop].knownHostsFile}"`,
			'\tStrictHostKeyChecking yes',
			'\tBatchMode yes',
			'',
		]),
	].join('\n');
}

/** An echo server (echo-server.ts's) on 127.0.0.1 inside a namespace, in a Node process of its own. */
async function startEcho(netns: string): Promise<{readonly pid: number; readonly port: number}> {
	const script = `import {startEchoServer} from ${JSON.stringify(new URL('echo-server.js', import.meta.url).href)};\n`
		+ 'const server = await startEchoServer(\'127.0.0.1\');\nprocess.stdout.write(`${server.port}\\n`);';
	// `ip netns exec` execs node in place: the PID is node's, ended by PID in dispose().
	const child = execa('ip', ['netns', 'exec', netns, process.execPath, '--input-type=module', '-e', script], {stdin: 'ignore', reject: false});
	const port = await new Promise<number>((resolve, reject) => {
		let text = '';
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			const line = /^(\d+)\n/.exec(text);
			if (line) resolve(Number(line[1]));
		});
		void child.then(result => reject(new Error(`echo server in ${netns} exited: ${String(result.stderr)}`)));
		setTimeout(() => reject(new Error(`echo server in ${netns} did not start within 10 s`)), 10_000).unref();
	});
	return {pid: child.pid!, port};
}
