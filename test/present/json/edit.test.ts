// Golden: `--json` of the editing commands. A public output: change it only on purpose.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {EditResult} from '../../../src/core/edit.js';
import {editJson} from '../../../src/present/json/edit.js';
import {tunnel} from '../../support/builders.js';

const edited = (request: Extract<EditResult, {kind: 'edited'}>['request'], after: unknown): Extract<EditResult, {kind: 'edited'}> => ({
	kind: 'edited',
	file: '/home/ana/.config/tunnels/tunnels.yaml',
	name: 'db',
	newName: request.kind === 'rm' ? undefined : request.kind === 'rename' ? request.to : 'db',
	request,
	before: {host: '10.1.0.2', local: ['9906:10.1.0.2:3306']},
	after,
	tunnel: tunnel({name: 'db'}),
	commandChanged: request.kind === 'set',
});

test('set on a running tunnel that was restarted: the entry before and after', () => {
	assert.equal(JSON.stringify(editJson(edited({kind: 'set', key: 'port', value: '2222'}, {host: '10.1.0.2', local: ['9906:10.1.0.2:3306'], port: 2222}), {pid: 4242, restarted: true, stopped: false}), undefined, 2), `{
  "file": "/home/ana/.config/tunnels/tunnels.yaml",
  "tunnel": "db",
  "action": "set",
  "before": {
    "host": "10.1.0.2",
    "local": [
      "9906:10.1.0.2:3306"
    ]
  },
  "after": {
    "host": "10.1.0.2",
    "local": [
      "9906:10.1.0.2:3306"
    ],
    "port": 2222
  },
  "commandChanged": true,
  "running": {
    "pid": 4242,
    "restarted": true,
    "stopped": false
  }
}`);
});

test('rename of a tunnel not running, and rm: no `after`', () => {
	assert.equal(JSON.stringify(editJson(edited({kind: 'rename', to: 'mysql'}, {host: '10.1.0.2', local: ['9906:10.1.0.2:3306']}), undefined)), '{"file":"/home/ana/.config/tunnels/tunnels.yaml","tunnel":"db","action":"rename","renamedTo":"mysql","before":{"host":"10.1.0.2","local":["9906:10.1.0.2:3306"]},"after":{"host":"10.1.0.2","local":["9906:10.1.0.2:3306"]},"commandChanged":false}');
	assert.equal(JSON.stringify(editJson(edited({kind: 'rm'}, undefined), {pid: 7, restarted: false, stopped: true})), '{"file":"/home/ana/.config/tunnels/tunnels.yaml","tunnel":"db","action":"rm","before":{"host":"10.1.0.2","local":["9906:10.1.0.2:3306"]},"commandChanged":false,"running":{"pid":7,"restarted":false,"stopped":true}}');
});
