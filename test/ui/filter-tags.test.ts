import assert from 'node:assert/strict';
import {test} from 'node:test';
import {visibleTunnels} from '../../src/ui/model.js';
import {loaded, view} from './views.js';

test('the filter: @TAG matches the tag exactly, combined with words; text alone as before', () => {
	const tunnels = [view({kind: 'down'}, {name: 'db-a', tags: ['db']}), view({kind: 'down'}, {name: 'db-b', tags: ['dbx', 'prod']}), view({kind: 'down'}, {name: 'web', tags: ['prod']})];
	const names = (filter: string) => visibleTunnels({snapshot: loaded(tunnels), filter}).map(each => each.target.tunnel.name);
	assert.deepEqual(names('@db'), ['db-a']);
	assert.deepEqual(names('@prod'), ['db-b', 'web']);
	assert.deepEqual(names('@prod db'), ['db-b']);
	assert.deepEqual(names('@PROD'), ['db-b', 'web']);
	assert.deepEqual(names('db'), ['db-a', 'db-b']);
	assert.deepEqual(names('@nope'), []);
});
