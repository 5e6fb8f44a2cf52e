import assert from 'node:assert/strict';
import {test} from 'node:test';
import {filesDirective} from '../../src/completion/complete.js';
import {completionScript, shells} from '../../src/completion/scripts.js';

test('every script asks the tool, with the words after `--`, and knows the files directive', () => {
	for (const shell of shells) {
		const script = completionScript(shell);
		assert.match(script, /command tunnels __complete -- /, shell);
		assert.ok(script.includes(filesDirective), shell);
		assert.ok(script.endsWith('\n'), shell);
		// Template literals must not have eaten a shell expansion.
		assert.doesNotMatch(script, /undefined/, shell);
	}

	assert.match(completionScript('bash'), /\ncomplete -F _tunnels_complete tunnels\n$/);
	assert.match(completionScript('zsh'), /^#compdef tunnels\n/);
	assert.match(completionScript('fish'), /\ncomplete -c tunnels -f -a '\(__tunnels_complete\)'\n$/);
});
