import {checkTunnel} from '../core/check.js';
import {checkedDeps} from './effects.js';
import {checkStepText} from '../present/check.js';
import {checkJson} from '../present/json/check.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';
import {allTargetsOf, findTarget} from './targets.js';

/** Prints each step with pass, FAIL or skip; exit status 1 when any step fails. */
export async function checkCommand(io: Io, globals: GlobalOptions, name: string, options: {readonly json?: boolean}): Promise<number> {
	const loaded = await loadProfile(io, globals);
	const deps = await checkedDeps(loaded, io.uid);
	const {target, known} = await findTarget(loaded, name, async () => allTargetsOf(loaded, deps));
	const steps = await checkTunnel(deps, target, known);
	if (options.json) {
		io.stdout(`${JSON.stringify(checkJson(target.tunnel.name, steps), undefined, 2)}\n`);
	} else {
		for (const step of steps) {
			io.stdout(`${checkStepText(step)}\n`);
		}
	}

	return steps.some(step => step.result.kind === 'fail') ? 1 : 0;
}
