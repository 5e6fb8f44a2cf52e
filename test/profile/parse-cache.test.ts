import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {parseProfile} from '../../src/profile/parse.js';
import {cachedParse, cacheEntryFor, recordingEnv, type ParseInput} from '../../src/profile/parse-cache.js';
import {fixturesDirectory} from '../support/paths.js';

const text = `tunnels:
  db:
    host: db.example
    identityFile: \${KEYS}/id_db
    local: [5432:localhost:5432]
  web:
    description: the web tier
    host: web.example
    local: [8080:localhost:80]
    share: true
    keepAlive: {interval: 5, countMax: 2}
`;

function inputOf(overrides: Partial<Omit<ParseInput, 'context'>> & {env?: Record<string, string | undefined>; home?: string; isRoot?: boolean} = {}): ParseInput {
	return {
		text: overrides.text ?? text,
		file: overrides.file ?? '/home/me/.config/tunnels/tunnels.yaml',
		context: {isRoot: overrides.isRoot ?? false, paths: {home: overrides.home ?? '/home/me', env: overrides.env ?? {KEYS: '/home/me/keys', TERM: 'xterm'}}},
		build: overrides.build ?? 'build-1',
		platform: overrides.platform ?? 'linux',
	};
}

/** What loadProfile does on a miss: parse with the environment recorded, and the entry to keep. */
function parseAndKeep(input: ParseInput) {
	const recording = recordingEnv(input.context.paths.env);
	const parsed = parseProfile(input.text, input.file, {...input.context, paths: {...input.context.paths, env: recording.env}});
	return {parsed, entry: cacheEntryFor(input, recording.read(), parsed)};
}

test('a hit is exactly the parse, undefined fields and warnings included', () => {
	for (const input of [inputOf(), inputOf({text: readFileSync(path.join(fixturesDirectory, 'profiles', 'scenarios.yaml'), 'utf8')})]) {
		const {parsed, entry} = parseAndKeep(input);
		assert.equal(parsed.kind, 'ok');
		assert.ok(entry !== undefined);
		// deepStrictEqual tells a key set to undefined from a missing one.
		assert.deepStrictEqual(cachedParse(entry, input), parsed);
		assert.deepStrictEqual(parsed, parseProfile(input.text, input.file, input.context), 'recording the environment changes nothing');
	}

	const warned = inputOf({text: 'tunnels:\n  a:\n    host: h\n    local: [7001:x:1]\n  b:\n    host: h\n    local: [7001:y:2]\n'});
	const {parsed, entry} = parseAndKeep(warned);
	assert.ok(parsed.kind === 'ok' && parsed.warnings.length > 0, 'the fixture has a warning');
	assert.deepStrictEqual(cachedParse(entry!, warned), parsed);
});

test('any other input is a miss: the text (same length), the file, root, home, the build, the platform', () => {
	const {entry} = parseAndKeep(inputOf());
	assert.ok(entry !== undefined);
	const sameLength = text.replace('5432:localhost:5432', '5433:localhost:5432');
	assert.equal(sameLength.length, text.length);
	for (const other of [
		inputOf({text: sameLength}),
		inputOf({file: '/home/me/other.yaml'}),
		inputOf({isRoot: true}),
		inputOf({home: '/home/you'}),
		inputOf({build: 'build-2'}),
		inputOf({platform: 'darwin'}),
	]) {
		assert.equal(cachedParse(entry, other), undefined, JSON.stringify({...other, text: other.text === text ? 'same' : 'changed'}));
	}

	assert.ok(cachedParse(entry, inputOf()) !== undefined);
});

test('a variable the parse read must have the same value; one it did not read may change', () => {
	const {entry} = parseAndKeep(inputOf());
	assert.ok(entry !== undefined);
	assert.equal(cachedParse(entry, inputOf({env: {KEYS: '/elsewhere', TERM: 'xterm'}})), undefined);
	assert.equal(cachedParse(entry, inputOf({env: {TERM: 'xterm'}})), undefined, 'unset since');
	const hit = cachedParse(entry, inputOf({env: {KEYS: '/home/me/keys', TERM: 'screen', PWD: '/srv'}}));
	assert.equal(hit?.profile.tunnels[0]?.identityFile, '/home/me/keys/id_db');

	// A variable read while unset is kept as unset: setting it later is a miss.
	const unsetInput = inputOf({text: 'ssh: ${TOOLS}/ssh\ntunnels: {}\n', env: {}});
	const unset = parseAndKeep(unsetInput);
	assert.equal(unset.parsed.kind, 'invalid', 'an unset variable in a path is an error');
	assert.equal(unset.entry, undefined, 'an invalid profile is never kept');
	const optional = parseAndKeep(inputOf({text: 'tunnels: {}\n', env: {}}));
	assert.ok(optional.entry !== undefined);
});

test('a parse that lists the environment is not kept; an invalid profile is not kept', () => {
	const recording = recordingEnv({A: '1'});
	assert.equal(recording.env['A'], '1');
	assert.deepEqual(recording.read(), {A: '1'});
	assert.deepEqual(Object.keys(recording.env), ['A']);
	assert.equal(recording.read(), undefined);
	const input = inputOf();
	const parsed = parseProfile(input.text, input.file, input.context);
	assert.equal(cacheEntryFor(input, undefined, parsed), undefined);

	const invalid = inputOf({text: 'tunnels:\n  db:\n    host: h\n    local: [70000:x:1]\n'});
	assert.equal(parseAndKeep(invalid).entry, undefined);
});

test('a corrupt or foreign entry is a miss, never an error', () => {
	const {entry} = parseAndKeep(inputOf());
	assert.ok(entry !== undefined);
	const wrongShape = JSON.parse(entry) as Record<string, unknown>;
	wrongShape['result'] = {profile: {tunnels: 'no'}, warnings: []};
	for (const content of [
		'', '{', 'null', '[]', '"text"', '{}', entry.slice(0, entry.length / 2), entry.replace('tunnels-profile-cache-1', 'tunnels-profile-cache-0'),
		JSON.stringify(wrongShape), JSON.stringify({...wrongShape, env: 'KEYS'}),
	]) {
		assert.equal(cachedParse(content, inputOf()), undefined, content.slice(0, 40));
	}
});
