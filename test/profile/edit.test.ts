import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parse} from 'yaml';
import {addTunnelToText} from '../../src/profile/edit.js';

const entry = {host: 'h', local: ['1:a:2']};

test('adding a tunnel keeps the rest of the file byte for byte, comments and alignment included', () => {
	const text = '# my tunnels\ntunnels:\n    db:          # the database\n        host: 10.1.0.2   # B\n        local: [9906:10.1.0.2:3306]   # -L\n# trailing comment\n';
	const result = addTunnelToText(text, 'new', entry);
	assert.equal(result, '# my tunnels\ntunnels:\n    db:          # the database\n        host: 10.1.0.2   # B\n        local: [9906:10.1.0.2:3306]   # -L\n    new:\n      host: h\n      local:\n        - 1:a:2\n# trailing comment\n');
	assert.deepEqual(parse(result).tunnels.new, entry);
});

test('a missing file, an empty map and a flow map all get a block entry', () => {
	assert.equal(addTunnelToText(undefined, 'n', entry), 'tunnels:\n  n:\n    host: h\n    local:\n      - 1:a:2\n');
	assert.equal(addTunnelToText('tunnels: {}\n', 'n', entry), 'tunnels:\n  n:\n    host: h\n    local:\n      - 1:a:2\n');
	const flow = addTunnelToText('# c\ntunnels: {a: {host: x, local: [1:a:2]}}\n', 'n', entry);
	assert.deepEqual(parse(flow).tunnels, {a: {host: 'x', local: ['1:a:2']}, n: entry});
	assert.match(flow, /^# c\n/);
});
