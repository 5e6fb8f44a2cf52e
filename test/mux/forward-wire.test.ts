// The forward requests against the bytes OpenSSH 9.2's own `ssh -O forward|cancel` sent to a real
// master, and the master's answers (fixtures/mux/capture.mjs made the fixture).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import {parseDynamicForward, parseForward, parseRemoteForward} from '../../src/profile/forward.js';
import type {TunnelForward} from '../../src/profile/types.js';
import {decodeForwardAnswer, encodeCloseForward, encodeOpenForward} from '../../src/mux/forward-wire.js';
import {encodeHello} from '../../src/mux/wire.js';
import {fixturesDirectory} from '../support/paths.js';

type Captured = {
	readonly name: string;
	readonly op: 'forward' | 'cancel';
	readonly flag: '-L' | '-R' | '-D';
	readonly spec: string;
	readonly conversation: ReadonlyArray<{readonly from: 'client' | 'master'; readonly hex: string}>;
};

const captured = JSON.parse(readFileSync(join(fixturesDirectory, 'mux', 'forward-requests.json'), 'utf8')) as {readonly fixtures: readonly Captured[]};

function entryOf(flag: Captured['flag'], spec: string): TunnelForward {
	// A profile never asks for port 0 (the server's choice), but the wire carries it.
	if (spec === '127.0.0.1:0:127.0.0.1:80') {
		return {kind: 'remote', forward: {listen: {kind: 'tcp', bind: '127.0.0.1', port: 0}, target: {kind: 'tcp', host: '127.0.0.1', port: 80}}};
	}

	const parsed = flag === '-L' ? parseForward(spec) : flag === '-R' ? parseRemoteForward(spec) : parseDynamicForward(spec);
	assert.equal(parsed.kind, 'ok', `${flag} ${spec} does not parse`);
	if (parsed.kind !== 'ok') throw new Error('unreachable');
	// The three parses' results fit their own kind of forward only.
	return {kind: flag === '-L' ? 'local' : flag === '-R' ? 'remote' : 'dynamic', forward: parsed.forward} as TunnelForward;
}

/** Everything one side sent, after its HELLO (the first 12 bytes; OpenSSH sends no extensions). */
function sentBy(fixture: Captured, side: 'client' | 'master'): Buffer {
	const all = Buffer.concat(fixture.conversation.filter(chunk => chunk.from === side).map(chunk => Buffer.from(chunk.hex, 'hex')));
	assert.deepEqual(all.subarray(0, 12), encodeHello(), `${fixture.name}: ${side} HELLO`);
	return all.subarray(12);
}

const requestIdOf = (request: Buffer) => request.readUInt32BE(8);

describe('mux forward requests against OpenSSH\'s own client (captured bytes)', () => {
	assert.ok(captured.fixtures.length >= 15);
	for (const fixture of captured.fixtures) {
		test(`${fixture.op} ${fixture.flag} ${fixture.name}: our request is ssh's, byte for byte`, () => {
			const theirs = sentBy(fixture, 'client');
			const entry = entryOf(fixture.flag, fixture.spec);
			const ours = fixture.op === 'forward' ? encodeOpenForward(requestIdOf(theirs), entry) : encodeCloseForward(requestIdOf(theirs), entry);
			assert.equal(ours.toString('hex'), theirs.toString('hex'));
		});
	}

	test('the master\'s answers: OK, the allocated port, a failure with its reason', () => {
		const answers = new Map(captured.fixtures.map(fixture => {
			const body = sentBy(fixture, 'master').subarray(4);
			return [`${fixture.op} ${fixture.name}`, decodeForwardAnswer(body, requestIdOf(sentBy(fixture, 'client')))] as const;
		}));
		assert.deepEqual(answers.get('forward local tcp'), {kind: 'ok'});
		assert.deepEqual(answers.get('cancel dynamic'), {kind: 'ok'});
		const allocated = answers.get('forward remote allocated port');
		assert.equal(allocated?.kind, 'remote-port');
		assert.ok(allocated.kind === 'remote-port' && allocated.port > 1023);
		assert.deepEqual(answers.get('forward local port taken'), {kind: 'failure', reason: 'Port forwarding failed'});
	});

	test('an answer to another request, a short one, an unknown type: malformed', () => {
		const body = (...words: number[]) => Buffer.concat(words.map(value => {
			const buffer = Buffer.alloc(4);
			buffer.writeUInt32BE(value);
			return buffer;
		}));
		assert.equal(decodeForwardAnswer(body(0x80000001, 7), 8).kind, 'malformed');
		assert.equal(decodeForwardAnswer(body(0x80000001), 7).kind, 'malformed');
		assert.equal(decodeForwardAnswer(body(0x80000005, 7, 1), 7).kind, 'malformed');
		assert.equal(decodeForwardAnswer(body(0x80000003, 7), 7).kind, 'malformed');
		assert.deepEqual(decodeForwardAnswer(Buffer.concat([body(0x80000002, 7, 2), Buffer.from('no')]), 7), {kind: 'permission-denied', reason: 'no'});
	});
});
