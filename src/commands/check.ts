import {checkTunnel} from '../core/check.js';
import {systemDeps} from '../core/system.js';
import {findTunnel, loadProfile, targetsOf, type GlobalOptions, type Io} from './context.js';

const marks = {pass: 'pass', fail: 'FAIL', skip: 'skip'} as const;

/** Prints each step with pass, FAIL or skip; exit status 1 when any step fails. */
export async function checkCommand(io: Io, globals: GlobalOptions, name: string, options: {readonly json?: boolean}): Promise<number> {
	const loaded = await loadProfile(io, globals);
	findTunnel(loaded, name);
	const targets = targetsOf(loaded);
	const target = targets.find(candidate => candidate.tunnel.name === name)!;
	const steps = await checkTunnel(systemDeps(loaded, io.uid), target, targets);
	if (options.json) {
		io.stdout(`${JSON.stringify({name, steps}, undefined, 2)}\n`);
	} else {
		for (const {label, result} of steps) {
			const hint = result.kind === 'fail' && result.hint !== undefined ? `\n       hint: ${result.hint}` : '';
			io.stdout(`${marks[result.kind]}  ${label}: ${result.detail}${hint}\n`);
		}
	}

	return steps.some(step => step.result.kind === 'fail') ? 1 : 0;
}
