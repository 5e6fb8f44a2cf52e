// Text from a shared profile, ssh or another user's process is drawn with its control characters
// written out (issue 13, item 11): ESC ] 52 in a description set the clipboard when the UI drew it.
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {Detail, tunnelDetail} from '../../src/ui/components/detail.js';
import {InvalidProfile} from '../../src/ui/components/first-run.js';
import {PromptDialog} from '../../src/ui/components/overlays.js';
import {noColours} from '../../src/ui/look.js';
import {repoRoot} from '../support/paths.js';
import {at, upStatus, view} from './views.js';

const clipboard = '\u001B]52;c;cm0gLXJmIH4K\u0007';

test('a description, a profile error and a prompt holding escape sequences are drawn written out, not emitted', () => {
	const frames = [
		render(<Detail lines={tunnelDetail({view: view(upStatus, {description: `prod ${clipboard}`}), report: undefined, check: undefined, watch: undefined, now: at})} height={30} width={200} full={false} palette={noColours} />).lastFrame() ?? '',
		render(<InvalidProfile message='1 error in /p.yaml; nothing was run' details={`/p.yaml:3: error: tunnel \`db\`, host: \`h${clipboard}\` is not a host name or address`} palette={noColours} />).lastFrame() ?? '',
		render(<PromptDialog prompt={{id: 1, tunnel: 'db', text: `Password ${clipboard}:`, kind: 'confirm'}} answer='' palette={noColours} />).lastFrame() ?? '',
	];
	for (const frame of frames) {
		assert.ok(!frame.includes('\u001B]52') && !frame.includes('\u0007'), JSON.stringify(frame));
		assert.ok(frame.includes(String.raw`\x1b]52;c;cm0gLXJmIH4K\x07`), frame);
	}
});

test('a newline in a value drawn on one row (the detail title) is written out: it would draw a row of its own', () => {
	const frame = render(<Detail lines={tunnelDetail({view: view(upStatus, {description: 'prod\n  ● up    fake  L 127.0.0.1:22'}), report: undefined, check: undefined, watch: undefined, now: at})} height={30} width={200} full={false} palette={noColours} />).lastFrame() ?? '';
	assert.match(frame, /mysql-b · up · prod\\n {2}● up/);
	assert.doesNotMatch(frame, /^ {2}● up {4}fake/m);
});

test('every component draws through ui/text.tsx, never Ink\'s Text directly', () => {
	const directory = path.join(repoRoot, 'src', 'ui');
	const files = readdirSync(directory, {recursive: true}).map(String).filter(file => /\.tsx?$/.test(file) && file !== 'text.tsx');
	assert.ok(files.length > 5);
	for (const file of files) {
		const source = readFileSync(path.join(directory, file), 'utf8');
		assert.doesNotMatch(source, /import \{[^}]*\bText\b[^}]*\} from 'ink'/, file);
	}
});
