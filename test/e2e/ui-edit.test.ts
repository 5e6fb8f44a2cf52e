// The UI's d and e in a real terminal (tmux), driving the real binary against a real sshd: d with
// its confirm stops the running tunnel and takes its entry out of the file, every other byte kept;
// e runs a scripted $EDITOR on the tunnel (the UI steps aside and comes back) and shows the change.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, test} from 'node:test';
import {freePort, roundTrip} from '../support/echo-server.js';
import {isAlive, until} from '../support/processes.js';
import {openTerminal, type Terminal} from '../support/terminal.js';
import {useWorld} from '../support/tunnels.js';

const T = {timeout: 90_000};

describe('the UI edits the profile in a real terminal', () => {
	const setup = useWorld();
	let terminal: Terminal | undefined;
	afterEach(async () => {
		await terminal?.close();
		terminal = undefined;
	});

	test('d with its confirm stops a running tunnel and removes its entry; e with $EDITOR changes the port, shown on return', T, async () => {
		const {world, sshd, echo} = setup();
		const [db, web, webNew] = await Promise.all([freePort(), freePort(), freePort()]);
		const dbEntry = `  db:   # runs now\n    host: testhost\n    local: [${db}:127.0.0.2:${echo.port}]\n`;
		const profile = `# my tunnels, by hand\nallowCommands: true\nsshConfig: ${sshd.sshConfigFile}\ntunnels:\n${dbEntry}  web:\n    host: testhost    # the web one\n    local:\n      - ${web}:127.0.0.2:${echo.port}\n# the end\n`;
		await mkdir(path.dirname(world.sandbox.profile), {recursive: true});
		await writeFile(world.sandbox.profile, profile, {mode: 0o600});
		const up = await world.run(['up', 'db']);
		assert.equal(up.exitCode, 0, up.stderr);
		const [pid] = world.masters('db');
		assert.ok(pid, 'db runs');

		// The editor is a shell script that changes web's port, as a person would in vi.
		const editor = path.join(world.sandbox.dir, 'edit-port');
		await writeFile(editor, `#!/bin/sh\nfor last; do :; done\nsed -i "s/- ${web}:/- ${webNew}:/" "$last"\n`);
		await chmod(editor, 0o755);
		terminal = await openTerminal({...world.sandbox.env, EDITOR: editor, VISUAL: ''});
		await terminal.waitFor(/› ● up +db/);

		await terminal.send(['d']);
		await terminal.waitFor(/remove db from the profile\?[\s\S]*it is running: it is stopped first, as tunnels rm does/);
		await terminal.send(['y']);
		await terminal.waitFor(new RegExp(`db: removed in \\S+tunnels\\.yaml *\\nstopped db \\(pid ${pid}\\)`));
		assert.equal(await readFile(world.sandbox.profile, 'utf8'), profile.replace(dbEntry, ''), 'only db\'s lines are gone');
		assert.ok(await until(() => !isAlive(pid), 5000), 'db\'s ssh is gone');
		assert.equal(existsSync(world.controlPath('db')), false, 'its control socket is gone');
		await terminal.waitFor(/› ○ down +web +L 127\.0\.0\.1:\d+/);

		await terminal.send(['e']);
		await terminal.waitFor(/tunnels\.yaml: 1 tunnel, saved/);
		await terminal.waitFor(new RegExp(`› ○ down +web +L 127\\.0\\.0\\.1:${webNew} → 127\\.0\\.0\\.2`));
		assert.equal(await readFile(world.sandbox.profile, 'utf8'), profile.replace(dbEntry, '').replace(`- ${web}:`, `- ${webNew}:`));

		// The UI reads keys again after the editor: web starts on its new port.
		await terminal.send(['Enter']);
		await terminal.waitFor(/› ● up +web/);
		assert.equal(await roundTrip('127.0.0.1', webNew, 'after the edit'), 'after the edit');
		await terminal.send(['q']);
		assert.ok(await until(async () => !(await terminal!.running()), 5000), 'q quits');
	});
});
