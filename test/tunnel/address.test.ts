import assert from 'node:assert/strict';
import {test} from 'node:test';
import {canonicalAddress} from '../../src/tunnel/address.js';

test('canonicalAddress: every spelling of an address in the listeners\' one (RFC 5952), names and shorthands left to the resolver', () => {
	const cases: Array<[string, string | undefined]> = [
		['127.0.0.1', '127.0.0.1'],
		['0.0.0.0', '0.0.0.0'],
		['::1', '::1'],
		['0:0:0:0:0:0:0:1', '::1'],
		['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
		['::', '::'],
		['0:0:0:0:0:0:0:0', '::'],
		['FE80::0001', 'fe80::1'],
		['fe80::1%eth0', 'fe80::1'],
		['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
		['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
		['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
		['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
		['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
		['::ffff:127.0.0.1', '::ffff:127.0.0.1'],
		['0:0:0:0:0:FFFF:7F00:1', '::ffff:127.0.0.1'],
		['::127.0.0.1', '::7f00:1'],
		// Shorthands inet_aton takes, names, and what is no address at all: not literals here.
		['127.1', undefined],
		['0x7f.0.0.1', undefined],
		['010.0.0.1', undefined],
		['256.0.0.1', undefined],
		['localhost', undefined],
		['db-vm', undefined],
		['1::2::3', undefined],
		['1:2:3:4:5:6:7:8:9', undefined],
		['1:2:3:4:5:6:7', undefined],
		['1:2:3:4:5:6:7::8', undefined],
		['12345::', undefined],
		['', undefined],
	];
	for (const [text, expected] of cases) {
		assert.equal(canonicalAddress(text), expected, text);
	}
});
