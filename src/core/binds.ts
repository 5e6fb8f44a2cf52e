import type {TcpListen} from '../profile/types.js';
import {bindNames, type BindAddresses} from '../tunnel/bind.js';
import type {Needs} from './deps.js';

/** Looks up, once and all at once, every bind name among these forwards (tunnel/bind.ts says which need it). */
export async function resolveBinds(deps: Needs<'lookupBind'>, forwards: ReadonlyArray<Pick<TcpListen, 'bind'>>): Promise<BindAddresses> {
	const names = bindNames(forwards);
	const lookups = await Promise.all(names.map(async name => deps.lookupBind(name)));
	return new Map(names.map((name, index) => [name, lookups[index]!]));
}
