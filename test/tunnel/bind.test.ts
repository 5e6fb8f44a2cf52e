import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bindNames, listenAddresses, type BindAddresses, type ListenAddresses} from '../../src/tunnel/bind.js';

const binds: BindAddresses = new Map([
	['vm', {kind: 'addresses', local: ['127.0.1.1'], elsewhere: []}],
	['both', {kind: 'addresses', local: ['127.0.0.1', '::1'], elsewhere: []}],
	['mixed', {kind: 'addresses', local: ['127.0.0.1'], elsewhere: ['192.0.2.7']}],
	['db-vm', {kind: 'addresses', local: [], elsewhere: ['10.1.0.2']}],
	['127.1', {kind: 'addresses', local: ['127.0.0.1'], elsewhere: []}],
	['gone', {kind: 'unresolved', code: 'ENOTFOUND'}],
]);

const at = (...addresses: string[]): ListenAddresses => ({kind: 'addresses', addresses});

test('listenAddresses: what ssh binds for each way of writing the bind', () => {
	const cases: Array<[string | undefined, boolean, ListenAddresses]> = [
		[undefined, false, at('127.0.0.1', '::1')],
		[undefined, true, at('0.0.0.0', '::')],
		['*', false, at('0.0.0.0', '::')],
		['', true, at('0.0.0.0', '::')],
		// ssh skips the lookup for `localhost`, spelled so, even with -g.
		['localhost', true, at('127.0.0.1', '::1')],
		['0.0.0.0', true, at('0.0.0.0')],
		['0:0:0:0:0:0:0:1', false, at('::1')],
		['::FFFF:127.0.0.1', false, at('::ffff:127.0.0.1')],
		['vm', false, at('127.0.1.1')],
		['vm', true, at('127.0.1.1')],
		['both', false, at('127.0.0.1', '::1')],
		['127.1', false, at('127.0.0.1')],
		// ssh's bind of an address this machine lacks fails and it goes on: only the local ones.
		['mixed', false, at('127.0.0.1')],
		// None local: ssh binds nothing, and nothing will be seen bound.
		['db-vm', false, at('10.1.0.2')],
		// Not resolving now: any address the tunnel's own process holds on the port.
		['gone', false, {kind: 'any'}],
		// Never looked up (words, warnings): the name as written, which no listener has.
		['other', false, at('other')],
	];
	for (const [bind, gateway, expected] of cases) {
		assert.deepEqual(listenAddresses({bind}, gateway, binds), expected, `bind ${String(bind)} gateway ${gateway}`);
	}
});

test('bindNames: only names and shorthands are looked up, each once', () => {
	assert.deepEqual(bindNames([
		{bind: undefined}, {bind: '*'}, {bind: ''}, {bind: 'localhost'}, {bind: '127.0.0.1'}, {bind: '0:0:0:0:0:0:0:1'},
		{bind: 'vm'}, {bind: '127.1'}, {bind: 'vm'}, {bind: 'LOCALHOST'},
	]), ['vm', '127.1', 'LOCALHOST']);
});
