import assert from 'node:assert/strict';
import {test} from 'node:test';
import {testPaths} from '../support/builders.js';
import {addEntry, freeName, safeName} from '../../src/import/new-entry.js';

test('safeName: any text as a tunnel name', () => {
	const cases: Array<[string, string]> = [
		['db.example-15432', 'db.example-15432'],
		['[::1]-80', '1--80'],
		['me@host:22', 'me-host-22'],
		['---', 'tunnel'],
		['x'.repeat(80), 'x'.repeat(56)],
	];
	for (const [text, name] of cases) {
		assert.equal(safeName(text), name, text);
	}
});

test('freeName: the base, or the first free numbered one', () => {
	const text = 'tunnels:\n  db: {host: a}\n  db-2: {host: a}\n';
	assert.equal(freeName('db', undefined), 'db');
	assert.equal(freeName('pg', text), 'pg');
	assert.equal(freeName('db', text), 'db-3');
});

test('addEntry: the file\'s bytes kept, the entry validated; a taken --name is refused naming the file', () => {
	const existing = '# mine\ntunnels:\n  db:\n    host: a\n    local: [1:b:2]\n';
	const added = addEntry('/t/p.yaml', existing, {host: 'h', local: ['3:c:4']}, {name: undefined, baseName: 'h-3', isRoot: false, paths: testPaths});
	assert.equal(added.kind, 'ok');
	assert.equal(added.kind === 'ok' ? added.text : '', `${existing}  h-3:\n    host: h\n    local:\n      - 3:c:4\n`);
	assert.equal(added.kind === 'ok' ? added.tunnel.host : '', 'h');
	assert.deepEqual(addEntry('/t/p.yaml', existing, {host: 'h'}, {name: 'db', baseName: 'h', isRoot: false, paths: testPaths}), {kind: 'refused', refusal: {kind: 'name-taken', name: 'db', file: '/t/p.yaml'}});
});
