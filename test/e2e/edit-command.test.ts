// `tunnels edit` with a scripted $EDITOR: the copy is validated before it is installed, an editor
// that fails changes nothing, a file changed meanwhile is not overwritten, the copy is kept and named.
import assert from 'node:assert/strict';
import {chmod, lstat, mkdir, readFile, readdir, rename, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {createSandbox, type Sandbox} from '../support/cli.js';
import {openTerminal} from '../support/terminal.js';

let sandbox: Sandbox;
let bin: string;
const profile = '# mine\ntunnels:\n  db:   # the database\n    host: 10.1.0.2\n    local: [9906:10.1.0.2:3306]\n  web:\n    host: 10.1.0.3\n    local: [8080:localhost:80]\n';

before(async () => {
	sandbox = await createSandbox({TUNNELS_SSH_CONFIG: 'none'});
	bin = path.join(sandbox.dir, 'bin');
	await mkdir(bin);
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
});
after(async () => sandbox.dispose());

/** An editor that is a shell script: `vi` by name (so it is given +LINE), recording its arguments. */
async function editor(name: string, body: string): Promise<string> {
	const file = path.join(bin, name);
	await writeFile(file, `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(path.join(sandbox.dir, 'editor-args'))}\n${body}\n`);
	await chmod(file, 0o755);
	return file;
}

const run = async (args: string[], editorPath: string) => sandbox.run(args, {EDITOR: `${editorPath} --wait`, VISUAL: '', TMPDIR: sandbox.dir});
const copies = async () => (await readdir(sandbox.dir)).filter(name => name.startsWith('tunnels-edit-'));

test('a valid change is installed; the editor opens at the tunnel\'s line, its own arguments split as git does', {timeout: 60_000}, async () => {
	await writeFile(sandbox.profile, profile, {mode: 0o600});
	const vi = await editor('vi', 'for last; do :; done; sed -i "s/host: 10.1.0.3/host: 10.1.0.9/" "$last"');
	const result = await run(['edit', 'web'], vi);
	assert.equal(result.exitCode, 0, result.stderr);
	assert.match(result.stdout, /tunnels\.yaml: 2 tunnels, saved\n$/);
	assert.equal(await readFile(sandbox.profile, 'utf8'), profile.replace('10.1.0.3', '10.1.0.9'));
	const args = (await readFile(path.join(sandbox.dir, 'editor-args'), 'utf8')).split('\n');
	assert.deepEqual(args.slice(0, 2), ['--wait', '+6']);
	assert.match(args[2]!, /tunnels-edit-\w+\/tunnels\.yaml$/);
	assert.deepEqual(await copies(), [], 'the copy is gone');
});

test('a copy that does not validate is never installed: without a terminal, exit 2 with the errors, the copy kept and named', {timeout: 60_000}, async () => {
	await writeFile(sandbox.profile, profile, {mode: 0o600});
	const broken = await editor('broken', 'for last; do :; done; sed -i "s/restart: .*//; s/host: 10.1.0.2/host: 10.1.0.2\\n    restart: allways/" "$last"');
	const result = await run(['edit'], broken);
	assert.equal(result.exitCode, 2);
	assert.match(result.stderr, /tunnels\.yaml:5: error: tunnel `db`, restart: must be always, on-failure or never, got `allways`\n {2}hint: did you mean `always`\?\n/);
	assert.match(result.stderr, /error: .*tunnels\.yaml was not changed: the edited copy does not validate\n {2}hint: your edited copy is kept: .*tunnels-edit-\w+\/tunnels\.yaml\n$/);
	assert.equal(await readFile(sandbox.profile, 'utf8'), profile);
	assert.equal((await copies()).length, 1);
});

test('an editor exiting non-zero changes nothing; a file changed meanwhile is not overwritten and the copy is named', {timeout: 60_000}, async () => {
	await writeFile(sandbox.profile, profile, {mode: 0o600});
	const failing = await editor('failing', 'for last; do :; done; echo "tunnels: {}" > "$last"; exit 3');
	const failed = await run(['edit'], failing);
	assert.equal(failed.exitCode, 1);
	assert.match(failed.stderr, /the editor exited with status 3; .*tunnels\.yaml was not changed\n/);
	assert.equal(await readFile(sandbox.profile, 'utf8'), profile);

	const meanwhile = `${profile}# someone else\n`;
	const racing = await editor('racing', `for last; do :; done; sed -i "s/10.1.0.3/10.1.0.8/" "$last"; echo '# someone else' >> ${JSON.stringify(sandbox.profile)}`);
	const raced = await run(['edit'], racing);
	assert.equal(raced.exitCode, 2, raced.stderr);
	assert.match(raced.stderr, /changed while this command ran; nothing was written\n {2}hint: your edited copy is kept: .*tunnels-edit-\w+\/tunnels\.yaml\n$/);
	assert.equal(await readFile(sandbox.profile, 'utf8'), meanwhile);

	const unknown = await run(['edit', 'wbe'], failing);
	assert.equal(unknown.exitCode, 2);
	assert.match(unknown.stderr, /no tunnel `wbe` in .*\n {2}hint: did you mean `web`\?\n$/);
});

test('edits through a profile that is a symlink write its target, keeping the link and the mode; edit too', {timeout: 60_000}, async () => {
	const target = path.join(sandbox.dir, 'dotfiles', 'tunnels.yaml');
	await mkdir(path.dirname(target), {recursive: true});
	await writeFile(target, profile, {mode: 0o640});
	await rename(sandbox.profile, path.join(sandbox.dir, 'replaced')).catch(() => undefined);
	await symlink(path.relative(path.dirname(sandbox.profile), target), sandbox.profile);
	const set = await sandbox.run(['set', 'web', 'port', '2222']);
	assert.equal(set.exitCode, 0, set.stderr);
	const vi = await editor('vi', 'for last; do :; done; sed -i "s/host: 10.1.0.2/host: 10.1.0.7/" "$last"');
	const edited = await run(['edit', 'db'], vi);
	assert.equal(edited.exitCode, 0, edited.stderr);
	assert.ok((await lstat(sandbox.profile)).isSymbolicLink());
	assert.equal((await stat(target)).mode & 0o777, 0o640);
	assert.equal(await readFile(target, 'utf8'), profile.replace('10.1.0.2', '10.1.0.7').replace('    local: [8080:localhost:80]\n', '    local: [8080:localhost:80]\n    port: 2222\n'));
});

test('on a terminal, a copy that does not validate shows its errors and offers the editor again; y, then a good edit, is saved', {timeout: 60_000}, async () => {
	await writeFile(sandbox.profile, profile, {mode: 0o600});
	const count = path.join(sandbox.dir, 'editor-runs');
	const kept = await copies(); // by the tests before
	// First run: a typo; second run: the typo fixed.
	const twice = await editor('twice', `for last; do :; done; echo run >> ${JSON.stringify(count)}; if [ "$(wc -l < ${JSON.stringify(count)})" -eq 1 ]; then sed -i "s/host: 10.1.0.3/host: 10.1.0.3\\n    restart: allways/" "$last"; else sed -i "s/allways/always/" "$last"; fi`);
	const terminal = await openTerminal({...sandbox.env, EDITOR: twice, VISUAL: '', TMPDIR: sandbox.dir}, {args: ['edit', 'web'], width: 250});
	try {
		await terminal.waitFor(/restart: must be always, on-failure or never, got `allways`[\s\S]*1 error: edit again\? \[y\/N\]/);
		await terminal.send(['y', 'Enter']);
		await terminal.waitFor(/tunnels\.yaml: 2 tunnels, saved/);
	} finally {
		await terminal.close();
	}

	assert.equal(await readFile(sandbox.profile, 'utf8'), profile.replace('    host: 10.1.0.3\n', '    host: 10.1.0.3\n    restart: always\n'));
	assert.deepEqual(await copies(), kept, 'the copy is gone');
});
