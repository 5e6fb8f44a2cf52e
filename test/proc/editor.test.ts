import assert from 'node:assert/strict';
import {test} from 'node:test';
import {acceptsPlusLine, editorOf} from '../../src/proc/editor.js';

test('+LINE only for editors that read it as a line', () => {
	const cases: Array<[string, boolean]> = [['vi', true], ['/usr/bin/vim', true], ['nvim -u NONE', true], ['nano', true], ['emacsclient -t', true], ['code --wait', false], ['subl -w', false], ['ed', false], ['/opt/bin/helix', false]];
	assert.deepEqual(cases.map(([editor]) => [editor, acceptsPlusLine(editor)]), cases);
});

test('$VISUAL, then $EDITOR, then vi; empty counts as unset', () => {
	assert.equal(editorOf({VISUAL: 'code --wait', EDITOR: 'vim'}), 'code --wait');
	assert.equal(editorOf({VISUAL: ' ', EDITOR: 'nano'}), 'nano');
	assert.equal(editorOf({}), 'vi');
});
