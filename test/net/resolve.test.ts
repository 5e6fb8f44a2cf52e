// The bind lookup against this machine's own resolver: loopback names and literals only, and a
// name under .invalid (RFC 6761), which no resolver may answer.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {lookupBind} from '../../src/net/resolve.js';

test('a literal in any spelling comes back canonical, and loopback is this machine\'s', async () => {
	assert.deepEqual(await lookupBind('0:0:0:0:0:0:0:1', 2000), {kind: 'addresses', local: ['::1'], elsewhere: []});
	assert.deepEqual(await lookupBind('127.1', 2000), {kind: 'addresses', local: ['127.0.0.1'], elsewhere: []});
	// TEST-NET-1 (RFC 5737): an address no machine here has; ssh's bind of it fails.
	assert.deepEqual(await lookupBind('192.0.2.254', 2000), {kind: 'addresses', local: [], elsewhere: ['192.0.2.254']});
});

test('localhost resolves through the system\'s resolver to loopback', async () => {
	const found = await lookupBind('localhost', 2000);
	assert.equal(found.kind, 'addresses');
	assert.ok(found.kind === 'addresses' && found.local.includes('127.0.0.1') && found.elsewhere.length === 0, JSON.stringify(found));
});

test('a name that does not resolve says why', async () => {
	const found = await lookupBind('no-such-host.invalid', 5000);
	assert.equal(found.kind, 'unresolved');
	assert.ok(found.kind === 'unresolved' && ['ENOTFOUND', 'EAI_AGAIN', 'ETIMEOUT'].includes(found.code), JSON.stringify(found));
});
