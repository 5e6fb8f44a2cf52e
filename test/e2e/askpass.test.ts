import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {promptKind} from '../../src/askpass/protocol.js';
import {startAskpassServer, type AskpassServer} from '../../src/askpass/server.js';
import type {Prompt} from '../../src/askpass/protocol.js';
import {askpassBinPath} from '../support/paths.js';
import {until} from '../support/wait.js';

test('a host key question is a confirmation; passwords, passphrases and codes are secrets', () => {
	const cases: Array<[string, string, 'confirm' | 'secret']> = [
		['The authenticity of host \'[127.0.0.1]:2222\' can\'t be established.\nED25519 key fingerprint is SHA256:x.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? ', '', 'confirm'],
		['Allow use of key /k?', 'confirm', 'confirm'],
		['root@127.0.0.1\'s password: ', '', 'secret'],
		['Enter passphrase for key \'/root/.ssh/id_ed25519\': ', '', 'secret'],
		['Verification code: ', '', 'secret'],
	];
	for (const [text, hint, expected] of cases) {
		assert.equal(promptKind({text, hint}), expected, text);
	}
});

let dir = '';
let server: AskpassServer;
const asked: Array<readonly Prompt[]> = [];
before(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'tunnels-askpass-'));
	server = await startAskpassServer({socketPath: path.join(dir, 'askpass.sock'), helper: askpassBinPath});
	server.onPrompts(prompts => asked.push(prompts));
});
after(async () => {
	await server.close();
	await rm(dir, {recursive: true, force: true});
});

/** Runs the real helper as ssh would: the prompt as its only argument, the server's environment. */
function helper(prompt: string, env: Record<string, string>) {
	return execa(askpassBinPath, [prompt], {env, reject: false, timeout: 10_000, stdin: 'ignore'});
}

async function nextPrompt(): Promise<Prompt> {
	return until(async () => asked.at(-1)?.[0], 5000, () => 'the helper never asked');
}

test('the helper passes ssh\'s prompt to the UI and prints the answer for ssh', async () => {
	asked.length = 0;
	const child = helper('root@127.0.0.1\'s password: ', server.envFor('db'));
	const prompt = await nextPrompt();
	assert.deepEqual({...prompt, id: 0}, {id: 0, tunnel: 'db', text: 'root@127.0.0.1\'s password: ', kind: 'secret'});
	server.answer(prompt.id, 'correct horse');
	const result = await child;
	assert.equal(result.exitCode, 0);
	assert.equal(result.stdout, 'correct horse');
	assert.deepEqual(asked.at(-1), [], 'the question is gone once answered');
});

test('cancelling makes the helper exit 1 with nothing on stdout: ssh gets no answer', async () => {
	asked.length = 0;
	const child = helper('Enter passphrase for key \'/k\': ', server.envFor('db'));
	server.answer((await nextPrompt()).id, undefined);
	const result = await child;
	assert.equal(result.exitCode, 1);
	assert.equal(result.stdout, '');
});

test('a helper that goes away (ssh killed) takes its question off the screen', async () => {
	asked.length = 0;
	const child = helper('Password: ', server.envFor('db'));
	await nextPrompt();
	child.kill('SIGKILL');
	await child;
	await until(async () => (asked.at(-1)?.length === 0 ? true : undefined), 2000, () => `still asked: ${JSON.stringify(asked.at(-1))}`);
});

test('run outside the UI, the helper refuses and says why', async () => {
	const result = await helper('Password: ', {});
	assert.equal(result.exitCode, 1);
	assert.match(result.stderr, /run by ssh from the tunnels UI only/);
});
