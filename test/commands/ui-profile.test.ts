import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {Io} from '../../src/commands/context.js';
import {fakeIo} from '../support/io.js';
import {rememberedProfile} from '../../src/commands/ui-profile.js';

function ioIn(dir: string): Io {
	return fakeIo({cwd: dir, home: dir, passwordHome: dir, uid: process.getuid?.() ?? 1000, tmpdir: dir});
}

const profileOf = (names: readonly string[]) => `tunnels:\n${names.map(name => `  ${name}:\n    host: example.org\n    local: ["9${name.length}06:localhost:3306"]\n`).join('')}`;

test('the UI\'s profile: the same object while the file is the same, loaded again after any change, a same-size one included', async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'tunnels-ui-profile-'));
	try {
		const file = path.join(dir, 'tunnels.yaml');
		await writeFile(file, profileOf(['aa']), {mode: 0o600});
		const load = rememberedProfile(ioIn(dir), {config: file});
		const first = await load();
		assert.equal(await load(), first, 'not parsed again');
		// As long as before, another name: only the file's times tell the change.
		await writeFile(file, profileOf(['bb']));
		const second = await load();
		assert.notEqual(second, first);
		assert.deepEqual(second.profile.tunnels.map(tunnel => tunnel.name), ['bb']);
		await writeFile(file, 'tunnels: [');
		await assert.rejects(load(), /error/, 'a broken file is no remembered one');
		await writeFile(file, profileOf(['cc']));
		assert.deepEqual((await load()).profile.tunnels.map(tunnel => tunnel.name), ['cc']);
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
});
