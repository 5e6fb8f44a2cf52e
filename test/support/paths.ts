import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The repository root, from the compiled test file's place in dist/test/support. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesDirectory = path.join(repoRoot, 'fixtures');
export const binPath = path.join(repoRoot, 'bin', 'tunnels.js');
export const askpassBinPath = path.join(repoRoot, 'bin', 'tunnels-askpass.js');
